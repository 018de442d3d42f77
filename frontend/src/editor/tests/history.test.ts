import { describe, expect, it } from "vitest";
import { type Command, History } from "../core/history";
import { Editor } from "../editor";
import { CLASSES, countOf, drag, makeEditor, pt } from "./helpers";

function fakeCommand(bytes: number, log: string[], name: string): Command {
  return { label: name, byteSize: bytes, undo: () => log.push(`undo ${name}`), redo: () => log.push(`redo ${name}`) };
}

describe("history", () => {
  it("drops the oldest entries when the byte budget is exceeded", () => {
    const log: string[] = [];
    const history = new History(1000);
    for (let i = 0; i < 10; i++) history.push(fakeCommand(300, log, `c${i}`));
    expect(history.undoDepth).toBe(3);
    expect(history.byteSize).toBe(900);
    while (history.undo());
    expect(log).toEqual(["undo c9", "undo c8", "undo c7"]);
  });

  it("keeps a single entry larger than the budget", () => {
    const history = new History(100);
    history.push(fakeCommand(500, [], "big"));
    expect(history.undoDepth).toBe(1);
  });

  it("clears the redo stack on a new edit and counts its bytes", () => {
    const history = new History(10_000);
    const log: string[] = [];
    history.push(fakeCommand(100, log, "a"));
    history.push(fakeCommand(100, log, "b"));
    history.undo();
    expect(history.canRedo).toBe(true);
    history.push(fakeCommand(100, log, "c"));
    expect(history.canRedo).toBe(false);
    expect(history.byteSize).toBe(200);
  });

  it("undoes and redoes strokes in order", () => {
    const editor = makeEditor();
    editor.setBrushSize(3);
    for (let i = 0; i < 5; i++) drag(editor, [pt(3 + i * 6, 5), pt(3 + i * 6, 25)]);
    const after = editor.labelMap.slice();
    for (let i = 0; i < 5; i++) editor.undo();
    expect(countOf(editor, 0)).toBe(editor.width * editor.height);
    expect(editor.historyState.canUndo).toBe(false);
    for (let i = 0; i < 5; i++) editor.redo();
    expect(editor.labelMap).toEqual(after);
  });

  it("stores only the changed rectangle, not map copies", () => {
    const editor = new Editor({ width: 4000, height: 3000, classes: CLASSES });
    editor.setBrushSize(20);
    drag(editor, [pt(100, 100), pt(140, 100)]);
    const history = (editor as unknown as { document: { history: History } }).document.history;
    // 61 x 21 pixels, before and after, 2 bytes each, plus overhead.
    expect(history.byteSize).toBeLessThan(61 * 21 * 4 + 1024);
  });

  it("keeps at least 200 strokes within 100 MB at 12 megapixels", () => {
    const editor = new Editor({ width: 4000, height: 3000, classes: CLASSES });
    editor.setBrushSize(40);
    for (let i = 0; i < 210; i++) {
      const y = 20 + (i % 70) * 40;
      const x = 50 + Math.floor(i / 70) * 1300;
      drag(editor, [pt(x, y), pt(x + 400, y + 15), pt(x + 1200, y)]);
    }
    const history = (editor as unknown as { document: { history: History } }).document.history;
    expect(history.undoDepth).toBe(210);
    expect(history.byteSize).toBeLessThan(100 * 1024 * 1024);
    for (let i = 0; i < 210; i++) editor.undo();
    expect(countOf(editor, 0)).toBe(4000 * 3000);
  });

  it("drops the oldest strokes first when the editor's budget is small", () => {
    const editor = makeEditor(100, 100, 20_000);
    editor.setBrushSize(10);
    for (let i = 0; i < 20; i++) drag(editor, [pt(5, 5 + i * 4), pt(95, 5 + i * 4)]);
    const history = (editor as unknown as { document: { history: History } }).document.history;
    expect(history.byteSize).toBeLessThanOrEqual(20_000);
    expect(history.undoDepth).toBeLessThan(20);
    while (editor.historyState.canUndo) editor.undo();
    // The oldest strokes are no longer undoable, so their pixels stay.
    expect(countOf(editor, 1)).toBeGreaterThan(0);
  });

  it("never records loads", () => {
    const editor = makeEditor(4, 4);
    editor.loadLabel({ objects: [{ id: 9, class: 12, mask: { size: [4, 4], counts: [0, 16] } }] });
    expect(countOf(editor, 1)).toBe(16);
    expect(editor.historyState).toEqual({ canUndo: false, canRedo: false, modified: false });
  });
});

describe("editObjectOutside", () => {
  it("records an outside edit with a class and attribute change as one undo entry", () => {
    const editor = makeEditor();
    const index = editor.createObject(12);
    let outside = "a";
    const edit = { undo: () => (outside = "a"), redo: () => (outside = "b") };
    expect(editor.editObjectOutside(index, edit, { classId: 13, attributes: { occluded: "yes" } }, "change track")).toBe(true);
    expect(outside).toBe("b");
    expect(editor.objects[0]).toMatchObject({ classId: 13, attributes: { occluded: "yes" } });
    editor.undo();
    expect(outside).toBe("a");
    expect(editor.objects[0]).toMatchObject({ classId: 12, attributes: {} });
    expect(editor.objects).toHaveLength(1); // the object's creation is the entry before
    editor.redo();
    expect(outside).toBe("b");
    expect(editor.objects[0].classId).toBe(13);
  });

  it("records the outside edit alone when the object's fields stay, and refuses a missing object", () => {
    const editor = makeEditor();
    const index = editor.createObject(12);
    const log: string[] = [];
    const edit = { undo: () => log.push("undo"), redo: () => log.push("redo") };
    expect(editor.editObjectOutside(index, edit, { classId: 12 })).toBe(true);
    editor.undo();
    expect(log).toEqual(["redo", "undo"]);
    expect(editor.objects).toHaveLength(1);
    expect(editor.editObjectOutside(99, edit)).toBe(false);
    expect(log).toHaveLength(2); // nothing applied for a missing object
  });
});
