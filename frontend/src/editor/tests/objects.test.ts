import { describe, expect, it } from "vitest";
import { at, countOf, drag, makeEditor, pt } from "./helpers";

describe("object list", () => {
  it("creates objects of a class and selects them", () => {
    const editor = makeEditor();
    const selections: number[] = [];
    editor.on("selection", (s) => selections.push(s.objectIndex));
    const a = editor.createObject(12, { occluded: false });
    const b = editor.createObject(13);
    expect(editor.objects.map((o) => [o.index, o.classId])).toEqual([[a, 12], [b, 13]]);
    expect(editor.objects[0].attributes).toEqual({ occluded: false });
    expect(selections).toEqual([a, b]);
    editor.undo();
    expect(editor.objects).toHaveLength(1);
    expect(editor.selectedObject).toBe(0);
  });

  it("deletes an object with its pixels, undoably", () => {
    const editor = makeEditor();
    drag(editor, [pt(5, 5), pt(20, 5)]);
    const index = editor.selectedObject;
    const painted = countOf(editor, index);
    expect(editor.handleKey({ key: "Delete" })).toBe(true);
    expect(editor.objects).toHaveLength(0);
    expect(countOf(editor, index)).toBe(0);
    editor.undo();
    expect(editor.objects).toHaveLength(1);
    expect(countOf(editor, index)).toBe(painted);
  });

  it("deletes several objects with their pixels as one undo entry, and undo puts each back in its place", () => {
    const editor = makeEditor(40, 80);
    drag(editor, [pt(5, 5), pt(20, 5)]);
    const a = editor.selectedObject;
    editor.selectObject(0);
    drag(editor, [pt(5, 30), pt(20, 30)]);
    const b = editor.selectedObject;
    editor.selectObject(0);
    drag(editor, [pt(5, 55), pt(20, 55)]);
    const c = editor.selectedObject;
    const painted = [a, b, c].map((i) => countOf(editor, i));
    expect(painted.every((n) => n > 0)).toBe(true);

    expect(editor.deleteObjects([c, a, 999])).toBe(true);
    expect(editor.objects.map((o) => o.index)).toEqual([b]);
    expect(countOf(editor, a)).toBe(0);
    expect(countOf(editor, c)).toBe(0);
    expect(countOf(editor, b)).toBe(painted[1]);
    editor.undo(); // one step brings both back, in their order, with their pixels
    expect(editor.objects.map((o) => o.index)).toEqual([a, b, c]);
    expect([a, b, c].map((i) => countOf(editor, i))).toEqual(painted);
    editor.redo();
    expect(editor.objects.map((o) => o.index)).toEqual([b]);
    expect(editor.deleteObjects([])).toBe(false);
  });

  it("changes class, reorders and edits attributes as undo entries", () => {
    const editor = makeEditor();
    const a = editor.createObject(12);
    const b = editor.createObject(12);
    editor.setObjectClass(a, 13);
    expect(editor.objects[0].classId).toBe(13);
    editor.moveObject(a, 1);
    expect(editor.objects.map((o) => o.index)).toEqual([b, a]);
    editor.setObjectAttributes(a, { truncated: true });
    editor.undo();
    expect(editor.objects.find((o) => o.index === a)?.attributes).toEqual({});
    editor.undo();
    expect(editor.objects.map((o) => o.index)).toEqual([a, b]);
    editor.undo();
    expect(editor.objects[0].classId).toBe(12);
  });

  it("hides objects without recording an edit, and cycles with tab", () => {
    const editor = makeEditor();
    const a = editor.createObject(12);
    const b = editor.createObject(13);
    editor.handleKey({ key: "h" });
    expect(editor.objects.find((o) => o.index === b)?.hidden).toBe(true);
    editor.handleKey({ key: "Tab" });
    expect(editor.selectedObject).toBe(a);
    editor.handleKey({ key: "Tab", shiftKey: true });
    expect(editor.selectedObject).toBe(b);
    editor.undo(); // undoes the creation of b, not the hiding
    expect(editor.objects).toHaveLength(1);
  });

  it("class keys select a stuff class's object and start new thing objects", () => {
    const editor = makeEditor();
    editor.handleKey({ key: "1", code: "Digit1" }); // road (stuff)
    drag(editor, [pt(2, 2)]);
    const road = editor.selectedObject;
    editor.handleKey({ key: "2", code: "Digit2" }); // car (thing)
    expect(editor.selectedObject).toBe(0);
    drag(editor, [pt(10, 10)]);
    const car = editor.selectedObject;
    editor.handleKey({ key: "1", code: "Digit1" });
    expect(editor.selectedObject).toBe(road);
    drag(editor, [pt(20, 20)]);
    expect(at(editor, 20, 20)).toBe(road);
    expect(new Set(editor.objects.map((o) => o.index))).toEqual(new Set([road, car]));
  });

  it("stores image-level classifications, undoably", () => {
    const editor = makeEditor();
    editor.setClassification("weather", "rain");
    editor.setClassification("tags", ["night", "blurry"]);
    expect(editor.classifications).toEqual({ weather: "rain", tags: ["night", "blurry"] });
    editor.undo();
    expect(editor.classifications).toEqual({ weather: "rain" });
  });
});
