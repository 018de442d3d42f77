import { describe, expect, it } from "vitest";
import { propagateRefusal, scrollToCell, visibleCells } from "./timeline";

const PITCH = 71;

describe("timeline window", () => {
  it("renders the cells in view plus the overscan, whatever the sequence's length", () => {
    // 1000 px show cells 0..14 (14 * 71 = 994; cell 14 is cut)
    expect(visibleCells(0, 1000, PITCH, 10_000, 8)).toEqual({ start: 0, end: 23 });
    // scrolled to cell 5000: 4992..5006 in view, 8 more either side
    const w = visibleCells(5000 * PITCH, 1000, PITCH, 10_000, 8);
    expect(w).toEqual({ start: 4992, end: 5023 });
    expect(w.end - w.start).toBeLessThan(40);
    // half a cell in: the cut cell at the left counts
    expect(visibleCells(5000 * PITCH + 35, 1000, PITCH, 10_000, 0)).toEqual({ start: 5000, end: 5015 });
  });

  it("stays inside the sequence at both ends and for short ones", () => {
    expect(visibleCells(9_990 * PITCH, 1000, PITCH, 10_000, 8)).toEqual({ start: 9982, end: 10_000 });
    expect(visibleCells(0, 1000, PITCH, 5, 8)).toEqual({ start: 0, end: 5 });
    expect(visibleCells(10 ** 9, 1000, PITCH, 5, 8)).toEqual({ start: 5, end: 5 });
    expect(visibleCells(-50, 1000, PITCH, 5, 8)).toEqual({ start: 0, end: 5 });
    expect(visibleCells(0, 1000, PITCH, 0)).toEqual({ start: 0, end: 0 });
    expect(visibleCells(0, 1000, 0, 10)).toEqual({ start: 0, end: 0 });
    expect(visibleCells(Number.NaN, 0, PITCH, 100, 2)).toEqual({ start: 0, end: 2 }); // before the first measure
  });

  it("scrolls only when the current cell leaves the view, keeping a cell of context", () => {
    expect(scrollToCell(3, 0, 1000, PITCH, 10_000)).toBeNull();
    expect(scrollToCell(13, 0, 1000, PITCH, 10_000)).toBeNull(); // 923..994: fully in view
    // cell 14 (994..1065) is cut: scroll so it and one more show at the right edge
    expect(scrollToCell(14, 0, 1000, PITCH, 10_000)).toBe(15 * PITCH + PITCH - 1000);
    // a jump far ahead and back
    expect(scrollToCell(8000, 0, 1000, PITCH, 10_000)).toBe(8002 * PITCH - 1000);
    expect(scrollToCell(100, 8000 * PITCH, 1000, PITCH, 10_000)).toBe(99 * PITCH);
    // never past either end
    expect(scrollToCell(0, 500, 1000, PITCH, 10_000)).toBe(0);
    expect(scrollToCell(9_999, 0, 1000, PITCH, 10_000)).toBe(10_000 * PITCH - 1000);
    expect(scrollToCell(3, 0, 0, PITCH, 10)).toBeNull();
  });
});

describe("propagateRefusal", () => {
  it("lets a frame with objects propagate", () => {
    expect(propagateRefusal(1, true)).toBeNull();
  });

  it("asks for the auto-segment mask to be accepted when that is all the frame holds", () => {
    expect(propagateRefusal(0, true)).toMatch(/^Accept the auto-segment mask first \(Enter\)/);
  });

  it("asks for a label on an empty frame", () => {
    expect(propagateRefusal(0, false)).toMatch(/^Label this frame first/);
  });
});
