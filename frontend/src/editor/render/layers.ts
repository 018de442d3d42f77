import { type Rect, intersectRect, unionRect } from "../core/geometry";
import type { LabelMap } from "../core/labelMap";
import { type Outline, rasterizeOverlay } from "../view/overlayRaster";
import type { TileGrid } from "../view/tileGrid";
import type { EditorImage } from "./imageSource";

function createCanvas(width: number, height: number): HTMLCanvasElement {
  const canvas = document.createElement("canvas");
  canvas.width = width;
  canvas.height = height;
  return canvas;
}

/**
 * The image cut into tiles (one tile up to 4096 px a side), so very large
 * images never need one giant texture; tiles are cut when first drawn.
 */
export class ImageTiles {
  private readonly tiles: (HTMLCanvasElement | null)[];

  constructor(
    private readonly image: EditorImage,
    private readonly grid: TileGrid,
  ) {
    this.tiles = new Array<HTMLCanvasElement | null>(grid.count).fill(null);
  }

  draw(ctx: CanvasRenderingContext2D, index: number): void {
    const r = this.grid.tileRect(index);
    if (this.grid.count === 1) {
      ctx.drawImage(this.image, 0, 0);
      return;
    }
    ctx.drawImage(this.tile(index), r.x0, r.y0);
  }

  /** RGBA pixels of the whole image, read tile by tile. */
  readPixels(): Uint8ClampedArray {
    const { width, height } = this.grid;
    const out = new Uint8ClampedArray(width * height * 4);
    for (let i = 0; i < this.grid.count; i++) {
      const r = this.grid.tileRect(i);
      const w = r.x1 - r.x0;
      const canvas = this.grid.count === 1 ? this.singleCanvas() : this.tile(i);
      const data = (canvas.getContext("2d") as CanvasRenderingContext2D).getImageData(0, 0, w, r.y1 - r.y0).data;
      for (let y = r.y0; y < r.y1; y++) out.set(data.subarray((y - r.y0) * w * 4, (y - r.y0 + 1) * w * 4), (y * width + r.x0) * 4);
    }
    return out;
  }

  private singleCanvas(): HTMLCanvasElement {
    const canvas = createCanvas(this.grid.width, this.grid.height);
    (canvas.getContext("2d") as CanvasRenderingContext2D).drawImage(this.image, 0, 0);
    return canvas;
  }

  private tile(index: number): HTMLCanvasElement {
    const existing = this.tiles[index];
    if (existing) return existing;
    const r = this.grid.tileRect(index);
    const w = r.x1 - r.x0;
    const h = r.y1 - r.y0;
    const canvas = createCanvas(w, h);
    (canvas.getContext("2d") as CanvasRenderingContext2D).drawImage(this.image, r.x0, r.y0, w, h, 0, 0, w, h);
    this.tiles[index] = canvas;
    return canvas;
  }
}

interface OverlayTile {
  readonly canvas: HTMLCanvasElement;
  readonly ctx: CanvasRenderingContext2D;
  readonly imageData: ImageData;
  readonly pixels: Uint32Array;
}

/**
 * The mask overlay, tiled like the image. Changes only mark rects dirty; a
 * tile re-colours just its dirty rect, and only when it is visible.
 */
export class OverlayTiles {
  private readonly tiles: (OverlayTile | null)[];
  private readonly dirty: (Rect | null)[];

  constructor(private readonly grid: TileGrid) {
    this.tiles = new Array<OverlayTile | null>(grid.count).fill(null);
    this.dirty = Array.from({ length: grid.count }, (_, i) => grid.tileRect(i));
  }

  invalidate(area: Rect): void {
    for (const i of this.grid.tilesIn(area)) {
      const clipped = intersectRect(area, this.grid.tileRect(i));
      if (clipped) this.dirty[i] = unionRect(this.dirty[i], clipped);
    }
  }

  invalidateAll(): void {
    for (let i = 0; i < this.grid.count; i++) this.dirty[i] = this.grid.tileRect(i);
  }

  /** Bring the tile up to date, then draw it. */
  draw(ctx: CanvasRenderingContext2D, index: number, map: LabelMap, palette: Uint32Array, outline: Outline): void {
    const tileRect = this.grid.tileRect(index);
    const tile = this.tile(index);
    const dirty = this.dirty[index];
    if (dirty) {
      rasterizeOverlay(map, dirty, palette, outline, tile.pixels, tileRect);
      tile.ctx.putImageData(tile.imageData, 0, 0, dirty.x0 - tileRect.x0, dirty.y0 - tileRect.y0, dirty.x1 - dirty.x0, dirty.y1 - dirty.y0);
      this.dirty[index] = null;
    }
    ctx.drawImage(tile.canvas, tileRect.x0, tileRect.y0);
  }

  private tile(index: number): OverlayTile {
    const existing = this.tiles[index];
    if (existing) return existing;
    const r = this.grid.tileRect(index);
    const canvas = createCanvas(r.x1 - r.x0, r.y1 - r.y0);
    const ctx = canvas.getContext("2d") as CanvasRenderingContext2D;
    const imageData = ctx.createImageData(canvas.width, canvas.height);
    const tile = { canvas, ctx, imageData, pixels: new Uint32Array(imageData.data.buffer) };
    this.tiles[index] = tile;
    return tile;
  }
}
