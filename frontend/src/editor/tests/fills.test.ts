import { describe, expect, it } from "vitest";
import { RING_PATH, at, click, countOf, drag, makeEditor, polygon, pt, rows } from "./helpers";

describe("bucket fill", () => {
  it("fills the closed region bounded by another object", () => {
    const editor = makeEditor(12, 12);
    polygon(editor, RING_PATH);
    const ring = editor.selectedObject;
    editor.setClass(13);
    editor.setTool("fill");
    click(editor, pt(6, 6));
    const inside = editor.selectedObject;
    expect(inside).not.toBe(ring);
    expect(countOf(editor, inside)).toBe(16);
    expect(at(editor, 0, 0)).toBe(0);
    editor.undo();
    expect(countOf(editor, inside)).toBe(0);
  });

  it("fills only the 4-connected area of the clicked label", () => {
    const editor = makeEditor(6, 3);
    editor.setBrushSize(1);
    drag(editor, [pt(2.5, 0.5), pt(2.5, 2.5)]);
    editor.setClass(13);
    editor.setTool("fill");
    click(editor, pt(0.5, 0.5));
    expect(rows(editor)).toEqual(["221...", "221...", "221..."]);
  });
});

describe("magic wand", () => {
  it("selects the connected area of similar colour", () => {
    const width = 10;
    const height = 8;
    const rgba = new Uint8ClampedArray(width * height * 4);
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const i = (y * width + x) * 4;
        const bright = x >= 3 && x < 7 && y >= 2 && y < 6;
        rgba.set(bright ? [200 + x, 190, 180 - y, 255] : [20, 30, 40, 255], i);
      }
    }
    rgba.set([205, 190, 100, 255], (3 * width + 5) * 4); // one pixel too different
    const editor = makeEditor(width, height);
    editor.setImagePixels({ width, height, data: rgba });
    editor.setTool("wand");
    editor.setWandTolerance(10);
    click(editor, pt(4.5, 3.5));
    expect(countOf(editor, editor.selectedObject)).toBe(15);
    expect(at(editor, 5, 3)).toBe(0);
    editor.undo();
    editor.setWandTolerance(100);
    click(editor, pt(4.5, 3.5));
    expect(countOf(editor, editor.selectedObject)).toBe(16);
  });
});

describe("fill holes and remove specks", () => {
  it("fills enclosed holes of the selected object only", () => {
    const editor = makeEditor(12, 12);
    polygon(editor, RING_PATH);
    const ring = editor.selectedObject;
    expect(countOf(editor, ring)).toBe(84);
    expect(editor.fillHoles()).toBe(true);
    expect(countOf(editor, ring)).toBe(100);
    expect(at(editor, 0, 0)).toBe(0);
    editor.undo();
    expect(countOf(editor, ring)).toBe(84);
  });

  it("does not treat a bay open to the image border as a hole", () => {
    const editor = makeEditor(8, 6);
    // U shape touching the left border: its opening faces the image edge.
    polygon(editor, [pt(0, 0), pt(8, 0), pt(8, 6), pt(0, 6), pt(0, 4), pt(5, 4), pt(5, 2), pt(0, 2)]);
    expect(editor.fillHoles()).toBe(false);
  });

  it("removes pieces smaller than the minimum area", () => {
    const editor = makeEditor(20, 20);
    editor.setBrushSize(6);
    drag(editor, [pt(5, 5), pt(10, 5)]);
    const index = editor.selectedObject;
    editor.setBrushSize(1);
    drag(editor, [pt(15.5, 15.5)]);
    drag(editor, [pt(18.5, 2.5), pt(18.5, 3.5)]);
    const big = countOf(editor, index) - 3;
    expect(editor.removeSpecks(5)).toBe(true);
    expect(countOf(editor, index)).toBe(big);
    expect(at(editor, 15, 15)).toBe(0);
    editor.undo();
    expect(at(editor, 15, 15)).toBe(index);
  });
});
