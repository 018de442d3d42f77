import { getProject } from "../api/projects";
import { useAuth } from "../auth/AuthContext";
import { Breadcrumbs } from "../components/Breadcrumbs";
import { ErrorMessage } from "../components/ErrorMessage";
import { Spinner } from "../components/Spinner";
import { useAsync } from "../lib/hooks";
import { canManageProject } from "../lib/roles";
import { Link, setSearchParams, useLocation } from "../lib/router";
import { paths } from "../lib/routes";
import { BucketsPanel } from "./settings/BucketsPanel";
import { GeneralSettings } from "./settings/GeneralSettings";
import { MembersPanel } from "./settings/MembersPanel";
import { OntologyEditor } from "./settings/OntologyEditor";
import { WebhooksPanel } from "./settings/WebhooksPanel";

const TABS = [
  { id: "ontology", label: "Ontology" },
  { id: "members", label: "Members" },
  { id: "general", label: "General" },
  { id: "webhooks", label: "Webhooks" },
  { id: "buckets", label: "Buckets" },
] as const;
type TabId = (typeof TABS)[number]["id"];

export function ProjectSettingsPage({ projectId }: { projectId: number }) {
  const { user } = useAuth();
  const { search } = useLocation();
  const tab: TabId = TABS.find((t) => t.id === search.get("tab"))?.id ?? "ontology";
  const project = useAsync((signal) => getProject(projectId, signal), [projectId]);
  const p = project.data;
  const readOnly = !canManageProject({ project: p, isStaff: user?.is_staff });

  return (
    <div className="page">
      <Breadcrumbs
        items={[
          { label: "Projects", to: paths.projects() },
          { label: p?.name ?? "…", to: paths.project(projectId) },
          { label: "Settings" },
        ]}
      />
      <div className="page-head">
        <h1>Settings</h1>
      </div>
      {p && readOnly && (
        // Nothing here is usable without the manager role: say so instead of a page of greyed controls.
        <div className="empty" data-testid="settings-managers-only">
          Only the project&apos;s managers change its settings; your role is {p.my_role ?? "none"}.{" "}
          <Link to={paths.project(projectId)}>Back to the project</Link>
        </div>
      )}
      {p && !readOnly && (
      <div className="tabs" role="tablist">
        {TABS.map((t) => (
          <button
            key={t.id}
            type="button"
            role="tab"
            aria-selected={tab === t.id}
            data-testid={`tab-${t.id}`}
            className={`tab${tab === t.id ? " tab-active" : ""}`}
            onClick={() => setSearchParams({ tab: t.id === "ontology" ? null : t.id })}
          >
            {t.label}
          </button>
        ))}
      </div>
      )}
      {!!project.error && !p && <ErrorMessage error={project.error} />}
      {!p && !project.error && <Spinner />}
      {p && !readOnly && tab === "ontology" && <OntologyEditor projectId={projectId} readOnly={readOnly} />}
      {p && !readOnly && tab === "members" && <MembersPanel projectId={projectId} readOnly={readOnly} myUserId={user?.id} />}
      {p && !readOnly && tab === "general" && <GeneralSettings key={p.id} project={p} readOnly={readOnly} onSaved={project.setData} />}
      {p && !readOnly && tab === "webhooks" && <WebhooksPanel projectId={projectId} />}
      {p && !readOnly && tab === "buckets" && <BucketsPanel projectId={projectId} />}
    </div>
  );
}
