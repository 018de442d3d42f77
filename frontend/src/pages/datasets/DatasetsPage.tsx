import "../../styles/datasets.css";
import { useMemo, useState } from "react";
import { listVersions } from "../../api/datasets";
import { getOntology, getProject } from "../../api/projects";
import { useAuth } from "../../auth/AuthContext";
import { Breadcrumbs } from "../../components/Breadcrumbs";
import { ErrorMessage } from "../../components/ErrorMessage";
import { Spinner } from "../../components/Spinner";
import { useAsync } from "../../lib/hooks";
import { canManageProject, canReview } from "../../lib/roles";
import { paths } from "../../lib/routes";
import { DatasetJobsPanel } from "./DatasetJobsPanel";
import { ExportPanel, type ExportPrefill } from "./ExportPanel";
import { ImportPanel } from "./ImportPanel";
import { VersionsPanel } from "./VersionsPanel";

/** Exports, imports and dataset versions of one project. Managers start jobs; every member sees versions. */
export function DatasetsPage({ projectId }: { projectId: number }) {
  const { user } = useAuth();
  const [versionsPage, setVersionsPage] = useState(1);
  const [jobsKey, setJobsKey] = useState(0);
  const [prefill, setPrefill] = useState<ExportPrefill | null>(null);

  const project = useAsync((signal) => getProject(projectId, signal), [projectId]);
  const ontology = useAsync((signal) => getOntology(projectId, signal), [projectId]);
  const versions = useAsync((signal) => listVersions(projectId, versionsPage, signal), [projectId, versionsPage]);

  const classNames = useMemo(() => new Map((ontology.data?.classes ?? []).map((c) => [c.id, c.name])), [ontology.data]);
  const topClassId = ontology.data && ontology.data.classes.length > 0 ? Math.max(...ontology.data.classes.map((c) => c.id)) : null;
  const bumpJobs = () => setJobsKey((k) => k + 1);

  const p = project.data;
  const crumbs = [{ label: "Projects", to: paths.projects() }, { label: p?.name ?? `#${projectId}`, to: paths.project(projectId) }, { label: "Datasets" }];
  if (project.error && !p) {
    return (
      <div className="page">
        <Breadcrumbs items={crumbs} />
        <ErrorMessage error={project.error} />
      </div>
    );
  }
  if (!p) {
    return (
      <div className="page page-wide">
        <Breadcrumbs items={crumbs} />
        <Spinner />
      </div>
    );
  }
  const manager = canManageProject({ project: p, isStaff: user?.is_staff });
  const canCompare = canReview({ project: p, isStaff: user?.is_staff });

  return (
    <div className="page page-wide datasets-page" data-testid="datasets-page">
      <Breadcrumbs items={crumbs} />
      <div className="page-head">
        <div>
          <h1>Datasets</h1>
          <div className="muted small">
            Take labeled data out in any listed format, bring datasets or predictions in, and freeze named versions. Exports and
            imports run on the workers: follow them here and under “Recent exports &amp; imports”.
          </div>
        </div>
      </div>
      <div className="datasets-layout">
        <div className="datasets-main">
          {manager ? (
            <div className="datasets-io">
              <ExportPanel
                projectId={projectId}
                versions={versions.data?.results ?? []}
                topClassId={topClassId}
                prefill={prefill}
                onStarted={bumpJobs}
                onFinished={bumpJobs}
              />
              <ImportPanel
                projectId={projectId}
                onStarted={bumpJobs}
                onFinished={() => {
                  bumpJobs();
                  ontology.reload(); // "add unknown classes" may have made a new ontology version
                }}
              />
            </div>
          ) : (
            <div className="alert alert-info" data-testid="datasets-readonly">
              Exports and imports are started by the project's managers. You can browse
              {canCompare ? " and compare " : " "}the dataset versions below.
            </div>
          )}
          <VersionsPanel
            projectId={projectId}
            manager={manager}
            canCompare={canCompare}
            versions={versions.data}
            loading={versions.loading}
            error={versions.error}
            page={versionsPage}
            onPage={setVersionsPage}
            onCreated={() => {
              if (versionsPage === 1) versions.reload();
              else setVersionsPage(1);
            }}
            onExport={(name) => setPrefill({ version: name, nonce: Date.now() })}
            classNames={classNames}
          />
        </div>
        <aside className="datasets-side">
          <DatasetJobsPanel projectId={projectId} project={p} refreshKey={jobsKey} />
        </aside>
      </div>
    </div>
  );
}
