// SAM's postprocessing of the 256x256 low-res logits, as the server does it with OpenCV: bilinear to the
// padded encoder input (1024), cropped to the resized image, bilinear to the image; inside where > 0.
// Both resizes are separable, so each output row (column) is a fixed mix of at most 4 low-res rows
// (columns); only the window that positive logits can reach is computed. Pure: no DOM.
import { type CroppedMask, EMPTY_REGION, RegionBuilder, croppedMaskOf } from "../editor";

/** Per output index, 4 taps into the low-res axis (index, weight); unused taps weigh 0. */
export interface AxisTaps {
  readonly index: Int32Array;
  readonly weight: Float32Array;
}

/** OpenCV's INTER_LINEAR taps (half-pixel centres, clamped at both ends) from `src` samples to `dst`. */
export function linearTaps(dst: number, src: number): { i0: Int32Array; i1: Int32Array; w1: Float32Array } {
  const scale = src / dst;
  const i0 = new Int32Array(dst);
  const i1 = new Int32Array(dst);
  const w1 = new Float32Array(dst);
  for (let d = 0; d < dst; d++) {
    let f = (d + 0.5) * scale - 0.5;
    let s = Math.floor(f);
    f -= s;
    if (s < 0) {
      s = 0;
      f = 0;
    }
    if (s >= src - 1) {
      s = src - 1;
      f = 0;
    }
    i0[d] = s;
    i1[d] = Math.min(s + 1, src - 1);
    w1[d] = f;
  }
  return { i0, i1, w1 };
}

/**
 * One axis of the composed resize: `out` image pixels from the first `cropped`
 * of `padded` samples, themselves resized from `lowRes` samples.
 */
export function composedTaps(out: number, cropped: number, padded: number, lowRes: number): AxisTaps {
  const second = linearTaps(out, cropped);
  const first = linearTaps(padded, lowRes);
  const index = new Int32Array(out * 4);
  const weight = new Float32Array(out * 4);
  for (let d = 0; d < out; d++) {
    const a1 = second.w1[d];
    const parts: [number, number][] = [[second.i0[d], 1 - a1], [second.i1[d], a1]];
    parts.forEach(([p, a], k) => {
      const b1 = first.w1[p];
      index[4 * d + 2 * k] = first.i0[p];
      weight[4 * d + 2 * k] = a * (1 - b1);
      index[4 * d + 2 * k + 1] = first.i1[p];
      weight[4 * d + 2 * k + 1] = a * b1;
    });
  }
  return { index, weight };
}

/** The first and last output index (inclusive) whose taps with weight reach [lo, hi]; null when none. */
function reachRange(taps: AxisTaps, out: number, lo: number, hi: number): [number, number] | null {
  const reaches = (d: number) => {
    for (let t = 4 * d; t < 4 * d + 4; t++) if (taps.weight[t] > 0 && taps.index[t] >= lo && taps.index[t] <= hi) return true;
    return false;
  };
  let first = 0;
  while (first < out && !reaches(first)) first++;
  if (first === out) return null;
  let last = out - 1;
  while (last > first && !reaches(last)) last--;
  return [first, last];
}

export interface UpsampleGeometry {
  /** The image: the mask's size. */
  readonly width: number;
  readonly height: number;
  /** The resized image inside the padded encoder input (X-Resized-Size). */
  readonly inputWidth: number;
  readonly inputHeight: number;
  /** The padded encoder input (X-Encoder-Input-Size), 1024 x 1024 for SAM. */
  readonly paddedWidth: number;
  readonly paddedHeight: number;
}

/** Taps for both axes; reusable for every mask of one image. */
export interface UpsamplePlan {
  readonly geometry: UpsampleGeometry;
  readonly side: number;
  readonly rows: AxisTaps;
  readonly cols: AxisTaps;
  /** The column resize in its two stages: low-res to padded, then cropped padded to the image. */
  readonly colsPadded: ReturnType<typeof linearTaps>;
  readonly colsImage: ReturnType<typeof linearTaps>;
  /** Per image column, the first column after it that reads another pair of padded columns. */
  readonly cellEnd: Int32Array;
}

