import { describe, expect, it } from "vitest";
import { at, countOf, drag, makeEditor, pt } from "./helpers";

/** Number of 4-connected pieces of `index`. */
function pieces(data: Uint16Array, width: number, index: number): number {
  const pixels = new Set<number>();
  data.forEach((v, i) => {
    if (v === index) pixels.add(i);
  });
  return countComponents(pixels, width);
}

function countComponents(pixels: Set<number>, width: number): number {
  const left = new Set(pixels);
  let components = 0;
  for (const start of pixels) {
    if (!left.has(start)) continue;
    components++;
    const stack = [start];
    left.delete(start);
    while (stack.length) {
      const p = stack.pop() as number;
      const x = p % width;
      for (const q of [p - width, p + width, x > 0 ? p - 1 : -1, x < width - 1 ? p + 1 : -1]) {
        if (q >= 0 && left.has(q)) {
          left.delete(q);
          stack.push(q);
        }
      }
    }
  }
  return components;
}

describe("brush", () => {
  it("paints a round stamp of the brush size on a click", () => {
    const editor = makeEditor();
    editor.setBrushSize(5);
    drag(editor, [pt(10.5, 10.5)]);
    const index = editor.selectedObject;
    expect(index).toBeGreaterThan(0);
    expect(at(editor, 10, 10)).toBe(index);
    expect(at(editor, 12, 10)).toBe(index);
    expect(at(editor, 13, 10)).toBe(0);
    expect(at(editor, 12, 12)).toBe(0); // corner outside the disc
    expect(countOf(editor, index)).toBe(21);
  });

  it("leaves no gap when the pointer jumps far between two events", () => {
    const editor = makeEditor(200, 100);
    editor.setBrushSize(3);
    drag(editor, [pt(5, 50), pt(195, 52), pt(5, 95)]);
    const index = editor.selectedObject;
    for (let x = 5; x < 195; x++) expect(at(editor, x, 50) + at(editor, x, 51) + at(editor, x, 52)).toBeGreaterThan(0);
    expect(pieces(editor.labelMap, 200, index)).toBe(1);
  });

  it("keeps a 1-pixel brush connected on steep fast strokes", () => {
    const editor = makeEditor(64, 64);
    editor.setBrushSize(1);
    drag(editor, [pt(1.2, 1.7), pt(60.9, 3.1), pt(2.3, 62.8)]);
    expect(pieces(editor.labelMap, 64, editor.selectedObject)).toBe(1);
  });

  it("records one undo entry per stroke", () => {
    const editor = makeEditor();
    drag(editor, [pt(5, 5), pt(10, 5), pt(15, 8), pt(20, 9)]);
    expect(countOf(editor, editor.selectedObject)).toBeGreaterThan(0);
    editor.undo();
    expect(countOf(editor, 1)).toBe(0);
    // The object the stroke created is undone with it.
    expect(editor.objects).toHaveLength(0);
    editor.redo();
    expect(editor.objects).toHaveLength(1);
    expect(countOf(editor, 1)).toBeGreaterThan(0);
  });

  it("rolls back the stroke in progress on Escape", () => {
    const editor = makeEditor();
    const index = editor.createObject(12);
    drag(editor, [pt(3, 3), pt(8, 3)]);
    const before = editor.labelMap.slice();
    editor.pointerDown(pt(20, 20));
    editor.pointerMove(pt(30, 25));
    expect(countOf(editor, index)).toBeGreaterThan(before.filter((v) => v === index).length);
    expect(editor.handleKey({ key: "Escape" })).toBe(true);
    expect(editor.labelMap).toEqual(before);
    editor.pointerUp(pt(30, 25));
    expect(editor.labelMap).toEqual(before);
    editor.undo();
    expect(countOf(editor, index)).toBe(0);
  });

  it("removes the object a cancelled first stroke created", () => {
    const editor = makeEditor();
    editor.pointerDown(pt(5, 5));
    expect(editor.objects).toHaveLength(1);
    editor.cancel();
    expect(editor.objects).toHaveLength(0);
    expect(editor.selectedObject).toBe(0);
    expect(editor.historyState.canUndo).toBe(false);
  });
});

describe("eraser", () => {
  it("clears pixels along its path and is undoable", () => {
    const editor = makeEditor();
    editor.setBrushSize(9);
    drag(editor, [pt(5, 15), pt(35, 15)]);
    const index = editor.selectedObject;
    const painted = countOf(editor, index);
    editor.setTool("eraser");
    editor.setBrushSize(3);
    drag(editor, [pt(20, 2), pt(20, 28)]);
    expect(at(editor, 20, 15)).toBe(0);
    expect(at(editor, 10, 15)).toBe(index);
    expect(countOf(editor, index)).toBeLessThan(painted);
    editor.undo();
    expect(countOf(editor, index)).toBe(painted);
  });
});
