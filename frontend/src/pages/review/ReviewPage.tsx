import "../../styles/workflow.css";
import { useEffect, useMemo, useState } from "react";
import { assetImageUrl } from "../../api/assets";
import { getOntology, getProject } from "../../api/projects";
import type { Label, Ontology, OntologyClass } from "../../api/types";
import { listReviews, releaseClaim } from "../../api/workflow";
import type { Pin, QueueItem, Review } from "../../api/workflowTypes";
import { useAuth } from "../../auth/AuthContext";
import { Breadcrumbs } from "../../components/Breadcrumbs";
import { ErrorMessage } from "../../components/ErrorMessage";
import { Spinner } from "../../components/Spinner";
import { StatusBadge } from "../../components/StatusBadge";
import { useAsync } from "../../lib/hooks";
import { Link, navigate } from "../../lib/router";
import { paths } from "../../lib/routes";
import { canReview } from "../queue/roles";
import { parseColor, type Rgb } from "./maskOverlay";
import { ObjectPanel } from "./ObjectPanel";
import { ReviewCanvas, type Zoom } from "./ReviewCanvas";
import { ReviewComments } from "./ReviewComments";
import { ReviewForm } from "./ReviewForm";
import { useReviewQueue } from "./useReviewQueue";

/** /projects/:id/review: claim the next label to review, judge it, move on. */
export function ReviewPage({ projectId }: { projectId: number }) {
  const { user } = useAuth();
  const project = useAsync((signal) => getProject(projectId, signal), [projectId]);
  const ontology = useAsync((signal) => getOntology(projectId, signal), [projectId]);
  const p = project.data;
  const allowed = !!p && canReview({ project: p, isStaff: user?.is_staff });
  const queue = useReviewQueue(projectId, allowed);
  const [done, setDone] = useState<string | null>(null);

  const crumbs = (
    <Breadcrumbs items={[{ label: "Projects", to: paths.projects() }, { label: p?.name ?? `#${projectId}`, to: paths.project(projectId) }, { label: "Review" }]} />
  );
  const head = (
    <div className="page-head review-head">
      <h1>Review</h1>
      {done && (
        <div className="alert alert-success review-done" role="status" data-testid="review-done">
          {done}
        </div>
      )}
    </div>
  );

  const { state } = queue;
  let body;
  if (project.error) {
    body = <ErrorMessage error={project.error} />;
  } else if (p && !allowed) {
    body = <div className="alert alert-error">Only reviewers and managers review in this project; your role is {p.my_role ?? "none"}.</div>;
  } else if (state.kind === "loading" || (state.kind === "item" && !ontology.data && !ontology.error)) {
    body = <Spinner label="Claiming the next label to review…" />;
  } else if (state.kind === "empty") {
    body = (
      <div className="empty" data-testid="review-empty">
        <p>Nothing to review right now.</p>
        <div className="form-actions" style={{ justifyContent: "center" }}>
          <button type="button" className="btn" onClick={queue.next}>
            Check again
          </button>
          <Link to={paths.project(projectId)} className="btn btn-ghost">
            Back to the project
          </Link>
        </div>
      </div>
    );
  } else if (state.kind === "error") {
    body = (
      <>
        <div className="alert alert-error" role="alert" data-testid="review-error">
          {state.message}
        </div>
        <button type="button" className="btn" onClick={queue.next}>
          Try again
        </button>
      </>
    );
  } else if (ontology.error || !ontology.data) {
    body = <ErrorMessage error={ontology.error} />;
  } else {
    body = (
      <ReviewItemView
        key={state.item.claim.id}
        projectId={projectId}
        item={state.item}
        ontology={ontology.data}
        claimLost={queue.claimLost}
        refreshLabel={queue.refreshLabel}
        onDone={(message) => {
          setDone(message);
          queue.next();
        }}
        onSkipped={() => {
          setDone(`Skipped image #${state.item.asset.id}.`);
          queue.next();
        }}
      />
    );
  }

  return (
    <div className="page page-wide review-page">
      {crumbs}
      {head}
      {body}
    </div>
  );
}

interface ItemProps {
  projectId: number;
  item: QueueItem;
  ontology: Ontology;
  claimLost: string | null;
  refreshLabel: () => Promise<number | null>;
  onDone: (message: string) => void;
  onSkipped: () => void;
}

