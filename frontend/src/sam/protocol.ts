// SAM's prompt protocol, the same as the server's (labelplatform/prelabel/engines/sam.py): which decoder runs
// a request takes, and what each is fed. Pure: no DOM, no onnxruntime.
import type { SegmentRequest } from "../editor";

/** SAM's low-resolution mask side: the decoder's `mask_input` and `low_res_masks`. */
export const LOW_RES = 256;
/** Points per scribble given to the decoder (evenly spread along it): SAM degrades with many points. */
export const SCRIBBLE_POINTS = 8;
/** SAM's point labels: 1 inside, 0 outside, 2 and 3 the box's corners, -1 "no point" padding. */
export const BOX_CORNERS = [2, 3] as const;
export const PADDING = -1;

/** The parts of a built-in model's config (GET prelabel/builtin) the browser decoder uses. */
export interface SamConfig {
  readonly encoder: { readonly size: readonly [number, number]; readonly resize?: string };
  readonly decoder: {
    readonly embedding_input: string;
    readonly points_input: string;
    readonly labels_input: string;
    readonly mask_input?: string;
    readonly has_mask_input?: string;
    readonly mask_output: string;
    readonly score_output?: string;
    /** SAM's own protocol: 256x256 logits out, the previous ones fed back. The browser decodes only these. */
    readonly low_res?: boolean;
  };
}

/** [x, y, label] in image pixels, label as SAM takes it. */
export type SamPoint = readonly [x: number, y: number, label: number];

/** One decoder run: its points, and whether it picks among the multimask candidates. */
export interface Step {
  readonly points: readonly SamPoint[];
  readonly multimask: boolean;
  /** Names the run and every run before it: equal keys decode to equal logits. */
  readonly key: string;
}

/** (h, w) of the image as the encoder got it: `size`, or scaled so its longest side is `size`'s (SAM's rounding). */
export function encoderInputSize(config: SamConfig, height: number, width: number): [number, number] {
  const [sideH, sideW] = config.encoder.size;
  if (config.encoder.resize !== "longest") return [sideH, sideW];
  const scale = Math.max(sideH, sideW) / Math.max(height, width);
  return [Math.floor(height * scale + 0.5), Math.floor(width * scale + 0.5)];
}

/** At most SCRIBBLE_POINTS points, evenly spread, ends kept (numpy's linspace, rounded). */
export function thinnedScribble(points: readonly (readonly [number, number])[]): (readonly [number, number])[] {
  if (points.length <= SCRIBBLE_POINTS) return [...points];
  const step = (points.length - 1) / (SCRIBBLE_POINTS - 1);
  return Array.from({ length: SCRIBBLE_POINTS }, (_, i) => points[Math.round(i * step)]);
}

/**
 * SAM's interactive order, as the server replays it: the box (with the
 * scribbles' points) first, then one run per click with every click so far.
 * Only the first click alone picks among the multimask candidates.
 */
export function replaySteps(request: Pick<SegmentRequest, "box" | "points" | "scribbles">): Step[] {
  const fixed: SamPoint[] = [];
  for (const scribble of request.scribbles ?? []) {
    for (const [x, y] of thinnedScribble(scribble.points)) fixed.push([x, y, scribble.label]);
  }
  if (request.box) {
    const [x, y, w, h] = request.box;
    fixed.push([x, y, BOX_CORNERS[0]], [x + w, y + h, BOX_CORNERS[1]]);
  }
  const clicks: SamPoint[] = request.points.map(([x, y, label]) => [x, y, label]);
  const fixedKey = JSON.stringify(fixed);
  const steps: Step[] = fixed.length > 0 ? [{ points: fixed, multimask: false, key: `${fixedKey}|` }] : [];
  for (let count = 1; count <= clicks.length; count++) {
    const taken = clicks.slice(0, count);
    steps.push({ points: [...fixed, ...taken], multimask: fixed.length === 0 && count === 1, key: `${fixedKey}|${JSON.stringify(taken)}` });
  }
  return steps;
}

/** The decoder's point inputs for one run: coordinates in encoder-input pixels ([1, N, 2]) and labels ([1, N]). */
export function stepInputs(step: Step, config: SamConfig, height: number, width: number): { coords: Float32Array; labels: Float32Array; count: number } {
  const [inputH, inputW] = encoderInputSize(config, height, width);
  const points: SamPoint[] = [...step.points];
  const lowRes = Boolean(config.decoder.low_res);
  if (lowRes && !points.some(([, , label]) => label === BOX_CORNERS[0] || label === BOX_CORNERS[1])) points.push([0, 0, PADDING]);
  const coords = new Float32Array(points.length * 2);
  const labels = new Float32Array(points.length);
  points.forEach(([x, y, label], i) => {
    if (label !== PADDING) {
      coords[2 * i] = (x * inputW) / width;
      coords[2 * i + 1] = (y * inputH) / height;
    }
    labels[i] = label;
  });
  return { coords, labels, count: points.length };
}

/** Which of the K candidate masks a run keeps: with multimask, the best predicted IoU among 1..K-1; else the first. */
export function pickCandidate(scores: ArrayLike<number>, candidates: number, multimask: boolean): number {
  if (!multimask || candidates < 2) return 0;
  let best = 1;
  for (let k = 2; k < candidates; k++) if (scores[k] > scores[best]) best = k;
  return best;
}

/** The server's score: the predicted IoU, clipped to 0..1 and rounded to 4 places. */
export function clippedScore(predicted: number): number {
  return Math.round(Math.min(1, Math.max(0, predicted)) * 1e4) / 1e4;
}
