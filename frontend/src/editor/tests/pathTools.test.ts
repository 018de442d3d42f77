import { describe, expect, it } from "vitest";
import { RING_PATH, at, click, countOf, drag, makeEditor, polygon, pt, rows } from "./helpers";

describe("polygon tool", () => {
  it("fills a clicked rectangle when the first vertex is clicked again", () => {
    const editor = makeEditor(12, 10);
    editor.setTool("polygon");
    editor.zoomBy(4); // the first vertex snaps within 8 screen pixels = 2 image pixels
    for (const p of [pt(2, 2), pt(8, 2), pt(8, 6), pt(2, 6)]) click(editor, p);
    expect(countOf(editor, 1)).toBe(0);
    expect(editor.toolState.busy).toBe(true);
    click(editor, pt(2.2, 2.1));
    expect(countOf(editor, editor.selectedObject)).toBe(24);
    expect(at(editor, 2, 2)).toBe(1);
    expect(at(editor, 7, 5)).toBe(1);
    expect(at(editor, 8, 5)).toBe(0);
    expect(editor.toolState.busy).toBe(false);
  });

  it("uses the even-odd rule for self-intersecting paths", () => {
    const editor = makeEditor(30, 30);
    // Pentagram: with even-odd the inner pentagon is outside the shape.
    const star = [0, 2, 4, 1, 3].map((k) => {
      const a = -Math.PI / 2 + (k * 2 * Math.PI) / 5;
      return pt(15 + 14 * Math.cos(a), 15 + 14 * Math.sin(a));
    });
    polygon(editor, star);
    expect(at(editor, 15, 15)).toBe(0);
    expect(at(editor, 15, 3)).toBe(1);
    expect(at(editor, 4, 11)).toBe(1);
  });

  it("fills a ring traced with a bridge edge", () => {
    const editor = makeEditor(12, 12);
    polygon(editor, RING_PATH);
    expect(at(editor, 2, 2)).toBe(1);
    expect(at(editor, 5, 5)).toBe(0);
    expect(at(editor, 9, 9)).toBe(1);
    expect(countOf(editor, 1)).toBe(100 - 16);
  });

  it("closes on double-click and discards the path on Escape", () => {
    const editor = makeEditor(12, 10);
    editor.setTool("polygon");
    for (const p of [pt(1, 1), pt(9, 1), pt(5, 8)]) click(editor, p);
    editor.cancel();
    expect(countOf(editor, 1)).toBe(0);
    expect(editor.objects).toHaveLength(0);
    for (const p of [pt(1, 1), pt(9, 1), pt(5, 8)]) click(editor, p);
    editor.doubleClick(pt(5, 8));
    expect(countOf(editor, 1)).toBeGreaterThan(10);
    editor.undo();
    expect(countOf(editor, 1)).toBe(0);
    expect(editor.historyState.canUndo).toBe(false);
  });
});

describe("pen tool", () => {
  it("makes straight segments from clicks", () => {
    const editor = makeEditor(10, 10);
    editor.setTool("pen");
    for (const p of [pt(0, 0), pt(10, 0), pt(10, 10), pt(0, 10)]) click(editor, p);
    click(editor, pt(0.5, 0.5));
    expect(countOf(editor, 1)).toBe(100);
  });

  it("draws freehand while dragging and fills when the drag ends on the start", () => {
    const editor = makeEditor(30, 30);
    editor.setTool("pen");
    const circle = Array.from({ length: 41 }, (_, i) => {
      const a = (i / 40) * 2 * Math.PI;
      return pt(15 + 10 * Math.cos(a), 15 + 10 * Math.sin(a));
    });
    drag(editor, circle);
    const area = countOf(editor, 1);
    expect(Math.abs(area - Math.PI * 100)).toBeLessThan(20);
    expect(at(editor, 15, 15)).toBe(1);
    expect(at(editor, 1, 1)).toBe(0);
  });

  it("mixes a freehand drag with straight clicks in one path", () => {
    const editor = makeEditor(20, 20);
    editor.setTool("pen");
    click(editor, pt(2, 2));
    // Drag along the top edge, then click the other corners.
    drag(editor, [pt(2, 2), pt(6, 2.2), pt(10, 1.8), pt(18, 2)]);
    click(editor, pt(18, 18));
    click(editor, pt(2, 18));
    click(editor, pt(2, 2));
    expect(rows(editor)[10]).toBe("..1111111111111111..");
    expect(countOf(editor, 1)).toBeGreaterThan(240);
  });
});
