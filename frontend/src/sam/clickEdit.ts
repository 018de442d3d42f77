// Click consistency, as the server does it (labelplatform/prelabel/engines/click_edit.py): each click the
// decoder's mask contradicts, within DEEPEST_CELLS of its edge, moves the wrong-side pixels near it, in a band
// along the mask's edge as wide as the click is deep, to its side; the edit stays for the later steps, and the
// next step's mask input has the cells it moved set to its side. A click the mask honours changes nothing.
// Exact integer geometry (squared distances, an exact distance transform), so both make the same pixels:
// testdata/click_edit_vectors.json holds them to it. Pure: no DOM.
import type { CroppedMask } from "../editor";
import { LruCache } from "../lib/lru";
import type { Step } from "./protocol";
import { type UpsamplePlan, maskFromLogits } from "./upsample";

/** How far along the edge an edit reaches, in multiples of the click's distance d to the mask's edge. */
export const REACH = 2;
/** How far from the mask's edge, in multiples of d: a sliver's full width. */
export const BAND = 2;
/** d at most this many cells of SAM's grid (the longest side / GRID): a deeper miss is SAM's to answer. */
export const DEEPEST_CELLS = 4;
export const GRID = 256;

/** [x, y, 1 | 0] in image pixels, 1 = inside. */
export type EditClick = readonly [x: number, y: number, label: 0 | 1];

const FAR = Number.MAX_SAFE_INTEGER;

/** A window of a full-image mask, growing as edits reach past it; nothing outside it is inside. */
class Grid {
  x0: number;
  y0: number;
  w: number;
  h: number;
  bits: Uint8Array;

  constructor(mask: CroppedMask, readonly width: number, readonly height: number) {
    const b = mask.bounds;
    [this.x0, this.y0, this.w, this.h] = [b.x0, b.y0, Math.max(0, b.x1 - b.x0), Math.max(0, b.y1 - b.y0)];
    this.bits = new Uint8Array(mask.bits);
  }

  get(x: number, y: number): number {
    const cx = x - this.x0, cy = y - this.y0;
    return cx >= 0 && cy >= 0 && cx < this.w && cy < this.h ? (this.bits[cy * this.w + cx] ? 1 : 0) : 0;
  }

  /** Makes [x0, x1) x [y0, y1) part of the window. */
  cover(x0: number, y0: number, x1: number, y1: number): void {
    const nx0 = this.w ? Math.min(this.x0, x0) : x0, ny0 = this.h ? Math.min(this.y0, y0) : y0;
    const nx1 = this.w ? Math.max(this.x0 + this.w, x1) : x1, ny1 = this.h ? Math.max(this.y0 + this.h, y1) : y1;
    if (nx0 === this.x0 && ny0 === this.y0 && nx1 - nx0 === this.w && ny1 - ny0 === this.h) return;
    const bits = new Uint8Array((nx1 - nx0) * (ny1 - ny0));
    for (let y = 0; y < this.h; y++) {
      bits.set(this.bits.subarray(y * this.w, (y + 1) * this.w), (y + this.y0 - ny0) * (nx1 - nx0) + this.x0 - nx0);
    }
    [this.x0, this.y0, this.w, this.h, this.bits] = [nx0, ny0, nx1 - nx0, ny1 - ny0, bits];
  }

  set(x: number, y: number, value: number): void {
    this.bits[(y - this.y0) * this.w + x - this.x0] = value;
  }

  mask(): CroppedMask {
    return { bounds: { x0: this.x0, y0: this.y0, x1: this.x0 + this.w, y1: this.y0 + this.h }, bits: this.bits };
  }
}

/** The pixel a click lands on: truncated (Python's int()), clamped to the image. */
export function clickPixel(x: number, y: number, height: number, width: number): [number, number] {
  return [Math.min(width - 1, Math.max(0, Math.trunc(x))), Math.min(height - 1, Math.max(0, Math.trunc(y)))];
}

/**
 * Squared distance from (x, y) to the nearest pixel with label `label`, when
 * it is within `limit` pixels (further ones are never edited); null otherwise.
 */
