import { DEFAULT_KEYMAP, type Editor, type OntologyClass, type SegmentMode, hasSegmentPrompts } from "../../editor";
import { showDecoderText } from "./segmentStatusText";
import { prettyChord } from "./shortcuts";
import type { EditorSnapshot } from "./useEditor";
import type { BrowserDecoderState } from "./useBrowserDecoder";
import type { SegmentHandle, SegmentStatus } from "./useSegment";

/** Below this the cut disagrees with the clicks: worth another click. */
const GOOD_SCORE = 0.8;

const MODES: readonly { mode: SegmentMode; label: string; title: string }[] = [
  { mode: "box", label: "Box / clicks", title: "Drag draws a box" },
  { mode: "scribble", label: "Scribble", title: "Drag draws a scribble as wide as the brush; Shift/Alt+drag: background" },
];

/** The mode toggle's key as the help overlay shows it ("Shift+S"). */
const MODE_KEY = prettyChord(DEFAULT_KEYMAP.find((b) => b.action === "segment.toggleScribble")?.chord ?? "");

function StatusText({ status, hasPrompts, mode }: { status: SegmentStatus; hasPrompts: boolean; mode: SegmentMode }) {
  switch (status.phase) {
    case "pending":
      return (
        <span className="segment-status-text">
          <span className="spinner spinner-sm" aria-hidden="true" /> Segmenting…
        </span>
      );
    case "embedding":
      return (
        <span className="segment-status-text" title="The model computes this image's embedding once (a worker job); the mask follows by itself">
          <span className="spinner spinner-sm" aria-hidden="true" /> Preparing the model{status.jobId !== null ? ` (job ${status.jobId})` : ""}…
        </span>
      );
    case "ready":
      return (
        <span
          className={`segment-score ${status.score >= GOOD_SCORE ? "good" : "low"}`}
          data-testid="segment-score"
          title="How well the cut agrees with your clicks: when low, add a click where it is wrong"
        >
          Score {status.score.toFixed(2)}
        </span>
      );
    case "error":
      return (
        <span className="segment-error" data-testid="segment-error" role="alert">
          {status.message}
        </span>
      );
    default:
      if (hasPrompts) return <span className="segment-status-text muted">{mode === "scribble" ? "Scribble or click inside the object too" : "Click inside the object too"}</span>;
      return <span className="segment-status-text muted">{mode === "scribble" ? "Scribble over the object" : "Drag a box or click the object"}</span>;
  }
}

/** Where the masks come from when the backend can decode in the browser. */
function DecoderText({ state }: { state: BrowserDecoderState }) {
  const common = { "data-testid": "segment-decoder", "data-phase": state.phase };
  switch (state.phase) {
    case "preparing":
      return (
        <span {...common} className="segment-status-text muted" title="The image's embedding is computed once (a worker job) and loaded with the decoder; then every click is decoded in your browser">
          <span className="spinner spinner-sm" aria-hidden="true" /> preparing…{state.jobId !== null ? ` (job ${state.jobId})` : ""}
        </span>
      );
    case "ready":
      return (
        <span {...common} className="segment-status-text muted" title="Masks are decoded in your browser: no round trip per click">
          in the browser
        </span>
      );
    case "failed":
      return (
        <span {...common} className="segment-decoder-failed" title={`The decoder could not run in this browser: ${state.message}`}>
          Browser decoder failed: the server computes the masks
        </span>
      );
    default:
      return null;
  }
}

/** Over the stage while the auto-segment tool is active: backend, status and score, accept or clear. */
export function SegmentBar({ editor, snapshot, segment, classes }: { editor: Editor; snapshot: EditorSnapshot; segment: SegmentHandle; classes: readonly OntologyClass[] }) {
  const state = snapshot.segment;
  const hasPrompts = hasSegmentPrompts(state);
  const canAccept = state.proposal !== null && !state.awaiting;
  const selected = snapshot.objects.find((o) => o.index === snapshot.selection.objectIndex) ?? null;
  const className = (id: number | null) => classes.find((c) => c.id === id)?.name ?? "object";
  return (
    <div className="segment-bar" data-testid="segment-bar" data-phase={segment.status.phase} data-awaiting={state.awaiting} data-mode={state.mode} role="toolbar" aria-label="Auto-segment">
      <div className="segment-row">
        <strong className="segment-title">Auto-segment</strong>
        <select
          value={segment.backend}
          data-testid="segment-backend"
          aria-label="Segmentation backend"
          title="Which model computes the mask"
          onChange={(e) => {
            segment.setBackend(e.target.value);
            e.currentTarget.blur(); // give Enter and Escape back to the editor
          }}
        >
          {segment.backends.map((b) => (
            <option key={b.value} value={b.value}>
              {b.label}
            </option>
          ))}
        </select>
        {showDecoderText(segment.decoder, segment.status) && <DecoderText state={segment.decoder} />}
        <div className="segmented" style={{ flexDirection: "row" }} role="radiogroup" aria-label="What a drag draws">
          {MODES.map(({ mode, label, title }) => (
            <button
              key={mode}
              type="button"
              role="radio"
              aria-checked={state.mode === mode}
              className={state.mode === mode ? "active" : ""}
              style={{ padding: "3px 8px", whiteSpace: "nowrap" }}
              data-testid={`segment-mode-${mode}`}
              title={`${title} (${MODE_KEY} switches)`}
              onClick={(e) => {
                editor.setSegmentMode(mode);
                e.currentTarget.blur(); // give Enter and Escape back to the editor
              }}
            >
              {label}
            </button>
          ))}
        </div>
        <span className="segment-status" data-testid="segment-status" data-phase={segment.status.phase} aria-live="polite">
          <StatusText status={segment.status} hasPrompts={hasPrompts} mode={state.mode} />
        </span>
        <button type="button" className="btn btn-sm btn-primary" data-testid="segment-accept" disabled={!canAccept} onClick={() => editor.acceptSegment()} title="Put the mask into the label (Enter)">
          Accept <kbd>Enter</kbd>
        </button>
        <button type="button" className="btn btn-sm" data-testid="segment-clear" disabled={!hasPrompts} onClick={() => editor.cancel()} title="Remove the box, clicks, scribbles and mask (Esc)">
          Clear <kbd>Esc</kbd>
        </button>
      </div>
      <div className="segment-row segment-hint small">
        {state.mode === "scribble" ? (
          <span>
            Drag: object scribble · <kbd>Shift</kbd>+drag: background scribble (width {snapshot.tool.brushSize} px, <kbd>[</kbd> <kbd>]</kbd>) · click: point ·{" "}
            <kbd>Ctrl+Z</kbd>: undo the last prompt · <kbd>{MODE_KEY}</kbd>: box mode
          </span>
        ) : (
          <span>
            Click: object · <kbd>Shift</kbd>+click or right-click: background · drag: box · <kbd>Ctrl+Z</kbd>: undo a click ·{" "}
            <kbd>{MODE_KEY}</kbd>: scribble
          </span>
        )}
        <span className="segment-target" data-testid="segment-target">
          {selected ? (
            <>
              Adds to the selected {className(selected.classId)} ({snapshot.tool.borderMode})
              <button type="button" className="link-btn" data-testid="segment-new-object" onClick={() => editor.selectObject(0)} title="Deselect: accept as a new object instead">
                new object
              </button>
            </>
          ) : (
            <>
              New {className(snapshot.selection.classId)} ({snapshot.tool.borderMode})
            </>
          )}
        </span>
      </div>
    </div>
  );
}
