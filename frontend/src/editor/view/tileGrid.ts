import { type Rect, intersectRect, rect } from "../core/geometry";

/** Images larger than this on a side are drawn in tiles. */
export const TILING_THRESHOLD_PX = 4096;
export const TILE_SIZE_PX = 2048;

/** How an image is cut into tiles: one tile up to 4096 px a side, 2048 px tiles beyond. */
export class TileGrid {
  readonly tileWidth: number;
  readonly tileHeight: number;
  readonly columns: number;
  readonly rows: number;

  constructor(
    readonly width: number,
    readonly height: number,
  ) {
    const tiled = width > TILING_THRESHOLD_PX || height > TILING_THRESHOLD_PX;
    this.tileWidth = tiled ? TILE_SIZE_PX : width;
    this.tileHeight = tiled ? TILE_SIZE_PX : height;
    this.columns = Math.ceil(width / this.tileWidth);
    this.rows = Math.ceil(height / this.tileHeight);
  }

  get count(): number {
    return this.columns * this.rows;
  }

  tileRect(index: number): Rect {
    const x0 = (index % this.columns) * this.tileWidth;
    const y0 = Math.floor(index / this.columns) * this.tileHeight;
    return rect(x0, y0, Math.min(x0 + this.tileWidth, this.width), Math.min(y0 + this.tileHeight, this.height));
  }

  /** Indices of the tiles that intersect `area` (image pixels, may be fractional or out of bounds). */
  tilesIn(area: { x0: number; y0: number; x1: number; y1: number }): number[] {
    const clipped = intersectRect(rect(Math.floor(area.x0), Math.floor(area.y0), Math.ceil(area.x1), Math.ceil(area.y1)), rect(0, 0, this.width, this.height));
    if (!clipped) return [];
    const out: number[] = [];
    for (let ty = Math.floor(clipped.y0 / this.tileHeight); ty <= Math.floor((clipped.y1 - 1) / this.tileHeight); ty++) {
      for (let tx = Math.floor(clipped.x0 / this.tileWidth); tx <= Math.floor((clipped.x1 - 1) / this.tileWidth); tx++) {
        out.push(ty * this.columns + tx);
      }
    }
    return out;
  }
}