function nearestSquared(grid: Grid, x: number, y: number, label: number, limit: number): number | null {
  // Inside pixels all lie in the window; outside ones either outside it or in it (one ring out is enough).
  const x0 = Math.max(x - limit, label ? grid.x0 : Math.max(0, grid.x0 - 1));
  const x1 = Math.min(x + limit + 1, label ? grid.x0 + grid.w : Math.min(grid.width, grid.x0 + grid.w + 1));
  const y0 = Math.max(y - limit, label ? grid.y0 : Math.max(0, grid.y0 - 1));
  const y1 = Math.min(y + limit + 1, label ? grid.y0 + grid.h : Math.min(grid.height, grid.y0 + grid.h + 1));
  let best = FAR;
  for (let yy = y0; yy < y1; yy++) {
    const dy2 = (yy - y) * (yy - y);
    if (dy2 >= best) continue;
    for (let xx = x0; xx < x1; xx++) {
      const d2 = dy2 + (xx - x) * (xx - x);
      if (d2 < best && grid.get(xx, yy) === label) best = d2;
    }
  }
  return best === FAR ? null : best;
}

/** Exact squared Euclidean distance transform (Felzenszwalb and Huttenlocher) to the pixels where `feature`. */
export function squaredDistances(feature: Uint8Array, w: number, h: number): Float64Array {
  const out = new Float64Array(w * h);
  for (let i = 0; i < w * h; i++) out[i] = feature[i] ? 0 : FAR;
  const n = Math.max(w, h);
  const f = new Float64Array(n), d = new Float64Array(n), z = new Float64Array(n + 1);
  const v = new Int32Array(n);
  const pass = (len: number, read: (i: number) => number, write: (i: number, value: number) => void) => {
    for (let i = 0; i < len; i++) f[i] = read(i);
    let k = -1;
    for (let q = 0; q < len; q++) {
      if (f[q] === FAR) continue;
      if (k < 0) {
        k = 0;
        v[0] = q;
        z[0] = -Infinity;
        z[1] = Infinity;
        continue;
      }
      // where q's parabola passes below the envelope's last one; z[0] = -Infinity keeps k >= 0
      const meet = (r: number) => (f[q] + q * q - (f[r] + r * r)) / (2 * q - 2 * r);
      let s = meet(v[k]);
      while (s <= z[k]) s = meet(v[--k]);
      k++;
      v[k] = q;
      z[k] = s;
      z[k + 1] = Infinity;
    }
    if (k < 0) {
      for (let i = 0; i < len; i++) write(i, FAR);
      return;
    }
    let j = 0;
    for (let q = 0; q < len; q++) {
      while (z[j + 1] < q) j++;
      d[q] = (q - v[j]) * (q - v[j]) + f[v[j]];
    }
    for (let i = 0; i < len; i++) write(i, d[i]);
  };
  for (let x = 0; x < w; x++) pass(h, (i) => out[i * w + x], (i, value) => (out[i * w + x] = value));
  for (let y = 0; y < h; y++) pass(w, (i) => out[y * w + i], (i, value) => (out[y * w + i] = value));
  return out;
}

/** Pixels (x, y) one contradicted click moves to its side; `keep` says which pixels it must leave. */
function editRegion(grid: Grid, x: number, y: number, label: number, keep: (x: number, y: number) => boolean): number[] {
  const deepest = DEEPEST_CELLS * Math.max(grid.width, grid.height); // in 1/GRID pixels
  const squared = nearestSquared(grid, x, y, label, Math.floor(deepest / GRID));
  if (squared === null || squared * GRID * GRID > deepest * deepest) return [];
  const reach = Math.ceil(Math.sqrt(squared * REACH * REACH));
  const span = reach + Math.ceil(Math.sqrt(squared * BAND * BAND));
  const x0 = Math.max(0, x - span), x1 = Math.min(grid.width, x + span + 1);
  const y0 = Math.max(0, y - span), y1 = Math.min(grid.height, y + span + 1);
  const w = x1 - x0, h = y1 - y0;
  const labelled = new Uint8Array(w * h);
  for (let yy = y0; yy < y1; yy++) for (let xx = x0; xx < x1; xx++) labelled[(yy - y0) * w + xx - x0] = grid.get(xx, yy) === label ? 1 : 0;
  const toEdge = squaredDistances(labelled, w, h);
  const candidate = new Uint8Array(w * h);
  for (let yy = y0; yy < y1; yy++) {
    for (let xx = x0; xx < x1; xx++) {
      const i = (yy - y0) * w + xx - x0;
      candidate[i] = !labelled[i] && toEdge[i] <= BAND * BAND * squared && (xx - x) ** 2 + (yy - y) ** 2 < REACH * REACH * squared && !keep(xx, yy) ? 1 : 0;
    }
  }
  candidate[(y - y0) * w + x - x0] = 1;
  // The 4-connected part holding the click.
  const region: number[] = [];
  const stack = [(y - y0) * w + x - x0];
  candidate[stack[0]] = 2;
  while (stack.length) {
    const i = stack.pop() as number;
    const cx = i % w, cy = (i - cx) / w;
    region.push(cx + x0, cy + y0);
    const next = [cx > 0 ? i - 1 : -1, cx < w - 1 ? i + 1 : -1, cy > 0 ? i - w : -1, cy < h - 1 ? i + w : -1];
    for (const j of next) {
      if (j >= 0 && candidate[j] === 1) {
        candidate[j] = 2;
        stack.push(j);
      }
    }
  }
  return region;
}

