import type { ImagePoint } from "../core/geometry";
import type { SegmentProposal } from "../core/segmentProposal";

/** A box prompt in image pixels: [x, y, width, height], integers, inside the image. */
export type SegmentBox = readonly [x: number, y: number, width: number, height: number];

/** A click prompt: the pixel (integer x, y) and whether it is inside (positive) or outside the object. */
export interface SegmentPoint {
  readonly x: number;
  readonly y: number;
  readonly positive: boolean;
}

/**
 * What a left drag does in the auto-segment tool: draw a box ("box", the
 * default) or a scribble ("scribble"). A click adds a point in both.
 */
export type SegmentMode = "box" | "scribble";

/** The most scribbles one request may carry (the backend's limit). */
export const MAX_SCRIBBLES = 50;
/** A drawn scribble is thinned to at most this many points (the backend takes 5000; SAM-style models take each as a click). */
export const MAX_SCRIBBLE_POINTS = 64;
/** The scribble radius the backend accepts, in image pixels. */
export const MIN_SCRIBBLE_RADIUS = 0.5;
export const MAX_SCRIBBLE_RADIUS = 100;

/** A scribble prompt: a stroke over pixels that are inside (positive) or outside the object. */
export interface SegmentScribble {
  /** Pixels (integer [x, y], inside the image) along the stroke, thinned. */
  readonly points: readonly (readonly [number, number])[];
  readonly positive: boolean;
  /** Half the stroke's width, in image pixels. */
  readonly radius: number;
}

/** A scribble as POST assets/{id}/segment takes it. */
export interface SegmentRequestScribble {
  readonly points: readonly (readonly [number, number])[];
  /** 1 = inside. */
  readonly label: 0 | 1;
  readonly radius: number;
}

/**
 * What the app sends to POST assets/{id}/segment (plus its backend). Emitted
 * each time the prompts change; every request carries all prompts so far.
 */
export interface SegmentRequest {
  /** Increases with every request; pass it back with the proposal so stale answers are dropped. */
  readonly id: number;
  readonly box: SegmentBox | null;
  /** [x, y, 1 | 0], 1 = inside. */
  readonly points: readonly (readonly [number, number, 0 | 1])[];
  /** Present only when there are scribbles. */
  readonly scribbles?: readonly SegmentRequestScribble[];
  /**
   * Present while a proposal is shown: the id of the request it answered. A
   * decoder in the browser can feed that answer's low-res logits back as its
   * mask input; the REST backend ignores it.
   */
  readonly previousId?: number;
}

/** The auto-segment tool's state, for the UI (spinner, score, accept button). */
export interface SegmentState {
  readonly mode: SegmentMode;
  readonly box: SegmentBox | null;
  readonly points: readonly SegmentPoint[];
  readonly scribbles: readonly SegmentScribble[];
  /** Id of the newest request, 0 before the first. */
  readonly requestId: number;
  /** The newest request has neither a proposal nor a rejection yet. */
  readonly awaiting: boolean;
  /** The shown proposal; null when there is none. */
  readonly proposal: { readonly score: number; readonly area: number } | null;
}

/**
 * What only the auto-segment tool tells the app (the shared ToolHost stays
 * generic): each change of prompts as a request, which the app answers with
 * setProposal(mask, score, request.id) or rejectRequest(request.id), and each
 * change of state for the UI.
 */
export interface SegmentSink {
  requested(request: SegmentRequest): void;
  changed(state: SegmentState): void;
  /** The pointer moved to another pixel while no press is on: what a click there would request. */
  hovered?(body: SegmentHover): void;
}

/** A request a click on the hovered pixel would make, less its id (a decoder in the browser may run it ahead). */
export type SegmentHover = Omit<SegmentRequest, "id">;

/** What the interactive layer draws for the auto-segment tool. */
export interface SegmentPreview {
  readonly kind: "segment";
  readonly box: SegmentBox | null;
  /** The box being dragged, corner to corner. */
  readonly dragging: { readonly from: ImagePoint; readonly to: ImagePoint } | null;
  /** The scribble being drawn: the pointer's path so far. */
  readonly drawing: { readonly points: readonly ImagePoint[]; readonly positive: boolean; readonly radius: number } | null;
  readonly points: readonly SegmentPoint[];
  readonly scribbles: readonly SegmentScribble[];
  readonly proposal: SegmentProposal | null;
  /** The proposal is for older prompts: a newer one is being computed. */
  readonly stale: boolean;
}

export const EMPTY_SEGMENT_STATE: SegmentState = { mode: "box", box: null, points: [], scribbles: [], requestId: 0, awaiting: false, proposal: null };

/** Whether the state holds any prompt (box, click or scribble). */
export function hasSegmentPrompts(state: Pick<SegmentState, "box" | "points" | "scribbles">): boolean {
  return state.box !== null || state.points.length > 0 || state.scribbles.length > 0;
}
