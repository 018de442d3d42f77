import "../styles/workflow.css";
import { getProject } from "../api/projects";
import { useAsync } from "../lib/hooks";
import { Link } from "../lib/router";
import { paths, type Route } from "../lib/routes";
import { canManageProject, canReview, canSeeStats } from "../lib/roles";

/** Header links of the open project, shown by the caller's role in it. */
export function ProjectNav({ projectId, route, isStaff }: { projectId: number; route: Route["name"]; isStaff: boolean }) {
  const project = useAsync((signal) => getProject(projectId, signal), [projectId]);
  const p = project.data;
  if (!p) return null;
  const who = { project: p, isStaff };
  const links: { to: string; label: string; active: boolean; show: boolean; id: string }[] = [
    { to: paths.project(projectId), label: "Assets", active: route === "project" || route === "asset", show: true, id: "assets" },
    { to: paths.review(projectId), label: "Review", active: route === "review", show: canReview(who), id: "review" },
    { to: paths.stats(projectId), label: "Stats", active: route === "stats", show: canSeeStats(who), id: "stats" },
    // Every member sees versions and downloads exports; managers also start exports and imports there.
    { to: paths.datasets(projectId), label: "Datasets", active: route === "datasets", show: canSeeStats(who), id: "datasets" },
    { to: paths.projectSettings(projectId), label: "Settings", active: route === "projectSettings", show: canManageProject(who), id: "settings" },
  ];
  return (
    <span className="header-project-nav" data-testid="project-nav">
      <span className="header-project-name" title={p.name}>
        {p.name}
      </span>
      {links
        .filter((l) => l.show)
        .map((l) => (
          <Link key={l.id} to={l.to} className={l.active ? "active" : undefined} data-testid={`nav-${l.id}`} aria-current={l.active ? "page" : undefined}>
            {l.label}
          </Link>
        ))}
    </span>
  );
}
