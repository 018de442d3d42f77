/*
 * COCO run-length encoding, byte-identical to pycocotools:
 * mask.encode(np.asfortranarray(m))["counts"]. Runs are column-major and the
 * first run is background (it may be 0).
 */

/** A COCO RLE as it travels on the wire: size is [height, width]. */
export interface CocoRle {
  readonly size: readonly [number, number];
  readonly counts: string;
}

/** The uncompressed form accepted on input. */
export interface UncompressedRle {
  readonly size: readonly [number, number];
  readonly counts: readonly number[];
}

/** Either form, as a loaded label may carry it. */
export interface WireRle {
  readonly size: readonly [number, number];
  readonly counts: string | readonly number[];
}

/** pycocotools rleToString: delta against counts[i-2] for i > 2, 5-bit chunks, 0x20 = more, +48. */
export function countsToString(counts: readonly number[]): string {
  let out = "";
  for (let i = 0; i < counts.length; i++) {
    let x = counts[i];
    if (i > 2) x -= counts[i - 2];
    let more = true;
    while (more) {
      let c = x & 0x1f;
      x = Math.floor(x / 32); // arithmetic shift, also beyond 32 bits
      more = c & 0x10 ? x !== -1 : x !== 0;
      if (more) c |= 0x20;
      out += String.fromCharCode(c + 48);
    }
  }
  return out;
}

/** pycocotools rleFrString. Throws on characters outside the alphabet or a truncated number. */
export function stringToCounts(s: string): number[] {
  const counts: number[] = [];
  let p = 0;
  while (p < s.length) {
    let x = 0;
    let k = 0;
    let more = true;
    while (more) {
      if (p >= s.length) throw new Error("RLE counts string ends inside a number");
      const c = s.charCodeAt(p) - 48;
      if (c < 0 || c > 63) throw new Error(`RLE counts string has an invalid character at ${p}`);
      x += (c & 0x1f) * 2 ** (5 * k);
      more = (c & 0x20) !== 0;
      p++;
      k++;
      if (!more && c & 0x10) x -= 2 ** (5 * k);
    }
    if (counts.length > 2) x += counts[counts.length - 2];
    counts.push(x);
  }
  return counts;
}

/** Runs of one object while walking the map. */
interface RunState {
  readonly counts: number[];
  lastEnd: number;
}

/**
 * RLE of every object in the label map in one column-major pass.
 * Returns object index -> COCO RLE (compressed counts string).
 */
export function encodeRle(labelMap: Uint16Array | Uint32Array, width: number, height: number): Map<number, CocoRle> {
  const states = new Map<number, RunState>();
  const n = width * height;
  const close = (index: number, start: number, end: number) => {
    let state = states.get(index);
    if (!state) {
      state = { counts: [], lastEnd: 0 };
      states.set(index, state);
    }
    state.counts.push(start - state.lastEnd, end - start);
    state.lastEnd = end;
  };
  let prev = 0;
  let runStart = 0;
  let p = 0;
  for (let x = 0; x < width; x++) {
    for (let i = x; i < n; i += width) {
      const v = labelMap[i];
      if (v !== prev) {
        if (prev !== 0) close(prev, runStart, p);
        prev = v;
        runStart = p;
      }
      p++;
    }
  }
  if (prev !== 0) close(prev, runStart, n);
  const result = new Map<number, CocoRle>();
  const size: [number, number] = [height, width];
  for (const [index, state] of [...states].sort((a, b) => a[0] - b[0])) {
    if (state.lastEnd < n) state.counts.push(n - state.lastEnd);
    result.set(index, { size, counts: countsToString(state.counts) });
  }
  return result;
}

/** Counts of an RLE in either form, checked against the expected size: runs non-negative, summing to h*w. */
export function rleCounts(rle: WireRle, width: number, height: number): number[] {
  const [h, w] = rle.size;
  if (h !== height || w !== width) throw new Error(`mask size [${h}, ${w}] does not match the image [${height}, ${width}]`);
  const counts = typeof rle.counts === "string" ? stringToCounts(rle.counts) : [...rle.counts];
  let total = 0;
  for (const c of counts) {
    if (!Number.isInteger(c) || c < 0) throw new Error("mask has a negative or non-integer run");
    total += c;
  }
  if (total !== width * height) throw new Error(`mask runs sum to ${total}, expected ${width * height}`);
  return counts;
}

/**
 * Paint the foreground of an RLE into a label map with `index`.
 * `canWrite(current)` decides per pixel (defaults to overwriting). Returns the pixels painted.
 */
export function decodeRle(
  rle: WireRle,
  labelMap: Uint8Array | Uint16Array | Uint32Array,
  width: number,
  height: number,
  index: number,
  canWrite: (current: number) => boolean = () => true,
): number {
  const counts = rleCounts(rle, width, height);
  let p = 0;
  let painted = 0;
  for (let k = 0; k < counts.length; k++) {
    const end = p + counts[k];
    if (k % 2 === 1) {
      for (let q = p; q < end; q++) {
        const y = q % height;
        const i = y * width + (q - y) / height;
        if (canWrite(labelMap[i])) {
          labelMap[i] = index;
          painted++;
        }
      }
    }
    p = end;
  }
  return painted;
}
