import { type ImagePoint, distance } from "../core/geometry";
import { type ImageSize, type Prompt, boxBetween, pointAt, scribbleAlong } from "./segmentPrompts";
import { MAX_SCRIBBLES, type SegmentMode, type SegmentPreview } from "./segmentTypes";
import type { PointerModifiers } from "./tool";

/**
 * The auto-segment tool's pressing state: the pointer is down, and what it
 * adds on release depends on whether it moved far enough to be a drag.
 */
export interface Press {
  readonly down: ImagePoint;
  readonly negative: boolean;
  /** The mode when the press began: what a drag draws. */
  readonly mode: SegmentMode;
  current: ImagePoint;
  /** Moved past the threshold: a box or scribble, not a click. */
  dragging: boolean;
  /** Scribble mode: every position since the press. */
  readonly path: ImagePoint[];
}

/** What a release needs to know to turn the press into a prompt. */
export interface ReleaseContext {
  readonly size: ImageSize;
  readonly radius: number;
  /** Scribbles given so far (the backend takes MAX_SCRIBBLES at most). */
  readonly scribbles: number;
}

export function startPress(p: ImagePoint, modifiers: PointerModifiers, mode: SegmentMode): Press {
  return { down: p, current: p, negative: Boolean(modifiers.shift || modifiers.alt), mode, dragging: false, path: [p] };
}

/** Follow the pointer; `threshold` is the drag distance in image pixels. Returns whether the press is a drag (to redraw). */
export function movePress(press: Press, p: ImagePoint, threshold: number): boolean {
  press.current = p;
  if (press.mode === "scribble") press.path.push(p);
  if (!press.dragging && distance(p, press.down) >= threshold) {
    // In box mode a negative press never draws a box: it stays a background click.
    press.dragging = press.mode === "scribble" || !press.negative;
  }
  return press.dragging;
}

/** The prompt the press adds: a click's point, a drag's box or scribble; null for none. */
export function releasePress(press: Press, p: ImagePoint, context: ReleaseContext): Prompt | null {
  const { size } = context;
  if (!press.dragging) return pointAt(size, press.down, !press.negative);
  if (press.mode === "box") return boxBetween(size, press.down, p) ?? pointAt(size, press.down, true); // too thin for a box: a click
  if (context.scribbles >= MAX_SCRIBBLES) return null;
  return scribbleAlong(size, [...press.path, p], !press.negative, context.radius);
}

/** The box or scribble a dragging press shows. */
export function pressPreview(press: Press | null, radius: number): Pick<SegmentPreview, "dragging" | "drawing"> {
  const dragging = press?.dragging ? press : null;
  return {
    dragging: dragging?.mode === "box" ? { from: dragging.down, to: dragging.current } : null,
    drawing: dragging?.mode === "scribble" ? { points: dragging.path, positive: !dragging.negative, radius } : null,
  };
}
