import { useEffect, useState } from "react";
import { listAssets } from "../api/assets";
import { getProject } from "../api/projects";
import { ASSET_STATUSES, type AssetStatus } from "../api/types";
import { useAuth } from "../auth/AuthContext";
import { Breadcrumbs } from "../components/Breadcrumbs";
import { ErrorMessage } from "../components/ErrorMessage";
import { Pagination } from "../components/Pagination";
import { Spinner } from "../components/Spinner";
import { formatStatus } from "../lib/format";
import { useAsync, useInterval } from "../lib/hooks";
import { Link, setSearchParams, useLocation } from "../lib/router";
import { paths } from "../lib/routes";
import { AssetTile } from "./project/AssetTile";
import { QueuePanel } from "./queue/QueuePanel";
import { canLabel, canManageProject, canReview } from "../lib/roles";
import { ReviewHint } from "./queue/ReviewHint";
import { StartLabelingButton } from "./queue/StartLabelingButton";
import { DataEnginePanel } from "./project/DataEnginePanel";
import { JobsPanel } from "./project/JobsPanel";
import { UploadPanel } from "./project/UploadPanel";
import { SequencesPanel } from "../sequences/SequencesPanel";

const THUMB_POLL_MS = 2500;
// A thumbnail job that never runs (no worker, failed job) should not keep a fast poll forever.
const THUMB_POLL_SLOW_MS = 15000;
const THUMB_POLL_FAST_FOR_MS = 2 * 60 * 1000;

function parseStatus(value: string | null): AssetStatus | "" {
  return value && (ASSET_STATUSES as readonly string[]).includes(value) ? (value as AssetStatus) : "";
}

