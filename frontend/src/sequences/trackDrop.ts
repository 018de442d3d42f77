/**
 * Dragging an object of the shown frame onto a track of the Tracks section
 * (native HTML5 drag and drop). The drag carries which object of which frame
 * under our own MIME type, so a drop from elsewhere (a file, text, another
 * tab's frame) moves nothing. While dragging, the browser hides the data
 * (dragover sees only its types), so the panel decides the highlight from
 * the object it was told started the drag; the drop itself is checked again
 * against the data it carries.
 */

export const OBJECT_DRAG_TYPE = "application/x-labelplatform-object";

/** Which object is dragged: the sequence, the frame's asset and the object's label-map index. */
export interface ObjectDrag {
  readonly sequence: number;
  readonly asset: number;
  readonly index: number;
}

/** Where an object is dropped: an existing track, or the "+ New track" zone. */
export type DropTarget = number | "new";

export function objectDragData(drag: ObjectDrag): string {
  return JSON.stringify(drag);
}

/** The dragged object, or null when the text is not a drag this editor started. */
export function parseObjectDrag(text: string): ObjectDrag | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof value !== "object" || value === null) return null;
  const { sequence, asset, index } = value as Record<string, unknown>;
  return isId(sequence) && isId(asset) && isId(index) ? { sequence, asset, index } : null;
}

function isId(value: unknown): value is number {
  return typeof value === "number" && Number.isInteger(value) && value > 0;
}

/** Whether a drag (by its types, all dragover can read) carries an object of this editor. */
export function carriesObject(types: readonly string[]): boolean {
  return types.includes(OBJECT_DRAG_TYPE);
}

/** A drop onto the object's own track changes nothing and is refused; a new track always takes it. */
export function dropAllowed(ownTrack: number | undefined, target: DropTarget): boolean {
  return target === "new" || target !== ownTrack;
}

/**
 * The object a drop moves: the drag's object when it was started on this sequence's shown frame, the object
 * is still there and the target is not its own track; null otherwise (nothing moves).
 */
export function droppedObject(
  drag: ObjectDrag | null,
  shown: { sequence: number; asset: number },
  objects: readonly { index: number }[],
  trackOf: (index: number) => number | undefined,
  target: DropTarget,
): number | null {
  if (!drag || drag.sequence !== shown.sequence || drag.asset !== shown.asset) return null;
  if (!objects.some((o) => o.index === drag.index)) return null;
  return dropAllowed(trackOf(drag.index), target) ? drag.index : null;
}
