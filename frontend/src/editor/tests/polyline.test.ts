import { describe, expect, it } from "vitest";
import { type Vertex, thinPolyline } from "../core/polyline";

describe("thinPolyline", () => {
  it("keeps the ends and the corners, drops duplicates and points on straight runs", () => {
    const line: Vertex[] = [[0, 0], [0, 0], [1, 0], [2, 0], [3, 0], [3, 1], [3, 2], [3, 3]];
    expect(thinPolyline(line, 0.5, 64)).toEqual([[0, 0], [3, 0], [3, 3]]);
    expect(thinPolyline([[4, 4], [4, 4]], 0.5, 64)).toEqual([[4, 4]]);
  });

  it("keeps deviations above the tolerance only", () => {
    const bump: Vertex[] = [[0, 0], [5, 1], [10, 0]];
    expect(thinPolyline(bump, 2, 64)).toEqual([[0, 0], [10, 0]]);
    expect(thinPolyline(bump, 0.5, 64)).toEqual(bump);
  });

  it("caps the count with evenly spaced vertices, ends included", () => {
    const zigzag: Vertex[] = Array.from({ length: 1000 }, (_, i) => [i, (i % 2) * 10]);
    const thinned = thinPolyline(zigzag, 0.5, 64);
    expect(thinned).toHaveLength(64);
    expect(thinned[0]).toEqual([0, 0]);
    expect(thinned.at(-1)).toEqual([999, 10]);
  });

  it("handles a closed loop (first point = last)", () => {
    const loop: Vertex[] = [[0, 0], [10, 0], [10, 10], [0, 10], [0, 0]];
    expect(thinPolyline(loop, 0.5, 64)).toEqual(loop);
  });
});
