import { useLayoutEffect, useState } from "react";
import { assetImageUrl, getAsset, listLabels, resultsOf } from "../api/assets";
import { getOntology, getProject } from "../api/projects";
import type { Asset, Label, OntologyClass } from "../api/types";
import { Breadcrumbs } from "../components/Breadcrumbs";
import { ErrorMessage } from "../components/ErrorMessage";
import { Spinner } from "../components/Spinner";
import { StatusBadge } from "../components/StatusBadge";
import { formatBytes, formatDate } from "../lib/format";
import { listReviews } from "../api/workflow";
import { useAsync } from "../lib/hooks";
import { Link } from "../lib/router";
import { paths } from "../lib/routes";
import { reviewNotice, type ReviewNotice } from "./label/reviewNotes";
import type { Review } from "../api/workflowTypes";
import { ReviewComments } from "./review/ReviewComments";
import { useAuth } from "../auth/AuthContext";
import { ThreadsPanel } from "../components/threads/ThreadsPanel";
import { canLabel } from "../lib/roles";
import { useThreadPins, type ThreadPins } from "../components/threads/useThreadPins";
import { clientToImage } from "./review/pinGeometry";
import { ThreadPinOverlay } from "./review/ThreadPinOverlay";

/** One image: the picture, its metadata and its labels. The labeling editor mounts here later. */
export function AssetPage({ projectId, assetId }: { projectId: number; assetId: number }) {
  const asset = useAsync((signal) => getAsset(assetId, signal), [assetId]);
  const project = useAsync((signal) => getProject(projectId, signal), [projectId]);
  const ontology = useAsync((signal) => getOntology(projectId, signal), [projectId]);
  const labels = useAsync(async (signal) => resultsOf(await listLabels(assetId, signal)), [assetId]);
  const { user } = useAuth();
  const threadPins = useThreadPins();
  const a = asset.data;
  const classes = new Map((ontology.data?.classes ?? []).map((c) => [c.id, c]));

  return (
    <div className="page page-wide">
      <Breadcrumbs
        items={[
          { label: "Projects", to: paths.projects() },
          { label: project.data?.name ?? "…", to: paths.project(projectId) },
          { label: a?.name ?? `#${assetId}` },
        ]}
      />
      <ErrorMessage error={asset.error} />
      {!a && !asset.error && <Spinner />}
      {a && (
        <div className="asset-layout">
          <div className="asset-stage" data-testid="asset-stage">
            <AssetImage asset={a} threadPins={threadPins} />
          </div>
          <aside>
            <section className="panel">
              <h2 title={a.name} style={{ overflowWrap: "anywhere" }}>
                {a.name}
              </h2>
              <Link to={paths.label(projectId, a.id)} className="btn btn-primary" data-testid="asset-label-button">
                Label this image
              </Link>
              <dl className="kv">
                <dt>Status</dt>
                <dd>
                  <StatusBadge status={a.status} />
                </dd>
                <dt>Size</dt>
                <dd>
                  {a.width}×{a.height} px · {formatBytes(a.size_bytes)}
                </dd>
                <dt>Uploaded</dt>
                <dd>{formatDate(a.created_at)}</dd>
                <dt>SHA-256</dt>
                <dd>
                  <code title={a.sha256}>{a.sha256.slice(0, 16)}…</code>
                </dd>
              </dl>
            </section>
            <section className="panel" data-testid="asset-labels">
              <h2>Labels</h2>
              <ErrorMessage error={labels.error} />
              {labels.data && labels.data.length === 0 && <div className="muted small">No labels yet.</div>}
              {labels.data?.map((l) => (
                <LabelSummary key={l.id} label={l} classes={classes} image={{ url: assetImageUrl(a.id), width: a.width, height: a.height, status: a.status }} />
              ))}
            </section>
            <section className="panel">
              <ThreadsPanel
                projectId={projectId}
                assetId={a.id}
                canWrite={canLabel({ project: project.data, isStaff: user?.is_staff })}
                pickPoint={threadPins.pickPoint}
                onThreads={threadPins.setThreads} selected={threadPins.selected}
              />
            </section>
          </aside>
        </div>
      )}
    </div>
  );
}