export function upsamplePlan(geometry: UpsampleGeometry, side: number): UpsamplePlan {
  const g = geometry;
  const colsImage = linearTaps(g.width, g.inputWidth);
  const cellEnd = new Int32Array(g.width);
  for (let x = g.width - 1; x >= 0; x--) cellEnd[x] = x + 1 < g.width && colsImage.i0[x + 1] === colsImage.i0[x] ? cellEnd[x + 1] : x + 1;
  return {
    geometry: g,
    side,
    rows: composedTaps(g.height, g.inputHeight, g.paddedHeight, side),
    cols: composedTaps(g.width, g.inputWidth, g.paddedWidth, side),
    colsPadded: linearTaps(g.paddedWidth, side),
    colsImage,
    cellEnd,
  };
}

const EMPTY = croppedMaskOf(EMPTY_REGION);

/**
 * The mask at image size from one side x side logits map (row-major):
 * pixels whose upsampled logit is > 0, cropped to their own bounds, with the
 * same pixels as row spans (the editor takes those as they are: no second
 * scan of a 12-megapixel window). Only the window positive logits can reach
 * is computed (a pixel mixes at most 4 x 4 logits, all <= 0 outside it).
 */
export function maskFromLogits(logits: Float32Array, plan: UpsamplePlan): CroppedMask {
  const { side, rows, cols } = plan;
  const { width, height } = plan.geometry;
  let rMin = side, rMax = -1, cMin = side, cMax = -1;
  for (let i = 0; i < side; i++) {
    const row = i * side;
    for (let j = 0; j < side; j++) {
      if (logits[row + j] > 0) {
        if (i < rMin) rMin = i;
        rMax = i;
        if (j < cMin) cMin = j;
        if (j > cMax) cMax = j;
      }
    }
  }
  if (rMax < 0) return EMPTY;
  const ys = reachRange(rows, height, rMin, rMax);
  const xs = reachRange(cols, width, cMin, cMax);
  if (!ys || !xs) return EMPTY;
  const x0 = xs[0], x1 = xs[1] + 1;
  // Columns go in two stages: low-res to the padded columns the window reads (pLo..pHi), then to image
  // columns. Between two padded columns of one sign every image column has that sign: only the cells
  // where the sign changes are computed pixel by pixel.
  const { i0: si0, i1: si1, w1: sw1 } = plan.colsImage;
  const { i0: f0, i1: f1, w1: fw1 } = plan.colsPadded;
  const cellEnd = plan.cellEnd;
  const pLo = si0[x0], pHi = si1[x1 - 1];
  const jLo = f0[pLo], jHi = f1[pHi];
  const builder = new RegionBuilder();
  const mixed = new Float64Array(side); // one output row, mixed from its low-res rows
  const padded = new Float64Array(plan.geometry.paddedWidth); // the same row at the padded columns
  for (let y = ys[0]; y <= ys[1]; y++) {
    mixed.fill(0, jLo, jHi + 1);
    for (let t = 4 * y; t < 4 * y + 4; t++) {
      const wt = rows.weight[t];
      if (wt === 0) continue;
      const from = rows.index[t] * side;
      for (let j = jLo; j <= jHi; j++) mixed[j] += wt * logits[from + j];
    }
    for (let p = pLo; p <= pHi; p++) padded[p] = (1 - fw1[p]) * mixed[f0[p]] + fw1[p] * mixed[f1[p]];
    let start = -1;
    for (let x = x0; x < x1; ) {
      const end = Math.min(cellEnd[x], x1);
      const a = padded[si0[x]], b = padded[si1[x]];
      if (a > 0 && b > 0) {
        if (start < 0) start = x;
      } else if (a <= 0 && b <= 0) {
        if (start >= 0) builder.add(y, start, x);
        start = -1;
      } else {
        for (let c = x; c < end; c++) {
          const inside = (1 - sw1[c]) * a + sw1[c] * b > 0;
          if (inside && start < 0) start = c;
          else if (!inside && start >= 0) {
            builder.add(y, start, c);
            start = -1;
          }
        }
      }
      x = end;
    }
    if (start >= 0) builder.add(y, start, x1);
  }
  return croppedMaskOf(builder.build());
}
