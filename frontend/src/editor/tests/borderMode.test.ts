import { describe, expect, it } from "vitest";
import { at, countOf, drag, makeEditor, polygon, pt } from "./helpers";

/** Object A fills the left half; then B is brushed across the middle. */
function twoObjects(mode: "over" | "behind") {
  const editor = makeEditor(20, 10);
  polygon(editor, [pt(0, 0), pt(10, 0), pt(10, 10), pt(0, 10)]);
  const a = editor.selectedObject;
  editor.setTool("brush");
  editor.setBorderMode(mode);
  editor.createObject(13);
  const b = editor.selectedObject;
  editor.setBrushSize(4);
  drag(editor, [pt(5, 5), pt(15, 5)]);
  return { editor, a, b };
}

describe("shared-border modes", () => {
  it('"over" takes pixels from other objects', () => {
    const { editor, a, b } = twoObjects("over");
    expect(at(editor, 6, 5)).toBe(b);
    expect(at(editor, 14, 5)).toBe(b);
    expect(countOf(editor, a)).toBeLessThan(100);
  });

  it('"behind" paints only unlabeled pixels and its own', () => {
    const { editor, a, b } = twoObjects("behind");
    expect(at(editor, 6, 5)).toBe(a);
    expect(at(editor, 14, 5)).toBe(b);
    expect(countOf(editor, a)).toBe(100);
    // Painting again over its own pixels is allowed.
    drag(editor, [pt(12, 5), pt(16, 5)]);
    expect(at(editor, 16, 5)).toBe(b);
  });

  it("the eraser in behind mode clears only the selected object's pixels", () => {
    const { editor, a, b } = twoObjects("behind");
    editor.setTool("eraser");
    drag(editor, [pt(2, 5), pt(18, 5)]);
    expect(countOf(editor, a)).toBe(100);
    expect(countOf(editor, b)).toBe(0);
  });

  it("toggles with the o key and keeps objects exclusive either way", () => {
    const editor = makeEditor();
    expect(editor.borderMode).toBe("over");
    editor.handleKey({ key: "o" });
    expect(editor.borderMode).toBe("behind");
  });

  it("bucket fill of another object's region does nothing behind it and takes it over it", () => {
    const { editor, a } = twoObjects("behind");
    const c = editor.createObject(12);
    editor.setTool("fill");
    drag(editor, [pt(1, 1)]);
    expect(countOf(editor, a)).toBe(100);
    expect(editor.historyState.canUndo).toBe(true);
    editor.setBorderMode("over");
    drag(editor, [pt(1, 1)]);
    expect(countOf(editor, a)).toBe(0);
    expect(at(editor, 1, 1)).toBe(c);
  });

  it("hidden objects are locked: painting over, erasing and filling leave their pixels", () => {
    const { editor, a, b } = twoObjects("over");
    const before = countOf(editor, a);
    editor.setObjectHidden(a, true);
    editor.selectObject(b);
    drag(editor, [pt(0, 2), pt(9, 2)]);
    editor.setTool("eraser");
    drag(editor, [pt(0, 8), pt(9, 8)]);
    editor.setTool("fill");
    drag(editor, [pt(1, 1)]);
    expect(countOf(editor, a)).toBe(before);
    // shown again, it can be painted over as before
    editor.setObjectHidden(a, false);
    editor.setTool("brush");
    drag(editor, [pt(0, 2), pt(9, 2)]);
    expect(countOf(editor, a)).toBeLessThan(before);
  });
});
