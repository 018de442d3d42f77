/** Coordinate spaces are branded so an image point can never be passed where a screen point is expected. */
declare const imageBrand: unique symbol;
declare const screenBrand: unique symbol;

/** A point in image pixels: (0,0) is the top-left corner of the top-left pixel. */
export type ImagePoint = { readonly x: number; readonly y: number; readonly [imageBrand]: true };
/** A point in CSS pixels relative to the top-left corner of the editor's container. */
export type ScreenPoint = { readonly x: number; readonly y: number; readonly [screenBrand]: true };

export function imagePoint(x: number, y: number): ImagePoint {
  return { x, y } as ImagePoint;
}

export function screenPoint(x: number, y: number): ScreenPoint {
  return { x, y } as ScreenPoint;
}

/** Integer pixel rectangle in image space; x1/y1 exclusive. */
export interface Rect {
  readonly x0: number;
  readonly y0: number;
  readonly x1: number;
  readonly y1: number;
}

export function rect(x0: number, y0: number, x1: number, y1: number): Rect {
  return { x0, y0, x1, y1 };
}

export function rectWidth(r: Rect): number {
  return r.x1 - r.x0;
}

export function rectHeight(r: Rect): number {
  return r.y1 - r.y0;
}

export function rectArea(r: Rect): number {
  return Math.max(0, r.x1 - r.x0) * Math.max(0, r.y1 - r.y0);
}

export function isEmptyRect(r: Rect): boolean {
  return r.x1 <= r.x0 || r.y1 <= r.y0;
}

export function unionRect(a: Rect | null, b: Rect | null): Rect | null {
  if (!a || isEmptyRect(a)) return b && !isEmptyRect(b) ? b : null;
  if (!b || isEmptyRect(b)) return a;
  return rect(Math.min(a.x0, b.x0), Math.min(a.y0, b.y0), Math.max(a.x1, b.x1), Math.max(a.y1, b.y1));
}

export function intersectRect(a: Rect, b: Rect): Rect | null {
  const r = rect(Math.max(a.x0, b.x0), Math.max(a.y0, b.y0), Math.min(a.x1, b.x1), Math.min(a.y1, b.y1));
  return isEmptyRect(r) ? null : r;
}

export function expandRect(r: Rect, by: number): Rect {
  return rect(r.x0 - by, r.y0 - by, r.x1 + by, r.y1 + by);
}

/** Smallest integer rect that covers the given real-valued bounds. */
export function coverRect(minX: number, minY: number, maxX: number, maxY: number): Rect {
  return rect(Math.floor(minX), Math.floor(minY), Math.ceil(maxX) + 1, Math.ceil(maxY) + 1);
}

export function boundsOf(points: readonly ImagePoint[]): Rect | null {
  if (points.length === 0) return null;
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
  return coverRect(minX, minY, maxX, maxY);
}

export function distance(a: { x: number; y: number }, b: { x: number; y: number }): number {
  return Math.hypot(a.x - b.x, a.y - b.y);
}
