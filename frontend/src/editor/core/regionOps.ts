import { type Rect, expandRect, rect } from "./geometry";
import type { LabelMap } from "./labelMap";
import { type Region, RegionBuilder, floodRegion } from "./region";

/** The connected area under (x, y) that has the same label as that pixel (bucket fill). */
export function sameLabelRegion(map: LabelMap, x: number, y: number): Region {
  if (x < 0 || y < 0 || x >= map.width || y >= map.height) return floodRegion(1, 1, -1, -1, () => false);
  const seed = map.get(x, y);
  const data = map.data;
  return floodRegion(map.width, map.height, x, y, (i) => data[i] === seed);
}

/** RGBA pixels, row-major, 4 bytes per pixel (ImageData layout). */
export interface RgbaImage {
  readonly width: number;
  readonly height: number;
  readonly data: Uint8ClampedArray | Uint8Array;
}

/**
 * Magic wand: the connected area under (x, y) whose colour differs from the
 * seed colour by at most `tolerance` (0..255) in every RGB channel.
 */
export function similarColorRegion(image: RgbaImage, x: number, y: number, tolerance: number): Region {
  const { width, height, data } = image;
  if (x < 0 || y < 0 || x >= width || y >= height) return floodRegion(1, 1, -1, -1, () => false);
  const s = (y * width + x) * 4;
  const r = data[s];
  const g = data[s + 1];
  const b = data[s + 2];
  return floodRegion(width, height, x, y, (i) => {
    const p = i * 4;
    return Math.abs(data[p] - r) <= tolerance && Math.abs(data[p + 1] - g) <= tolerance && Math.abs(data[p + 2] - b) <= tolerance;
  });
}

/** Local window over the map: the object's bounds grown by one pixel, clipped. */
function windowAround(map: LabelMap, objectBounds: Rect): Rect {
  return map.clip(expandRect(objectBounds, 1)) ?? rect(0, 0, 0, 0);
}

/**
 * Holes of an object: pixels not belonging to it that no path of such pixels
 * connects (4-connected) to the outside of its bounds or the image border.
 */
export function holesOf(map: LabelMap, index: number): Region {
  const bounds = map.boundsOf(index);
  if (!bounds) return new RegionBuilder().build();
  const win = windowAround(map, bounds);
  const w = win.x1 - win.x0;
  const h = win.y1 - win.y0;
  const outside = new Uint8Array(w * h);
  const queue = new Int32Array(w * h);
  let head = 0;
  let tail = 0;
  const isOther = (lx: number, ly: number) => map.data[(ly + win.y0) * map.width + lx + win.x0] !== index;
  const seed = (lx: number, ly: number) => {
    const k = ly * w + lx;
    if (!outside[k] && isOther(lx, ly)) {
      outside[k] = 1;
      queue[tail++] = k;
    }
  };
  for (let lx = 0; lx < w; lx++) {
    seed(lx, 0);
    seed(lx, h - 1);
  }
  for (let ly = 0; ly < h; ly++) {
    seed(0, ly);
    seed(w - 1, ly);
  }
  while (head < tail) {
    const k = queue[head++];
    const lx = k % w;
    const ly = (k - lx) / w;
    if (lx > 0) seed(lx - 1, ly);
    if (lx < w - 1) seed(lx + 1, ly);
    if (ly > 0) seed(lx, ly - 1);
    if (ly < h - 1) seed(lx, ly + 1);
  }
  const builder = new RegionBuilder();
  for (let ly = 0; ly < h; ly++) {
    let start = -1;
    for (let lx = 0; lx <= w; lx++) {
      const hole = lx < w && !outside[ly * w + lx] && isOther(lx, ly);
      if (hole && start < 0) start = lx;
      if (!hole && start >= 0) {
        builder.add(ly + win.y0, start + win.x0, lx + win.x0);
        start = -1;
      }
    }
  }
  return builder.build();
}

/** Pieces of the object (8-connected) smaller than `minArea` pixels. */
export function specksOf(map: LabelMap, index: number, minArea: number): Region {
  const builder = new RegionBuilder();
  const bounds = map.boundsOf(index);
  if (!bounds) return builder.build();
  const w = bounds.x1 - bounds.x0;
  const h = bounds.y1 - bounds.y0;
  const seen = new Uint8Array(w * h);
  const queue = new Int32Array(w * h);
  const isObject = (lx: number, ly: number) => map.data[(ly + bounds.y0) * map.width + lx + bounds.x0] === index;
  for (let start = 0; start < w * h; start++) {
    if (seen[start] || !isObject(start % w, Math.floor(start / w))) continue;
    let head = 0;
    let tail = 0;
    seen[start] = 1;
    queue[tail++] = start;
    while (head < tail) {
      const k = queue[head++];
      const lx = k % w;
      const ly = (k - lx) / w;
      for (let dy = -1; dy <= 1; dy++) {
        for (let dx = -1; dx <= 1; dx++) {
          const nx = lx + dx;
          const ny = ly + dy;
          if (nx < 0 || ny < 0 || nx >= w || ny >= h) continue;
          const n = ny * w + nx;
          if (seen[n] || !isObject(nx, ny)) continue;
          seen[n] = 1;
          queue[tail++] = n;
        }
      }
    }
    if (tail >= minArea) continue;
    for (let i = 0; i < tail; i++) {
      const lx = queue[i] % w;
      const ly = (queue[i] - lx) / w;
      builder.add(ly + bounds.y0, lx + bounds.x0, lx + bounds.x0 + 1);
    }
  }
  return builder.build();
}
