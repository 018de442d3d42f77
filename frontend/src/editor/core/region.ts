import { type Rect, rect } from "./geometry";
import type { SpanSink } from "./editTransaction";

/** A set of pixels as row spans: flat triples (y, x0, x1) with x1 exclusive, plus their bounds. */
export interface Region {
  readonly bounds: Rect;
  readonly spans: readonly number[];
  readonly area: number;
}

export const EMPTY_REGION: Region = { bounds: rect(0, 0, 0, 0), spans: [], area: 0 };

export class RegionBuilder {
  private readonly spans: number[] = [];
  private x0 = Infinity;
  private y0 = Infinity;
  private x1 = -Infinity;
  private y1 = -Infinity;
  private area = 0;

  add(y: number, x0: number, x1: number): void {
    if (x1 <= x0) return;
    this.spans.push(y, x0, x1);
    this.area += x1 - x0;
    if (x0 < this.x0) this.x0 = x0;
    if (x1 > this.x1) this.x1 = x1;
    if (y < this.y0) this.y0 = y;
    if (y + 1 > this.y1) this.y1 = y + 1;
  }

  build(): Region {
    if (this.area === 0) return EMPTY_REGION;
    return { bounds: rect(this.x0, this.y0, this.x1, this.y1), spans: this.spans, area: this.area };
  }
}

export function regionSpans(region: Region, sink: SpanSink): void {
  const s = region.spans;
  for (let i = 0; i < s.length; i += 3) sink(s[i], s[i + 1], s[i + 2]);
}

/**
 * 4-connected scanline flood fill from (seedX, seedY) over the pixels where
 * `matches(index)` holds, index = y * width + x. Returns the filled region.
 */
export function floodRegion(
  width: number,
  height: number,
  seedX: number,
  seedY: number,
  matches: (index: number) => boolean,
): Region {
  const builder = new RegionBuilder();
  if (seedX < 0 || seedY < 0 || seedX >= width || seedY >= height) return builder.build();
  if (!matches(seedY * width + seedX)) return builder.build();
  const visited = new Uint8Array(width * height);
  const stack: number[] = [seedX, seedY];
  while (stack.length > 0) {
    const y = stack.pop() as number;
    const x = stack.pop() as number;
    const row = y * width;
    if (visited[row + x]) continue;
    let left = x;
    while (left > 0 && !visited[row + left - 1] && matches(row + left - 1)) left--;
    let right = x + 1;
    while (right < width && !visited[row + right] && matches(row + right)) right++;
    visited.fill(1, row + left, row + right);
    builder.add(y, left, right);
    for (const ny of [y - 1, y + 1]) {
      if (ny < 0 || ny >= height) continue;
      const nrow = ny * width;
      let inRun = false;
      for (let nx = left; nx < right; nx++) {
        const fillable = !visited[nrow + nx] && matches(nrow + nx);
        if (fillable && !inRun) stack.push(nx, ny);
        inRun = fillable;
      }
    }
  }
  return builder.build();
}
