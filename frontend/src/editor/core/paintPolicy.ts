/**
 * Shared-border mode: "over" lets new paint take pixels from other objects,
 * "behind" paints only unlabeled pixels or the object's own.
 */
export type BorderMode = "over" | "behind";

/** What a tool writes into the label map and which pixels it may change. */
export interface PaintOp {
  /** Object index to write; 0 erases. */
  readonly value: number;
  readonly mode: BorderMode;
  /** The selected object: in "behind" mode the eraser clears only its pixels. 0 = none. */
  readonly ownIndex: number;
}

/** A predicate over the current label of a pixel: may the op overwrite it? */
export function writableTest(op: PaintOp): (current: number) => boolean {
  if (op.mode === "over") return () => true;
  if (op.value !== 0) return (current) => current === 0 || current === op.value;
  // Erasing behind others: only the selected object's own pixels; with no selection, anything.
  if (op.ownIndex === 0) return () => true;
  return (current) => current === op.ownIndex;
}

export function paintOp(value: number, mode: BorderMode, ownIndex = value): PaintOp {
  return { value, mode, ownIndex };
}