export function ProjectPage({ projectId }: { projectId: number }) {
  const { user } = useAuth();
  const { search } = useLocation();
  const status = parseStatus(search.get("status"));
  const page = Math.max(1, Number(search.get("page")) || 1);
  const [jobsKey, setJobsKey] = useState(0);

  const project = useAsync((signal) => getProject(projectId, signal), [projectId]);
  const assets = useAsync((signal) => listAssets(projectId, { status, page }, signal), [projectId, status, page]);
  // A labeler without labelers_see_all sees only the images handed to them: count those, as the list does.
  const restricted = project.data?.my_role === "labeler" && !project.data.settings.labelers_see_all;
  const handed = useAsync(
    async (signal) => (restricted ? (await listAssets(projectId, { pageSize: 1 }, signal)).count : null),
    [projectId, restricted],
  );
  const pendingThumbs = !!assets.data?.results.some((a) => !a.thumbnail_ready);
  const [pendingSince, setPendingSince] = useState<number | null>(null);
  useEffect(() => setPendingSince(pendingThumbs ? Date.now() : null), [pendingThumbs]);
  const [slowPoll, setSlowPoll] = useState(false);
  useEffect(() => {
    setSlowPoll(false);
    if (pendingSince === null) return;
    const t = window.setTimeout(() => setSlowPoll(true), THUMB_POLL_FAST_FOR_MS);
    return () => window.clearTimeout(t);
  }, [pendingSince]);
  // Thumbnails are made by a background job: poll the page until they are all there.
  useInterval(assets.reload, slowPoll ? THUMB_POLL_SLOW_MS : THUMB_POLL_MS, pendingThumbs && !assets.error);

  if (project.error && !project.data) {
    return (
      <div className="page">
        <Breadcrumbs items={[{ label: "Projects", to: paths.projects() }, { label: `#${projectId}` }]} />
        <ErrorMessage error={project.error} />
      </div>
    );
  }
  const p = project.data;
  const manager = canManageProject({ project: p, isStaff: user?.is_staff });
  const labeler = canLabel({ project: p, isStaff: user?.is_staff });
  const emptyText = status
    ? `No ${formatStatus(status)} images.`
    : manager
      ? "No images yet. Upload some above."
      : restricted
        ? "No images handed to you yet: Start labeling takes the next one from the queue."
        : "No images yet.";

  return (
    <div className="page page-wide">
      <Breadcrumbs items={[{ label: "Projects", to: paths.projects() }, { label: p?.name ?? "…" }]} />
      {!p ? (
        <Spinner />
      ) : (
        <div className="page-head">
          <div>
            <h1 data-testid="project-title">
              {p.name} {p.my_role && <span className="badge badge-role">{p.my_role}</span>}
            </h1>
            {p.description && <p className="page-desc">{p.description}</p>}
            <div className="muted small">
              <span data-testid="project-image-count">
                {restricted ? `${handed.data ?? "…"} of ${p.asset_count} images handed to you` : `${p.asset_count} images`}
              </span>{" "}
              · {p.settings.labels_per_asset ?? 1} label(s) per image · review {Math.round((p.settings.review_fraction ?? 0) * 100)}%
            </div>
            {(labeler || canReview({ project: p, isStaff: user?.is_staff })) && <ReviewHint projectId={p.id} />}
          </div>
          {/* Only what starts work: Review, Stats, Datasets and Settings are the header's tabs. */}
          <div className="page-actions">
            {labeler && <StartLabelingButton projectId={p.id} />}
            {canReview({ project: p, isStaff: user?.is_staff }) && (
              <Link to={paths.review(p.id)} className="btn" data-testid="project-review-link">
                Start reviewing
              </Link>
            )}
          </div>
        </div>
      )}

      <div className="project-layout">
        <div className="project-main">
          {manager && (
            <UploadPanel
              projectId={projectId}
              onUploaded={() => {
                assets.reload();
                project.reload();
                setJobsKey((k) => k + 1);
              }}
            />
          )}

          <SequencesPanel
            projectId={projectId}
            canUpload={manager}
            onDecoded={() => {
              assets.reload();
              project.reload();
              setJobsKey((k) => k + 1);
            }}
          />

          <div className="filter-bar" data-testid="status-filter">
            <span className="muted small">Status</span>
            {(["", ...ASSET_STATUSES] as const).map((s) => (
              <button
                key={s || "all"}
                type="button"
                className={`chip${status === s ? " chip-active" : ""}`}
                data-status={s || "all"}
                onClick={() => setSearchParams({ status: s || null, page: null })}
              >
                {s ? formatStatus(s) : "all"}
              </button>
            ))}
            {assets.data && <span className="muted small filter-count">{assets.data.count} image{assets.data.count === 1 ? "" : "s"}</span>}
          </div>

          <ErrorMessage error={assets.error} />
          {assets.loading && !assets.data && <Spinner />}
          {assets.data && assets.data.results.length === 0 && (
            <div className="empty" data-testid="asset-list-empty">
              {emptyText}
            </div>
          )}
          {assets.data && assets.data.results.length > 0 && (
            <div className="asset-grid" data-testid="asset-grid">
              {assets.data.results.map((a) => (
                <div key={a.id} className="asset-cell">
                  <AssetTile asset={a} />
                  {labeler && (
                  <Link to={paths.label(a.project, a.id)} className="asset-label-link" data-testid="asset-label-link" data-asset-id={a.id}>
                    Label
                  </Link>
                  )}
                </div>
              ))}
            </div>
          )}
          {assets.data && (
            <Pagination
              page={page}
              count={assets.data.count}
              pageLength={assets.data.results.length}
              hasNext={!!assets.data.next}
              hasPrevious={!!assets.data.previous}
              onPage={(n) => setSearchParams({ page: n > 1 ? n : null })}
            />
          )}
        </div>
        <aside className="project-side">
          {manager && <QueuePanel projectId={projectId} refreshKey={jobsKey} />}
          {manager && <DataEnginePanel projectId={projectId} onStarted={() => setJobsKey((k) => k + 1)} />}
          <JobsPanel projectId={projectId} project={project.data} refreshKey={jobsKey} onJobFinished={() => assets.reload()} />
        </aside>
      </div>
    </div>
  );
}