function ReviewItemView({ projectId, item, ontology, claimLost, refreshLabel, onDone, onSkipped }: ItemProps) {
  const label = item.label as Label;
  const { asset } = item;
  const reviews = useAsync((signal) => listReviews(label.id, signal), [label.id]);
  const [opacity, setOpacity] = useState(0.45);
  const [zoom, setZoom] = useState<Zoom>("fit");
  const [hidden, setHidden] = useState<ReadonlySet<number>>(new Set());
  const [hover, setHover] = useState(-1);
  const [pins, setPins] = useState<Pin[]>([]);
  const [selectedPin, setSelectedPin] = useState<number | null>(null);
  const [shownReview, setShownReview] = useState<number | null>(null);
  const [fixedRevision, setFixedRevision] = useState<number | null>(null);
  const [fixOpen, setFixOpen] = useState(false);
  const [releaseError, setReleaseError] = useState<unknown>(null);

  const classes = useMemo(() => new Map<number, OntologyClass>(ontology.classes.map((c) => [c.id, c])), [ontology]);
  const masks = useMemo(() => label.objects.map((o) => o.mask), [label]);
  const colors = useMemo<(Rgb | null)[]>(
    () => label.objects.map((o, i) => (hidden.has(i) ? null : parseColor(classes.get(o.class)?.color))),
    [label, classes, hidden],
  );

  // Earlier pins: those of the review picked in the list, the newest with pins by default.
  const earlier: readonly Review[] = reviews.data ?? [];
  const defaultShown = [...earlier].reverse().find((r) => r.pins.length > 0)?.id ?? null;
  const shownId = shownReview ?? defaultShown;
  const earlierPins = earlier.find((r) => r.id === shownId)?.pins ?? [];

  // After "Fix" opened the labeling page in another tab: coming back reloads the label.
  useEffect(() => {
    if (!fixOpen) return;
    const onFocus = () => {
      refreshLabel()
        .then((revision) => revision !== null && revision !== item.label?.revision && setFixedRevision(revision))
        .catch(() => undefined);
    };
    window.addEventListener("focus", onFocus);
    return () => window.removeEventListener("focus", onFocus);
  }, [fixOpen, refreshLabel, item.label?.revision]);

  const toggle = (i: number) =>
    setHidden((h) => {
      const next = new Set(h);
      if (next.has(i)) next.delete(i);
      else next.add(i);
      return next;
    });

  const releaseAndLeave = async () => {
    try {
      await releaseClaim(item.claim.id);
      navigate(paths.project(projectId));
    } catch (err) {
      setReleaseError(err);
    }
  };

  return (
    <div className="review-layout" data-testid="review-item" data-label-id={label.id} data-asset-id={asset.id}>
      <div className="review-main">
        <div className="review-toolbar">
          <span className="review-asset-name" title={asset.name}>
            {asset.name}
          </span>
          <StatusBadge status={asset.status} />
          <span className="muted small">
            {asset.width}×{asset.height} · label #{label.id} rev {label.revision} by <strong>{label.author.username}</strong>
          </span>
          <span className="spacer" />
          <label className="review-opacity">
            <span className="muted small">Mask opacity</span>
            <input
              type="range"
              min={0}
              max={1}
              step={0.05}
              value={opacity}
              data-testid="review-opacity"
              onChange={(e) => setOpacity(Number(e.target.value))}
            />
          </label>
          <select value={String(zoom)} onChange={(e) => setZoom(e.target.value === "fit" ? "fit" : Number(e.target.value))} aria-label="Zoom">
            <option value="fit">Fit</option>
            <option value="1">100%</option>
            <option value="2">200%</option>
            <option value="4">400%</option>
          </select>
        </div>
        {claimLost && (
          <div className="alert alert-error" role="alert">
            {claimLost}
          </div>
        )}
        <ReviewCanvas
          imageUrl={assetImageUrl(asset.id)}
          width={asset.width}
          height={asset.height}
          masks={masks}
          colors={colors}
          opacity={opacity}
          highlight={hover}
          zoom={zoom}
          pins={pins}
          earlierPins={earlierPins}
          selectedPin={selectedPin}
          onSelectPin={setSelectedPin}
          onImageClick={(point) => {
            setPins((ps) => [...ps, { ...point, text: "" }]);
            setSelectedPin(pins.length);
          }}
        />
        <div className="muted small review-hint">Click on the image to pin a note where something needs fixing. Numbered blue pins are yours; orange ones are from earlier reviews.</div>
      </div>
      <aside className="review-side">
        <section className="panel">
          <ReviewForm
            label={label}
            pins={pins}
            setPins={setPins}
            selectedPin={selectedPin}
            setSelectedPin={setSelectedPin}
            fixedRevision={fixedRevision}
            claimId={item.claim.id}
            onFix={() => {
              setFixOpen(true);
              window.open(paths.labelFix(projectId, asset.id, label.id, item.claim.id), "_blank", "noopener");
            }}
            onDone={onDone}
            onSkipped={onSkipped}
          />
          <div className="review-leave">
            <button type="button" className="btn btn-sm btn-ghost" onClick={() => void releaseAndLeave()}>
              Release and leave
            </button>
          </div>
          <ErrorMessage error={releaseError} onDismiss={() => setReleaseError(null)} />
        </section>
        <section className="panel">
          <h2>Objects ({label.objects.length})</h2>
          <ObjectPanel label={label} classes={classes} hidden={hidden} onToggle={toggle} onHover={setHover} />
        </section>
        <section className="panel">
          <h2>Earlier reviews</h2>
          <ErrorMessage error={reviews.error} />
          {reviews.data && (
            <ReviewComments reviews={reviews.data} selectedId={shownId} onSelect={(r) => setShownReview(r.id)} emptyText="This label has not been reviewed before." />
          )}
        </section>
      </aside>
    </div>
  );
}