/** One click's edit: the pixels it moved to its side, as flat (x, y) pairs. */
export type EditRegion = Int32Array;
/** Per click so far: its edit, or null while the decoder's masks honoured it. */
export type Edits = readonly (EditRegion | null)[];

function paint(grid: Grid, region: EditRegion, label: number): void {
  if (label) {
    let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
    for (let i = 0; i < region.length; i += 2) {
      x0 = Math.min(x0, region[i]);
      x1 = Math.max(x1, region[i] + 1);
      y0 = Math.min(y0, region[i + 1]);
      y1 = Math.max(y1, region[i + 1] + 1);
    }
    grid.cover(x0, y0, x1, y1);
  }
  for (let i = 0; i < region.length; i += 2) grid.set(region[i], region[i + 1], label);
}

/**
 * One step of the interactive loop (click_edit.edit_step): the mask shown and
 * the edits in force after it. `decoded`: the decoder's mask for the step,
 * `clicks`: every click so far, `edits`: the step before's.
 */
export function editStep(decoded: CroppedMask, clicks: readonly EditClick[], edits: Edits, width: number, height: number): { shown: CroppedMask; edits: Edits } {
  const grid = new Grid(decoded, width, height);
  const pixels = clicks.map(([x, y, label]) => [...clickPixel(x, y, height, width), label] as const);
  const made: (EditRegion | null)[] = [...edits, ...Array<null>(Math.max(0, pixels.length - edits.length)).fill(null)];
  if (made.every((region) => region === null) && pixels.every(([px, py, label]) => grid.get(px, py) === label)) return { shown: decoded, edits: made };
  const keepOf = (label: number) => {
    const kept = new Set(pixels.filter(([, , other]) => other !== label).map(([px, py]) => py * width + px));
    return (x: number, y: number) => kept.has(y * width + x);
  };
  const keep = [keepOf(0), keepOf(1)];
  pixels.forEach(([px, py, label], index) => {
    if (made[index] === null && grid.get(px, py) !== label) {
      const region = editRegion(grid, px, py, label, keep[label]);
      made[index] = region.length ? Int32Array.from(region) : null;
    }
    const region = made[index];
    if (region) paint(grid, region, label);
  });
  return { shown: grid.mask(), edits: made };
}

/** The mask shown after the last of `masks` (the decoder's, one per step; the last clicks.length of them the clicks' steps). */
export function edited(masks: readonly CroppedMask[], clicks: readonly EditClick[], width: number, height: number): CroppedMask {
  let edits: Edits = [];
  let shown = masks[0];
  const first = masks.length - clicks.length;
  masks.forEach((decoded, index) => {
    ({ shown, edits } = editStep(decoded, clicks.slice(0, Math.max(0, index - first + 1)), edits, width, height));
  });
  return shown;
}

/** An edited cell's logit in the next step's mask input (click_edit.FED_LOGIT). */
export const FED_LOGIT = 8;

/** Whether (x, y) is inside a cropped mask. */
function inside(mask: CroppedMask, x: number, y: number): boolean {
  const b = mask.bounds;
  return x >= b.x0 && y >= b.y0 && x < b.x1 && y < b.y1 && mask.bits[(y - b.y0) * (b.x1 - b.x0) + x - b.x0] !== 0;
}

