import { type Rect, intersectRect, rect, unionRect } from "./geometry";
import type { LabelMap } from "./labelMap";
import { type PaintOp, writableTest } from "./paintPolicy";

/** The pixels of one edit: the changed rectangle before and after. Never a copy of the map. */
export interface PixelPatch {
  readonly rect: Rect;
  readonly before: Uint16Array;
  readonly after: Uint16Array;
}

/** Emits the horizontal spans [x0, x1) of row y that a shape covers. */
export type SpanSink = (y: number, x0: number, x1: number) => void;
export type SpanSource = (sink: SpanSink) => void;

const TILE = 64;

/**
 * Collects the pixels an in-progress edit changes. The first time a tile is
 * about to be written its old content is saved, so the edit can be rolled
 * back (Escape) or turned into a before/after patch of just the changed rect.
 */
export class EditTransaction {
  private readonly map: LabelMap;
  private readonly tilesX: number;
  private readonly saved = new Map<number, Uint16Array>();
  private touched: Rect | null = null;
  /** Objects no paint may change (hidden ones: nobody should edit what they cannot see). */
  private readonly locked: ReadonlySet<number>;

  constructor(map: LabelMap, locked: ReadonlySet<number> = new Set()) {
    this.map = map;
    this.tilesX = Math.ceil(map.width / TILE);
    this.locked = locked;
  }

  /** Rect of everything written so far (may be larger than what actually changed). */
  get touchedRect(): Rect | null {
    return this.touched;
  }

  /** Save the tiles under `area` before writing into it. Returns the clipped area, or null. */
  prepare(area: Rect): Rect | null {
    const clipped = this.map.clip(area);
    if (!clipped) return null;
    for (let ty = Math.floor(clipped.y0 / TILE); ty <= Math.floor((clipped.y1 - 1) / TILE); ty++) {
      for (let tx = Math.floor(clipped.x0 / TILE); tx <= Math.floor((clipped.x1 - 1) / TILE); tx++) {
        const key = ty * this.tilesX + tx;
        if (!this.saved.has(key)) this.saved.set(key, this.map.readPatch(this.tileRect(tx, ty)));
      }
    }
    this.touched = unionRect(this.touched, clipped);
    return clipped;
  }

  /** Write `op` into the spans that `source` emits, all within `area`. Returns the clipped area. */
  paintSpans(area: Rect, op: PaintOp, source: SpanSource): Rect | null {
    const clipped = this.prepare(area);
    if (!clipped) return null;
    const { data, width } = this.map;
    const allowed = writableTest(op);
    const locked = this.locked;
    const writable = locked.size === 0 ? allowed : (current: number) => !locked.has(current) && allowed(current);
    const value = op.value;
    source((y, x0, x1) => {
      if (y < clipped.y0 || y >= clipped.y1) return;
      const from = y * width + Math.max(x0, clipped.x0);
      const to = y * width + Math.min(x1, clipped.x1);
      for (let i = from; i < to; i++) if (writable(data[i])) data[i] = value;
    });
    return clipped;
  }

  /** Put every saved tile back. Returns the rect to redraw. */
  rollback(): Rect | null {
    for (const [key, patch] of this.saved) this.map.writePatch(this.tileRectOf(key), patch);
    const dirty = this.touched;
    this.saved.clear();
    this.touched = null;
    return dirty;
  }

  /** The before/after patch of the tight rect that really changed, or null if nothing did. */
  finish(): PixelPatch | null {
    const changed = this.changedRect();
    if (!changed) return null;
    const before = this.map.readPatch(changed);
    const w = changed.x1 - changed.x0;
    for (const [key, tilePatch] of this.saved) {
      const tile = this.tileRectOf(key);
      const overlap = intersectRect(tile, changed);
      if (!overlap) continue;
      const tileW = tile.x1 - tile.x0;
      for (let y = overlap.y0; y < overlap.y1; y++) {
        const src = (y - tile.y0) * tileW + (overlap.x0 - tile.x0);
        before.set(tilePatch.subarray(src, src + overlap.x1 - overlap.x0), (y - changed.y0) * w + overlap.x0 - changed.x0);
      }
    }
    const after = this.map.readPatch(changed);
    this.saved.clear();
    this.touched = null;
    return { rect: changed, before, after };
  }

  private changedRect(): Rect | null {
    let x0 = Infinity;
    let y0 = Infinity;
    let x1 = -Infinity;
    let y1 = -Infinity;
    const { data, width } = this.map;
    for (const [key, tilePatch] of this.saved) {
      const tile = this.tileRectOf(key);
      const tileW = tile.x1 - tile.x0;
      for (let y = tile.y0; y < tile.y1; y++) {
        const row = y * width;
        const prow = (y - tile.y0) * tileW - tile.x0;
        for (let x = tile.x0; x < tile.x1; x++) {
          if (data[row + x] === tilePatch[prow + x]) continue;
          if (x < x0) x0 = x;
          if (x >= x1) x1 = x + 1;
          if (y < y0) y0 = y;
          if (y >= y1) y1 = y + 1;
        }
      }
    }
    return x1 < 0 ? null : rect(x0, y0, x1, y1);
  }

  private tileRect(tx: number, ty: number): Rect {
    const x0 = tx * TILE;
    const y0 = ty * TILE;
    return rect(x0, y0, Math.min(x0 + TILE, this.map.width), Math.min(y0 + TILE, this.map.height));
  }

  private tileRectOf(key: number): Rect {
    return this.tileRect(key % this.tilesX, Math.floor(key / this.tilesX));
  }
}
