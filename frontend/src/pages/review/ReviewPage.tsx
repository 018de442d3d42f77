import "../../styles/workflow.css";
import { useEffect, useImperativeHandle, useMemo, useRef, useState, type Ref } from "react";
import { assetImageUrl } from "../../api/assets";
import { getOntology, getProject } from "../../api/projects";
import type { Label, Ontology, OntologyClass } from "../../api/types";
import { listLabelScores } from "../../api/quality";
import { listReviews, releaseClaim } from "../../api/workflow";
import type { Pin, QueueItem, Review } from "../../api/workflowTypes";
import { useAuth } from "../../auth/AuthContext";
import { Breadcrumbs } from "../../components/Breadcrumbs";
import { ErrorMessage } from "../../components/ErrorMessage";
import { Spinner } from "../../components/Spinner";
import { StatusBadge } from "../../components/StatusBadge";
import { useAsync } from "../../lib/hooks";
import { Link, navigate, useLocation } from "../../lib/router";
import { paths } from "../../lib/routes";
import { HelpOverlay, type HelpNote } from "../label/HelpOverlay";
import { canReview } from "../../lib/roles";
import { CONSENSUS_KEYMAP } from "./consensusLogic";
import { ConsensusView } from "./ConsensusView";
import { parseColor, type Rgb } from "./maskOverlay";
import { ObjectPanel } from "./ObjectPanel";
import { ReviewCanvas, type Zoom } from "./ReviewCanvas";
import { ReviewComments } from "./ReviewComments";
import { ReviewForm, type ReviewFormHandle } from "./ReviewForm";
import { ReviewTabs } from "./ReviewTabs";
import { frameSummary } from "./reviewLogic";
import {
  enabledReviewActions,
  keyOf,
  REVIEW_KEYMAP,
  stepOpacity,
  stepZoom,
  ZOOM_LEVELS,
  type ReviewAction,
  type ReviewKeyState,
} from "./reviewShortcuts";
import { useReviewQueue } from "./useReviewQueue";
import { useReviewShortcuts } from "./useReviewShortcuts";
import { ThreadsPanel } from "../../components/threads/ThreadsPanel";
import { formatScore } from "../stats/statsFormat";
import { useThreadPins } from "../../components/threads/useThreadPins";
import { ThreadPinOverlay } from "./ThreadPinOverlay";
import { ReviewHint } from "../queue/ReviewHint";

/** The help overlay's second column on this page. */
const REVIEW_NOTES: readonly HelpNote[] = [
  ["Click on the image", "Pin a note where something needs fixing"],
  ["Ctrl+Enter in the comment or a pin note", "Reject, sending the comment and pins"],
  ["Enter in the skip reason", "Skip to the next item"],
];

/** The item's part of the shortcuts: its view state, and the actions it runs. */
interface ReviewItemHandle {
  keyState(): Pick<ReviewKeyState, "busy" | "masksShown" | "outlineOnly" | "zoom">;
  run(action: ReviewAction): void;
}

/** No item on screen: its actions are off. */
const NO_ITEM: ReturnType<ReviewItemHandle["keyState"]> = { busy: true, masksShown: false, outlineOnly: false, zoom: "fit" };