/**
 * The next step's mask input (click_edit.fed_logits): the step's own `side` x
 * `side` logits with each cell whose centre pixel an edit moved pushed to at
 * least FED_LOGIT on the edit's side; `lowRes` itself when nothing moved.
 */
export function fedLogits(lowRes: Float32Array, decoded: CroppedMask, shown: CroppedMask, plan: UpsamplePlan): Float32Array {
  if (shown === decoded) return lowRes;
  const { width, height, inputWidth, inputHeight, paddedWidth, paddedHeight } = plan.geometry;
  const side = plan.side;
  // a cell's centre pixel, in integers: ((2c + 1) / 2 cells) * (padded / side) * (image / resized)
  const centre = (c: number, padded: number, image: number, resized: number) => Math.floor(((2 * c + 1) * padded * image) / (2 * side * resized));
  let out: Float32Array | null = null;
  for (let r = 0; r < side; r++) {
    const y = centre(r, paddedHeight, height, inputHeight);
    if (y >= height) continue;
    for (let c = 0; c < side; c++) {
      const x = centre(c, paddedWidth, width, inputWidth);
      if (x >= width) continue;
      const now = inside(shown, x, y);
      if (now === inside(decoded, x, y)) continue;
      out ??= new Float32Array(lowRes);
      const i = r * side + c;
      out[i] = now ? Math.max(out[i], FED_LOGIT) : Math.min(out[i], -FED_LOGIT);
    }
  }
  return out ?? lowRes;
}

/** Steps whose edits are kept, as many as the decoder runs a segmenter keeps (a fed input can be 256 KB). */
const KEPT_EDITS = 64;

interface AfterStep {
  readonly edits: Edits;
  /** The next step's mask input (the step's own logits when nothing moved). */
  readonly fed: Float32Array;
}

/**
 * The edits in force after each step of one image's replays, by the step's
 * key (protocol.ts: a key names a run and every run before it), so a new click
 * edits one step, not the whole chain again. `lowResOf(i)`: the decoder's
 * logits of step i (kept by the segmenter), needed for the steps since the
 * last one with kept edits.
 */
export class ClickEdits {
  private readonly after = new LruCache<string, AfterStep>(KEPT_EDITS);

  constructor(readonly width: number, readonly height: number) {}

  /** Step `index` done again from the state before it: its mask shown, its state kept. */
  private step(steps: readonly Step[], index: number, clicks: readonly EditClick[], lowResOf: (index: number) => Float32Array, plan: UpsamplePlan): CroppedMask {
    const before = index > 0 ? this.state(steps, index - 1, clicks, lowResOf, plan).edits : [];
    const lowRes = lowResOf(index);
    const decoded = maskFromLogits(lowRes, plan);
    const first = steps.length - clicks.length;
    const { shown, edits } = editStep(decoded, clicks.slice(0, Math.max(0, index - first + 1)), before, this.width, this.height);
    this.after.set(steps[index].key, { edits, fed: fedLogits(lowRes, decoded, shown, plan) });
    return shown;
  }

  private state(steps: readonly Step[], index: number, clicks: readonly EditClick[], lowResOf: (index: number) => Float32Array, plan: UpsamplePlan): AfterStep {
    let kept = this.after.get(steps[index].key);
    if (!kept) {
      this.step(steps, index, clicks, lowResOf, plan);
      kept = this.after.get(steps[index].key) as AfterStep;
    }
    return kept;
  }

  /** The mask shown for the last of `steps`. */
  shown(steps: readonly Step[], clicks: readonly EditClick[], lowResOf: (index: number) => Float32Array, plan: UpsamplePlan): CroppedMask {
    return this.step(steps, steps.length - 1, clicks, lowResOf, plan);
  }

  /** The mask input of step `index` (> 0): the step before's logits with its edits fed in. */
  feed(steps: readonly Step[], index: number, clicks: readonly EditClick[], lowResOf: (index: number) => Float32Array, plan: UpsamplePlan): Float32Array {
    return this.state(steps, index - 1, clicks, lowResOf, plan).fed;
  }
}

const perImage = new WeakMap<object, ClickEdits>();

/** The ClickEdits of one image's segmenter (`owner`), made on first use: LocalSegmenter's one-line hook. */
export function clickEditsOf(owner: object, width: number, height: number): ClickEdits {
  let edits = perImage.get(owner);
  if (!edits) perImage.set(owner, (edits = new ClickEdits(width, height)));
  return edits;
}
