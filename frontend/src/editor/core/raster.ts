import type { ImagePoint, Rect } from "./geometry";
import { coverRect, rect } from "./geometry";
import type { SpanSink } from "./editTransaction";

/*
 * Shapes rasterised to row spans. Convention: pixel (x, y) covers [x, x+1) x [y, y+1)
 * and is inside a shape when its centre (x+0.5, y+0.5) is.
 */

type Interval = [number, number];

/** Restrict [lo, hi] on X to where k*X + c lies in [min, max]. */
function clampLinear(iv: Interval, k: number, c: number, min: number, max: number): Interval {
  if (Math.abs(k) < 1e-12) return c >= min - 1e-9 && c <= max + 1e-9 ? iv : [1, 0];
  let a = (min - c) / k;
  let b = (max - c) / k;
  if (a > b) [a, b] = [b, a];
  return [Math.max(iv[0], a), Math.min(iv[1], b)];
}

function circleRow(cx: number, cy: number, r: number, y: number): Interval {
  const dy = y - cy;
  if (Math.abs(dy) > r) return [1, 0];
  const half = Math.sqrt(r * r - dy * dy);
  return [cx - half, cx + half];
}

function emitCenters(sink: SpanSink, y: number, iv: Interval): void {
  if (iv[0] > iv[1]) return;
  const x0 = Math.ceil(iv[0] - 0.5);
  const x1 = Math.floor(iv[1] - 0.5) + 1;
  if (x1 > x0) sink(y, x0, x1);
}

/** Bounds of the segment a-b swept by a disc of the given radius. */
export function capsuleBounds(a: ImagePoint, b: ImagePoint, radius: number): Rect {
  return coverRect(Math.min(a.x, b.x) - radius, Math.min(a.y, b.y) - radius, Math.max(a.x, b.x) + radius, Math.max(a.y, b.y) + radius);
}

/**
 * The round brush stamp swept from a to b (a "capsule"), plus the pixels the
 * pointer itself crossed, so neither fast strokes nor 1-px brushes leave gaps.
 */
export function capsuleSpans(a: ImagePoint, b: ImagePoint, radius: number, sink: SpanSink): void {
  const bounds = capsuleBounds(a, b, radius);
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  const len = Math.hypot(dx, dy);
  for (let y = bounds.y0; y < bounds.y1; y++) {
    const cy = y + 0.5;
    const ca = circleRow(a.x, a.y, radius, cy);
    const cb = circleRow(b.x, b.y, radius, cy);
    let lo = Math.min(ca[0] <= ca[1] ? ca[0] : Infinity, cb[0] <= cb[1] ? cb[0] : Infinity);
    let hi = Math.max(ca[0] <= ca[1] ? ca[1] : -Infinity, cb[0] <= cb[1] ? cb[1] : -Infinity);
    if (len > 1e-9) {
      const ux = dx / len;
      const uy = dy / len;
      let band: Interval = [-Infinity, Infinity];
      band = clampLinear(band, ux, (cy - a.y) * uy - a.x * ux, 0, len);
      band = clampLinear(band, -uy, (cy - a.y) * ux + a.x * uy, -radius, radius);
      if (band[0] <= band[1]) {
        lo = Math.min(lo, band[0]);
        hi = Math.max(hi, band[1]);
      }
    }
    if (lo <= hi) emitCenters(sink, y, [lo, hi]);
  }
  pixelLineSpans(a, b, sink);
}

/** The pixels a straight pointer path from a to b passes over: a 4-connected Bresenham line. */
export function pixelLineSpans(a: ImagePoint, b: ImagePoint, sink: SpanSink): void {
  let x = Math.floor(a.x);
  let y = Math.floor(a.y);
  const x1 = Math.floor(b.x);
  const y1 = Math.floor(b.y);
  const dx = Math.abs(x1 - x);
  const dy = -Math.abs(y1 - y);
  const sx = x < x1 ? 1 : -1;
  const sy = y < y1 ? 1 : -1;
  let err = dx + dy;
  for (;;) {
    sink(y, x, x + 1);
    if (x === x1 && y === y1) return;
    const e2 = 2 * err;
    const stepX = e2 >= dy;
    const stepY = e2 <= dx;
    if (stepX) {
      err += dy;
      x += sx;
    }
    if (stepY) {
      err += dx;
      // A diagonal step would leave the line only 8-connected: add the corner pixel.
      if (stepX) sink(y, x, x + 1);
      y += sy;
    }
  }
}

/** Even-odd scanline fill of a closed polygon (the last vertex connects back to the first). */
export function polygonSpans(points: readonly ImagePoint[], sink: SpanSink): void {
  if (points.length < 3) return;
  const bounds = polygonBounds(points);
  const crossings: number[] = [];
  for (let y = bounds.y0; y < bounds.y1; y++) {
    const cy = y + 0.5;
    crossings.length = 0;
    for (let i = 0, j = points.length - 1; i < points.length; j = i++) {
      const p = points[i];
      const q = points[j];
      if (p.y <= cy === q.y <= cy) continue;
      crossings.push(p.x + ((cy - p.y) / (q.y - p.y)) * (q.x - p.x));
    }
    crossings.sort((m, n) => m - n);
    for (let k = 0; k + 1 < crossings.length; k += 2) {
      const x0 = Math.ceil(crossings[k] - 0.5);
      const x1 = Math.ceil(crossings[k + 1] - 0.5);
      if (x1 > x0) sink(y, x0, x1);
    }
  }
}

export function polygonBounds(points: readonly ImagePoint[]): Rect {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const p of points) {
    minX = Math.min(minX, p.x);
    minY = Math.min(minY, p.y);
    maxX = Math.max(maxX, p.x);
    maxY = Math.max(maxY, p.y);
  }
  return rect(Math.floor(minX), Math.floor(minY), Math.ceil(maxX) + 1, Math.ceil(maxY) + 1);
}
