import { type Rect, intersectRect, rect, rectWidth } from "./geometry";

/** Largest object index a label map can hold (Uint16Array, 0 = unlabeled). */
export const MAX_OBJECT_INDEX = 0xffff;

/**
 * One label map for all objects of an image: the object index of every pixel,
 * row-major, 0 = unlabeled. Objects never overlap because a pixel holds one index.
 */
export class LabelMap {
  readonly width: number;
  readonly height: number;
  readonly data: Uint16Array;

  constructor(width: number, height: number, data?: Uint16Array) {
    if (!Number.isInteger(width) || !Number.isInteger(height) || width <= 0 || height <= 0) {
      throw new Error(`label map size must be positive integers, got ${width}x${height}`);
    }
    if (data && data.length !== width * height) throw new Error("label map data has the wrong length");
    this.width = width;
    this.height = height;
    this.data = data ?? new Uint16Array(width * height);
  }

  get bounds(): Rect {
    return rect(0, 0, this.width, this.height);
  }

  /** The rect clipped to the map, or null when it lies outside. */
  clip(r: Rect): Rect | null {
    return intersectRect(r, this.bounds);
  }

  get(x: number, y: number): number {
    return this.data[y * this.width + x];
  }

  set(x: number, y: number, value: number): void {
    this.data[y * this.width + x] = value;
  }

  /** Copy of the pixels inside r (must lie inside the map), row-major. */
  readPatch(r: Rect): Uint16Array {
    const w = rectWidth(r);
    const out = new Uint16Array(w * (r.y1 - r.y0));
    for (let y = r.y0; y < r.y1; y++) {
      const start = y * this.width + r.x0;
      out.set(this.data.subarray(start, start + w), (y - r.y0) * w);
    }
    return out;
  }

  writePatch(r: Rect, patch: Uint16Array): void {
    const w = rectWidth(r);
    for (let y = r.y0; y < r.y1; y++) {
      const row = (y - r.y0) * w;
      this.data.set(patch.subarray(row, row + w), y * this.width + r.x0);
    }
  }

  clear(): void {
    this.data.fill(0);
  }

  /** Pixel count per object index present in the map. */
  areas(): Map<number, number> {
    const counts = new Map<number, number>();
    const data = this.data;
    for (let i = 0; i < data.length; i++) {
      const v = data[i];
      if (v !== 0) counts.set(v, (counts.get(v) ?? 0) + 1);
    }
    return counts;
  }

  /** Bounding rect of the pixels holding `index`, or null when it has none. */
  boundsOf(index: number, within: Rect = this.bounds): Rect | null {
    let x0 = Infinity;
    let y0 = Infinity;
    let x1 = -Infinity;
    let y1 = -Infinity;
    for (let y = within.y0; y < within.y1; y++) {
      const row = y * this.width;
      for (let x = within.x0; x < within.x1; x++) {
        if (this.data[row + x] !== index) continue;
        if (x < x0) x0 = x;
        if (x > x1) x1 = x;
        if (y < y0) y0 = y;
        y1 = y;
      }
    }
    return x1 < 0 ? null : rect(x0, y0, x1 + 1, y1 + 1);
  }
}