/** The picture with its pinned comment threads drawn where they were put; while "Pin a point" waits, a click picks it. */
function AssetImage({ asset, threadPins }: { asset: Asset; threadPins: ThreadPins }) {
  const [img, setImg] = useState<HTMLImageElement | null>(null);
  const [shownWidth, setShownWidth] = useState(0);
  useLayoutEffect(() => {
    if (!img) return;
    const measure = () => setShownWidth(img.clientWidth);
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(img);
    return () => observer.disconnect();
  }, [img]);
  return (
    <div
      className={`asset-frame${threadPins.picking ? " asset-frame-picking" : ""}`}
      data-testid="asset-frame"
      onClick={(e) => {
        if (!threadPins.picking) return;
        const point = clientToImage(e.clientX, e.clientY, e.currentTarget.getBoundingClientRect(), asset.width, asset.height);
        if (point) threadPins.finishPick(point);
      }}
    >
      <img src={assetImageUrl(asset.id)} alt={asset.name} data-testid="asset-image" ref={setImg} />
      {shownWidth > 0 && (
        <ThreadPinOverlay threadPins={threadPins} width={asset.width} height={asset.height} displayWidth={shownWidth} />
      )}
      {threadPins.picking && <span className="thread-pick-hint">Click where the comment is about · Esc cancels</span>}
    </div>
  );
}

type ImageInfo = { url: string; width: number; height: number; status: Asset["status"] };

function LabelSummary({ label, classes, image }: { label: Label; classes: Map<number, OntologyClass>; image: ImageInfo }) {
  const reviews = useAsync((signal) => listReviews(label.id, signal), [label.id]);
  const notice = reviews.data ? reviewNotice(reviews.data, image.status) : null;
  // The review's outcome where there is one ("submitted" beside "Accepted by ..." read as a contradiction).
  const status = notice?.kind === "accepted" ? "accepted" : notice?.kind === "rework" ? "rework" : label.status;
  const perClass = new Map<number, number>();
  for (const o of label.objects) perClass.set(o.class, (perClass.get(o.class) ?? 0) + 1);
  return (
    <div className="job-row" data-testid="label-summary" data-label-id={label.id}>
      <div className="job-row-head">
        <span className="job-kind">
          {label.author.username} · rev {label.revision}
        </span>
        <span data-testid="label-summary-status" data-status={status}>
          <StatusBadge status={status} />
        </span>
      </div>
      <div className="muted small">
        {label.objects.length} object(s) · ontology v{label.ontology_version} · {Math.round(label.time_spent_s)} s ·{" "}
        {formatDate(label.updated_at)}
      </div>
      <div className="small" style={{ display: "flex", flexWrap: "wrap", gap: 8, marginTop: 4 }}>
        {[...perClass.entries()].map(([id, n]) => {
          const c = classes.get(id);
          return (
            <span key={id}>
              <span className="class-swatch" style={{ background: c?.color ?? "#999" }} /> {c?.name ?? `class ${id}`} × {n}
            </span>
          );
        })}
      </div>
      {reviews.error != null ? <ErrorMessage error={reviews.error} /> : notice && reviews.data && <LabelReviews reviews={reviews.data} notice={notice} image={image} />}
    </div>
  );
}

/** The label's reviews: the newest as one line (rework waiting or not), then each with its comment and pins. */
function LabelReviews({ reviews, notice, image }: { reviews: Review[]; notice: ReviewNotice; image: ImageInfo }) {
  return (
    <div className="asset-label-reviews" data-testid="asset-label-reviews">
      <p className={`small review-notice review-notice-${notice.kind}`} data-testid="asset-review-notice" data-kind={notice.kind}>
        {notice.text}
      </p>
      <ReviewComments reviews={reviews} image={image} />
    </div>
  );
}
