import type { Editor, LabelObject, OntologyClass, Solo } from "../../editor";
import { isLowConfidence, parseThreshold } from "./prelabelConfidence";
import type { PrelabelConfidence } from "./usePrelabelConfidence";

interface Props {
  editor: Editor;
  objects: readonly LabelObject[];
  classes: readonly OntologyClass[];
  selected: number;
  solo: Solo;
  /** On a sequence frame: the object's track id, shown instead of its number within the class. */
  trackOf?: (index: number) => number | undefined;
  /** Pre-labels' scores: shown per object, those under the threshold marked; "accept above" drops them. */
  confidence?: PrelabelConfidence;
  /** When given, rows can be dragged (sequence frames: onto a track). */
  rowDrag?: ObjectRowDrag;
}

/** What a dragged object row tells its host: the drag's start (to fill its data) and its end (dropped or not). */
export interface ObjectRowDrag {
  start(index: number, data: DataTransfer): void;
  end(): void;
}

/** The objects of the image: select, change class, reorder, hide, solo, delete. */
export function ObjectList({ editor, objects, classes, selected, solo, trackOf, confidence, rowDrag }: Props) {
  const byId = new Map(classes.map((c) => [c.id, c]));
  const soloIndex = solo && "objectIndex" in solo ? solo.objectIndex : null;
  const counts = new Map<number, number>();

  return (
    <section className="label-section" data-testid="object-list">
      <h3>
        Objects <span className="muted small">({objects.length})</span>
        {soloIndex !== null && (
          <button type="button" className="link-btn small" onClick={() => editor.setSolo(null)}>
            show all
          </button>
        )}
      </h3>
      {confidence && confidence.scores.size > 0 && <AcceptAbove confidence={confidence} objects={objects} />}
      {objects.length === 0 && <p className="muted small">Nothing drawn yet. Pick a class and paint.</p>}
      <ol className="object-list">
        {objects.map((object, position) => {
          const cls = byId.get(object.classId);
          const n = (counts.get(object.classId) ?? 0) + 1;
          counts.set(object.classId, n);
          const isSelected = object.index === selected;
          const score = confidence?.scores.get(object.index);
          const low = confidence !== undefined && isLowConfidence(score, confidence.threshold);
          return (
            <li
              key={object.index}
              className={`object-row${isSelected ? " selected" : ""}${object.hidden ? " hidden" : ""}${low ? " low-confidence" : ""}`}
              data-testid="object-row"
              data-object-index={object.index}
              data-class-id={object.classId}
              data-low-confidence={low ? "true" : undefined}
              onClick={() => editor.selectObject(isSelected ? 0 : object.index)}
              draggable={rowDrag !== undefined}
              onDragStart={rowDrag && ((e) => rowDrag.start(object.index, e.dataTransfer))}
              onDragEnd={rowDrag && (() => rowDrag.end())}
            >
              <span className="class-swatch" style={{ background: cls?.color ?? "#888" }} />
              <select
                value={object.classId}
                aria-label="Class"
                onClick={(e) => e.stopPropagation()}
                onChange={(e) => editor.setObjectClass(object.index, Number(e.target.value))}
              >
                {!cls && <option value={object.classId}>archived class {object.classId}</option>}
                {classes.map((c) => (
                  <option key={c.id} value={c.id}>
                    {c.name}
                  </option>
                ))}
              </select>
              {trackOf ? (
                <span className="muted small" data-testid="object-track" title="Track: the object's identity across frames">
                  track {trackOf(object.index) ?? "new"}
                </span>
              ) : (
                <span className="muted small">#{n}</span>
              )}
              {score !== undefined && (
                <span className="object-score small" data-testid="object-score" title={low ? "Pre-label score, under the threshold: check it" : "Pre-label score"}>
                  {score.toFixed(2)}
                </span>
              )}
              <span className="object-actions" onClick={(e) => e.stopPropagation()}>
                <IconButton label={object.hidden ? "Show (hidden objects are locked)" : "Hide and lock"} pressed={object.hidden} onClick={() => editor.setObjectHidden(object.index, !object.hidden)}>
                  {object.hidden ? "◌" : "◉"}
                </IconButton>
                <IconButton label="Solo: show only this object" pressed={soloIndex === object.index} onClick={() => editor.setSolo(soloIndex === object.index ? null : { objectIndex: object.index })}>
                  S
                </IconButton>
                <IconButton label="Move up (drawn earlier)" disabled={position === 0} onClick={() => editor.moveObject(object.index, position - 1)}>
                  ↑
                </IconButton>
                <IconButton label="Move down (drawn later)" disabled={position === objects.length - 1} onClick={() => editor.moveObject(object.index, position + 1)}>
                  ↓
                </IconButton>
                <IconButton label="Delete" danger onClick={() => editor.deleteObject(object.index)}>
                  ×
                </IconButton>
              </span>
            </li>
          );
        })}
      </ol>
    </section>
  );
}

/** The threshold (remembered) and the button that keeps the pre-labels at or above it (Shift+A). */
function AcceptAbove({ confidence, objects }: { confidence: PrelabelConfidence; objects: readonly LabelObject[] }) {
  const below = objects.filter((o) => isLowConfidence(confidence.scores.get(o.index), confidence.threshold)).length;
  return (
    <div className="accept-above tool-row small" data-testid="accept-above">
      <label title="Pre-labels scored under this are marked, and deleted by accept">
        threshold{" "}
        <input
          type="number"
          min={0}
          max={1}
          step={0.05}
          value={confidence.threshold}
          data-testid="confidence-threshold"
          onKeyDown={(e) => e.stopPropagation()}
          onChange={(e) => {
            const value = parseThreshold(e.target.value);
            if (value !== null) confidence.setThreshold(value);
          }}
        />
      </label>
      <button type="button" className="btn btn-sm" data-testid="accept-confident" disabled={below === 0} onClick={() => confidence.acceptAbove()}
        title="Keep the pre-labels at or above the threshold, delete the rest (undoable) · Shift+A">
        Accept above ({below} below)
      </button>
    </div>
  );
}

function IconButton(props: { label: string; onClick(): void; children: string; pressed?: boolean; disabled?: boolean; danger?: boolean }) {
  return (
    <button
      type="button"
      className={`icon-btn${props.pressed ? " pressed" : ""}${props.danger ? " danger" : ""}`}
      title={props.label}
      aria-label={props.label}
      aria-pressed={props.pressed}
      disabled={props.disabled}
      onClick={props.onClick}
    >
      {props.children}
    </button>
  );
}
