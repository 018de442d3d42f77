/** A box prompt in image pixels: [x, y, width, height], integers, inside the image. */
export type SegmentBox = readonly [x: number, y: number, width: number, height: number];

/** A click prompt: the pixel (integer x, y) and whether it is inside (positive) or outside the object. */
export interface SegmentPoint {
  readonly x: number;
  readonly y: number;
  readonly positive: boolean;
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
}

/** The auto-segment tool's state, for the UI (spinner, score, accept button). */
export interface SegmentState {
  readonly box: SegmentBox | null;
  readonly points: readonly SegmentPoint[];
  /** Id of the newest request, 0 before the first. */
  readonly requestId: number;
  /** The newest request has neither a proposal nor a rejection yet. */
  readonly awaiting: boolean;
  /** The shown proposal; null when there is none. */
  readonly proposal: { readonly score: number; readonly area: number } | null;
}

export const EMPTY_SEGMENT_STATE: SegmentState = { box: null, points: [], requestId: 0, awaiting: false, proposal: null };
