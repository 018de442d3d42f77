/**
 * The timeline model: what each frame of a sequence holds (a person's label,
 * a propagated pre-label and its confidence, nothing yet), stepping between
 * frames, the order neighbours are prefetched in, and the frame range a
 * "propagate N frames" covers. Pure: the React timeline only draws it.
 */
import { ACCEPT_SEGMENT_FIRST } from "../pages/label/pendingSegment";
import { type ConfidenceLevel, clampScore, confidenceLevel } from "./confidence";

/** labeled: a submitted label; draft: a saved draft; propagated: only predictions; empty: nothing; unknown: not loaded yet. */
export type FrameKind = "labeled" | "draft" | "propagated" | "empty" | "unknown";

export interface FrameSummary {
  readonly kind: FrameKind;
  /** Confidence of the predictions the frame starts from (propagated frames), 0..1; null when none. */
  readonly score: number | null;
}

export const UNKNOWN_FRAME: FrameSummary = { kind: "unknown", score: null };

/** What the sequence's frame list says before the frame itself is read (anyone's label counts here). */
export function summaryOfFrame(frame: { labeled?: boolean; submitted?: boolean; score?: number | null }): FrameSummary {
  if (frame.submitted) return { kind: "labeled", score: null };
  if (frame.labeled) return { kind: "draft", score: null };
  if (typeof frame.score === "number") return { kind: "propagated", score: frame.score };
  if (frame.labeled === false) return { kind: "empty", score: null };
  return UNKNOWN_FRAME;
}

export interface TimelineCell {
  readonly index: number;
  readonly asset: number;
  readonly kind: FrameKind;
  readonly score: number | null;
  /** Only for propagated frames with a score. */
  readonly level: ConfidenceLevel | null;
  readonly current: boolean;
}

export function buildTimeline(
  frames: readonly { index: number; asset: number }[],
  summaries: ReadonlyMap<number, FrameSummary>,
  current: number,
): TimelineCell[] {
  return frames.map(({ index, asset }) => {
    const { kind, score } = summaries.get(index) ?? UNKNOWN_FRAME;
    const level = kind === "propagated" && score !== null ? confidenceLevel(score) : null;
    return { index, asset, kind, score, level, current: index === current };
  });
}

/** The frame `step` away from `current`, kept inside 0..count-1. */
export function stepFrame(current: number, step: number, count: number): number {
  if (count <= 0) return 0;
  return Math.min(count - 1, Math.max(0, current + step));
}

/**
 * Frames to load ahead, nearest first: `radius` on each side, the side we move
 * towards first at each distance (playback and repeated "next" go one way).
 */
export function prefetchOrder(current: number, count: number, radius: number, direction: 1 | -1 = 1): number[] {
  const order: number[] = [];
  for (let d = 1; d <= radius; d++) {
    for (const candidate of [current + d * direction, current - d * direction]) {
      if (candidate >= 0 && candidate < count) order.push(candidate);
    }
  }
  return order;
}

/** POST sequences/{id}/propagate's from/to for "propagate N frames" forwards (1) or backwards (-1); null when nothing lies that way. */
export function propagateRange(from: number, frames: number, direction: 1 | -1, count: number): { from: number; to: number } | null {
  const n = Math.floor(frames);
  if (!Number.isFinite(n) || n < 1 || from < 0 || from >= count) return null;
  const to = stepFrame(from, direction * n, count);
  return to === from ? null : { from, to };
}

/** Why "propagate" cannot start from the shown frame, or null: it carries the frame's objects, and an
 * auto-segment mask not accepted yet (Enter) is no object (seen: a user clicked, saw the mask, propagated). */
export function propagateRefusal(objects: number, pendingSegment: boolean): string | null {
  if (objects > 0) return null;
  if (pendingSegment) return `${ACCEPT_SEGMENT_FIRST}: propagation carries this frame's objects to the next frames.`;
  return "Label this frame first: propagation carries its objects to the next frames.";
}

/** The next frame after `current` (wrapping around) whose propagated confidence is low; null when none. */
export function nextLowConfidence(cells: readonly TimelineCell[], current: number): number | null {
  const n = cells.length;
  const start = cells.findIndex((c) => c.index === current);
  for (let k = 1; k <= n; k++) {
    const cell = cells[(start + k + n) % n];
    if (cell.level === "low") return cell.index;
  }
  return null;
}

/** Counts for the timeline's legend. */
export function timelineCounts(cells: readonly TimelineCell[]): Record<FrameKind, number> & { low: number } {
  const counts = { labeled: 0, draft: 0, propagated: 0, empty: 0, unknown: 0, low: 0 };
  for (const c of cells) {
    counts[c.kind] += 1;
    if (c.level === "low") counts.low += 1;
  }
  return counts;
}

/** Mean of the scores that are numbers; null when there are none. */
export function meanScore(scores: readonly (number | null | undefined)[]): number | null {
  const valid = scores.filter((s): s is number => typeof s === "number" && Number.isFinite(s));
  if (valid.length === 0) return null;
  return clampScore(valid.reduce((a, b) => a + b, 0) / valid.length);
}

/** The cells of a long timeline worth rendering: [start, end) positions, with `overscan` cells beyond each edge of the view. */
export interface CellWindow {
  readonly start: number;
  readonly end: number;
}

/**
 * Which cells of a horizontal strip of `count` cells, `pitch` pixels apart
 * (width plus gap), show in a viewport `width` pixels wide scrolled to
 * `scrollLeft`; `overscan` more on each side so a fast scroll or a step never
 * shows a blank. Only these are rendered: a 10,000-frame sequence keeps a few
 * dozen cells in the page.
 */
export function visibleCells(scrollLeft: number, width: number, pitch: number, count: number, overscan = 8): CellWindow {
  if (count <= 0 || !(pitch > 0)) return { start: 0, end: 0 };
  const left = Math.max(0, Number.isFinite(scrollLeft) ? scrollLeft : 0);
  const first = Math.floor(left / pitch);
  const last = Math.ceil((left + Math.max(0, width)) / pitch); // exclusive
  const start = Math.min(count, Math.max(0, first - overscan));
  const end = Math.min(count, Math.max(start, last + overscan));
  return { start, end };
}

/**
 * The scrollLeft that brings cell `position` fully into view with `margin`
 * cells of context on the side it comes from, or null when it is already in
 * view (the strip does not move while you step inside it).
 */
export function scrollToCell(position: number, scrollLeft: number, width: number, pitch: number, count: number, margin = 1): number | null {
  if (count <= 0 || !(pitch > 0) || width <= 0) return null;
  const p = Math.min(count - 1, Math.max(0, position));
  const cellLeft = p * pitch;
  const cellRight = cellLeft + pitch;
  const max = Math.max(0, count * pitch - width);
  if (cellLeft >= scrollLeft && cellRight <= scrollLeft + width) return null;
  const target = cellLeft < scrollLeft ? cellLeft - margin * pitch : cellRight + margin * pitch - width;
  return Math.min(max, Math.max(0, Math.round(target)));
}