/** /projects/:id/review: claim the next label to review, judge it, move on. */
export function ReviewPage({ projectId }: { projectId: number }) {
  const { user } = useAuth();
  const project = useAsync((signal) => getProject(projectId, signal), [projectId]);
  const ontology = useAsync((signal) => getOntology(projectId, signal), [projectId]);
  const p = project.data;
  const allowed = !!p && canReview({ project: p, isStaff: user?.is_staff });
  // Consensus projects (k > 1 labels per asset) get a second tab: settle which label is the answer.
  const hasConsensus = (p?.settings.labels_per_asset ?? 1) > 1;
  const { search } = useLocation();
  const consensusTab = hasConsensus && search.get("tab") === "consensus";
  const queue = useReviewQueue(projectId, allowed && !consensusTab);
  const [done, setDone] = useState<string | null>(null);
  const [help, setHelp] = useState(false);
  const itemRef = useRef<ReviewItemHandle>(null);

  const crumbs = (
    <Breadcrumbs items={[{ label: "Projects", to: paths.projects() }, { label: p?.name ?? `#${projectId}`, to: paths.project(projectId) }, { label: "Review" }]} />
  );
  const head = (
    <div className="page-head review-head">
      <h1>Review</h1>
      <div style={{ display: "flex", alignItems: "center", gap: 8 }}>
        {done && (
          <div className="alert alert-success review-done" role="status" data-testid="review-done">
            {done}
          </div>
        )}
        <button type="button" className="btn btn-sm" data-testid="review-help" title="Keyboard shortcuts (?)" onClick={() => setHelp(true)}>
          ?
        </button>
      </div>
    </div>
  );

  const { state } = queue;
  let body;
  // What the shortcuts act on: "next" checks an empty or failed queue again, or skips the item.
  let view: ReviewKeyState["view"] = "other";
  if (project.error) {
    body = <ErrorMessage error={project.error} />;
  } else if (p && !allowed) {
    body = <div className="alert alert-error">Only reviewers and managers review in this project; your role is {p.my_role ?? "none"}.</div>;
  } else if (consensusTab) {
    body = ontology.data ? (
      <ConsensusView projectId={projectId} ontology={ontology.data} userId={user?.id} helpOpen={help} onDone={setDone} />
    ) : ontology.error ? (
      <ErrorMessage error={ontology.error} />
    ) : (
      <Spinner />
    );
  } else if (state.kind === "loading" || (state.kind === "item" && !ontology.data && !ontology.error)) {
    body = <Spinner label="Claiming the next label to review…" />;
  } else if (state.kind === "empty") {
    view = "empty";
    body = (
      <div className="empty" data-testid="review-empty">
        <p>Nothing to review right now.</p>
        <ReviewHint projectId={projectId} />
        <div className="form-actions" style={{ justifyContent: "center" }}>
          <button type="button" className="btn" onClick={queue.next} title={`Check again (${keyOf("next")})`}>
            Check again
          </button>
          <Link to={paths.project(projectId)} className="btn btn-ghost">
            Back to the project
          </Link>
        </div>
      </div>
    );
  } else if (state.kind === "error") {
    view = "error";
    body = (
      <>
        <div className="alert alert-error" role="alert" data-testid="review-error">
          {state.message}
        </div>
        <button type="button" className="btn" onClick={queue.next} title={`Try again (${keyOf("next")})`}>
          Try again
        </button>
      </>
    );
  } else if (ontology.error || !ontology.data) {
    body = <ErrorMessage error={ontology.error} />;
  } else {
    view = "item";
    body = (
      <ReviewItemView
        ref={itemRef}
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

  useReviewShortcuts({
    enabled: () => enabledReviewActions({ helpOpen: help, view, ...(view === "item" ? (itemRef.current?.keyState() ?? NO_ITEM) : NO_ITEM) }),
    run: (action) => {
      if (action === "help") setHelp((h) => !h);
      else if (action === "help.close") setHelp(false);
      else if (action === "next" && view !== "item") queue.next();
      else itemRef.current?.run(action);
    },
  });

  return (
    <div className="page page-wide review-page">
      {crumbs}
      {head}
      {hasConsensus && allowed && <ReviewTabs consensus={consensusTab} />}
      {body}
      {help && (
        <HelpOverlay keymap={consensusTab ? CONSENSUS_KEYMAP : REVIEW_KEYMAP} notes={consensusTab ? [] : REVIEW_NOTES} onClose={() => setHelp(false)} />
      )}
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
  ref?: Ref<ReviewItemHandle>;
}

function ReviewItemView({ projectId, item, ontology, claimLost, refreshLabel, onDone, onSkipped, ref }: ItemProps) {
  const label = item.label as Label;
  const { asset } = item;
  const reviews = useAsync((signal) => listReviews(label.id, signal), [label.id]);
  // On a gold asset: the label's score against the reference (reviewers may know gold; labelers are never shown it).
  const scores = useAsync((signal) => listLabelScores(label.id, signal), [label.id, label.revision]);
  const gold = scores.data?.find((s) => s.kind === "gold" && s.class_id === null);
  const [opacity, setOpacity] = useState(0.45);
  const [zoom, setZoom] = useState<Zoom>("fit");
  const [hidden, setHidden] = useState<ReadonlySet<number>>(new Set());
  const [masksShown, setMasksShown] = useState(true);
  const [outlineOnly, setOutlineOnly] = useState(false);
  const [hover, setHover] = useState(-1);
  const [pins, setPins] = useState<Pin[]>([]);
  const [selectedPin, setSelectedPin] = useState<number | null>(null);
  const [shownReview, setShownReview] = useState<number | null>(null);
  const [fixedRevision, setFixedRevision] = useState<number | null>(null);
  const [fixOpen, setFixOpen] = useState(false);
  const [releaseError, setReleaseError] = useState<unknown>(null);
  const threadPins = useThreadPins();

  const classes = useMemo(() => new Map<number, OntologyClass>(ontology.classes.map((c) => [c.id, c])), [ontology]);
  const masks = useMemo(() => label.objects.map((o) => o.mask), [label]);
  const colors = useMemo<(Rgb | null)[]>(
    () => label.objects.map((o, i) => (!masksShown || hidden.has(i) ? null : parseColor(classes.get(o.class)?.color))),
    [label, classes, hidden, masksShown],
  );
  const formRef = useRef<ReviewFormHandle>(null);

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

  const fix = () => {
    setFixOpen(true);
    window.open(paths.labelFix(projectId, asset.id, label.id, item.claim.id), "_blank", "noopener");
  };

  useImperativeHandle(ref, () => ({
    keyState: () => ({ busy: formRef.current?.busy ?? true, masksShown, outlineOnly, zoom }),
    run: (action) => {
      const form = formRef.current;
      if (action === "accept") form?.accept();
      else if (action === "reject") form?.startReject();
      else if (action === "next") form?.startSkip();
      else if (action === "fix") fix();
      else if (action === "masks.toggle") setMasksShown((v) => !v);
      else if (action === "outline.toggle") setOutlineOnly((v) => !v);
      else if (action === "opacity.less" || action === "opacity.more") setOpacity((o) => stepOpacity(o, action === "opacity.more" ? 1 : -1));
      else if (action === "zoom.fit") setZoom("fit");
      else if (action === "zoom.in" || action === "zoom.out") setZoom((z) => stepZoom(z, action === "zoom.in" ? 1 : -1));
    },
  }));

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
          {item.frame && (
            <span className="chip" data-testid="review-frame" title="Frames of sequences come least confident first">
              {frameSummary(item.frame)}
            </span>
          )}
          {gold && (
            <span className="chip" data-testid="review-gold" title="A gold-standard image: this label's mean IoU against the reference">
              gold · IoU {formatScore(gold.iou)}
            </span>
          )}
          <span className="muted small">
            {asset.width}×{asset.height} · label #{label.id} rev {label.revision} by <strong>{label.author.username}</strong>
          </span>
          <span className="spacer" />
          <button
            type="button"
            className={`chip${masksShown ? " chip-active" : ""}`}
            aria-pressed={masksShown}
            data-testid="review-masks-toggle"
            title={`Show or hide the masks (${keyOf("masks.toggle")})`}
            onClick={() => setMasksShown((v) => !v)}
          >
            Masks
          </button>
          <button
            type="button"
            className={`chip${outlineOnly ? " chip-active" : ""}`}
            aria-pressed={outlineOnly}
            data-testid="review-outline-only"
            title={`Outlines only, no mask fill (${keyOf("outline.toggle")})`}
            onClick={() => setOutlineOnly((v) => !v)}
          >
            Outlines only
          </button>
          <label className="review-opacity" title={`Mask opacity (${keyOf("opacity.less")} / ${keyOf("opacity.more")})`}>
            <span className="muted small">Mask opacity</span>
            <input
              type="range"
              min={0}
              max={1}
              step={0.05}
              value={opacity}
              disabled={!masksShown || outlineOnly}
              data-testid="review-opacity"
              onChange={(e) => setOpacity(Number(e.target.value))}
            />
          </label>
          <select
            value={String(zoom)}
            onChange={(e) => setZoom(e.target.value === "fit" ? "fit" : Number(e.target.value))}
            aria-label="Zoom"
            title={`Zoom (${keyOf("zoom.fit")}: fit, + / -: in and out)`}
            data-testid="review-zoom"
          >
            {ZOOM_LEVELS.map((z) => (
              <option key={z} value={String(z)}>
                {z === "fit" ? "Fit" : `${z * 100}%`}
              </option>
            ))}
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
          opacity={outlineOnly ? 0 : opacity}
          highlight={hover}
          zoom={zoom}
          pins={pins}
          earlierPins={earlierPins}
          selectedPin={selectedPin}
          onSelectPin={setSelectedPin}
          onImageClick={(point) => {
            if (threadPins.picking) {
              threadPins.finishPick(point);
              return;
            }
            threadPins.select(null);
            setPins((ps) => [...ps, { ...point, text: "" }]);
            setSelectedPin(pins.length);
          }}
          overlay={(displayWidth) => (
            <ThreadPinOverlay threadPins={threadPins} width={asset.width} height={asset.height} displayWidth={displayWidth} />
          )}
        />
        {threadPins.picking ? (
          <div className="small review-hint thread-pick-note" role="status" data-testid="thread-pick-note">
            Click the image where the comment is about ·{" "}
            <button type="button" className="btn btn-sm btn-ghost" data-testid="thread-pick-cancel" onClick={() => threadPins.finishPick(null)}>
              cancel
            </button>{" "}
            (Esc)
          </div>
        ) : (
          <div className="muted small review-hint">
            Click on the image to pin a note where something needs fixing. Numbered blue pins are yours; orange ones are from earlier reviews; violet
            ones are comment threads (click one to read it).
          </div>
        )}
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
            ref={formRef}
            onFix={fix}
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
        <section className="panel">
          <ThreadsPanel projectId={projectId} assetId={asset.id} canWrite labelId={label.id} pickPoint={threadPins.pickPoint} onThreads={threadPins.setThreads} selected={threadPins.selected} />
        </section>
      </aside>
    </div>
  );
}
