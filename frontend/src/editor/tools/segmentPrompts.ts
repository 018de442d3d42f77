import type { ImagePoint } from "../core/geometry";
import { type Vertex, thinPolyline } from "../core/polyline";
import {
  MAX_SCRIBBLE_POINTS,
  MAX_SCRIBBLE_RADIUS,
  MIN_SCRIBBLE_RADIUS,
  type SegmentBox,
  type SegmentPoint,
  type SegmentRequest,
  type SegmentScribble,
} from "./segmentTypes";

/** Thinning a scribble drops vertices that lie within this many image pixels of the kept line. */
const THIN_TOLERANCE = 1;
/** A dragged box thinner than this (image pixels) is taken as a click. */
const MIN_BOX_SIDE = 2;

/** One prompt, in the order they were given: Ctrl+Z drops the newest. */
export type Prompt =
  | { readonly kind: "box"; readonly box: SegmentBox }
  | { readonly kind: "point"; readonly point: SegmentPoint }
  | { readonly kind: "scribble"; readonly scribble: SegmentScribble };

/** The image the prompts lie in (prompts outside it are refused by the backend). */
export interface ImageSize {
  readonly width: number;
  readonly height: number;
}

/** The prompts by kind, as the UI state, the preview and the request show them. */
export interface PromptLists {
  readonly box: SegmentBox | null;
  readonly points: SegmentPoint[];
  readonly scribbles: SegmentScribble[];
}

/** Half the brush size, within what the backend accepts. */
export function scribbleRadius(brushSize: number): number {
  return Math.min(MAX_SCRIBBLE_RADIUS, Math.max(MIN_SCRIBBLE_RADIUS, brushSize / 2));
}

/** The pixel under p, or null outside the image. */
export function pointAt(size: ImageSize, p: ImagePoint, positive: boolean): Prompt | null {
  const x = Math.floor(p.x);
  const y = Math.floor(p.y);
  if (x < 0 || y < 0 || x >= size.width || y >= size.height) return null;
  return { kind: "point", point: { x, y, positive } };
}

/** The pixels the drag covers, clipped to the image; null when too thin to be a box. */
export function boxBetween(size: ImageSize, a: ImagePoint, b: ImagePoint): Prompt | null {
  const x0 = Math.max(0, Math.floor(Math.min(a.x, b.x)));
  const y0 = Math.max(0, Math.floor(Math.min(a.y, b.y)));
  const x1 = Math.min(size.width, Math.ceil(Math.max(a.x, b.x)));
  const y1 = Math.min(size.height, Math.ceil(Math.max(a.y, b.y)));
  if (x1 - x0 < MIN_BOX_SIDE || y1 - y0 < MIN_BOX_SIDE) return null;
  return { kind: "box", box: [x0, y0, x1 - x0, y1 - y0] };
}

/**
 * The stroke as pixels clamped into the image (a stroke leaving the image
 * runs along its edge), thinned; null when it never touched the image.
 */
export function scribbleAlong(size: ImageSize, path: readonly ImagePoint[], positive: boolean, radius: number): Prompt | null {
  const { width, height } = size;
  if (!path.some((p) => p.x >= 0 && p.y >= 0 && p.x < width && p.y < height)) return null;
  const pixels: Vertex[] = path.map((p) => [Math.min(width - 1, Math.max(0, Math.floor(p.x))), Math.min(height - 1, Math.max(0, Math.floor(p.y)))]);
  const points = thinPolyline(pixels, THIN_TOLERANCE, MAX_SCRIBBLE_POINTS);
  return { kind: "scribble", scribble: { points, positive, radius } };
}

/** The prompts with one more; there is one box at most, so a new box replaces the old one. */
export function withPrompt(prompts: readonly Prompt[], added: Prompt): Prompt[] {
  return [...(added.kind === "box" ? prompts.filter((q) => q.kind !== "box") : prompts), added];
}

export function promptLists(prompts: readonly Prompt[]): PromptLists {
  let box: SegmentBox | null = null;
  const points: SegmentPoint[] = [];
  const scribbles: SegmentScribble[] = [];
  for (const q of prompts) {
    if (q.kind === "box") box = q.box;
    else if (q.kind === "point") points.push(q.point);
    else scribbles.push(q.scribble);
  }
  return { box, points, scribbles };
}

/**
 * The request for these prompts, less its id; null when none is positive
 * (only background prompts: nothing to segment yet). `previousId` names the
 * request whose proposal is shown, if one is.
 */
export function requestBody(prompts: readonly Prompt[], previousId: number | undefined): Omit<SegmentRequest, "id"> | null {
  const { box, points, scribbles } = promptLists(prompts);
  const hasPositive = box !== null || points.some((p) => p.positive) || scribbles.some((s) => s.positive);
  if (!hasPositive) return null;
  return {
    box,
    points: points.map((p) => [p.x, p.y, p.positive ? 1 : 0] as const),
    ...(scribbles.length > 0 && {
      scribbles: scribbles.map((s) => ({ points: s.points, label: s.positive ? (1 as const) : (0 as const), radius: s.radius })),
    }),
    ...(previousId !== undefined && { previousId }),
  };
}
