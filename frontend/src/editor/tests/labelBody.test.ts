import { describe, expect, it } from "vitest";
import { countOf, drag, makeEditor, polygon, pt } from "./helpers";

describe("label body", () => {
  it("serialises objects with COCO RLE masks, skipping empty ones", () => {
    const editor = makeEditor(4, 3);
    polygon(editor, [pt(0, 0), pt(2, 0), pt(2, 3), pt(0, 3)]);
    editor.setObjectAttributes(editor.selectedObject, { occluded: true });
    editor.createObject(13); // stays empty
    editor.setClassification("weather", "sun");
    expect(editor.toLabelBody()).toEqual({
      objects: [{ class: 11, mask: { size: [3, 4], counts: "066" /* pycocotools: 0 bg, 6 fg, 6 bg */ }, attributes: { occluded: true } }],
      classifications: { weather: "sun" },
    });
  });

  it("round-trips through loadLabel", () => {
    const editor = makeEditor(30, 20);
    editor.setBrushSize(5);
    drag(editor, [pt(3, 3), pt(25, 15)]);
    editor.createObject(13);
    drag(editor, [pt(3, 15), pt(25, 3)]);
    const body = editor.toLabelBody();
    const map = editor.labelMap.slice();
    const other = makeEditor(30, 20);
    other.loadLabel({ objects: body.objects.map((o, i) => ({ ...o, id: 100 + i })), classifications: body.classifications });
    expect(other.labelMap).toEqual(map);
    expect(other.objects.map((o) => o.serverId)).toEqual([100, 101]);
    expect(other.toLabelBody()).toEqual(body);
    expect(other.historyState.modified).toBe(false);
  });

  it("names the object when a saved mask does not fit", () => {
    const editor = makeEditor(4, 4);
    expect(() => editor.loadLabel({ objects: [{ id: 7, class: 12, mask: { size: [4, 4], counts: [3, 3] } }] })).toThrow(/object 7: .*sum to 6/);
  });

  it("keeps the first object's pixels where saved masks overlap", () => {
    const editor = makeEditor(2, 2);
    editor.loadLabel({
      objects: [
        { class: 12, mask: { size: [2, 2], counts: [0, 2, 2] } },
        { class: 13, mask: { size: [2, 2], counts: [0, 4] } },
      ],
    });
    expect(countOf(editor, 1)).toBe(2);
    expect(countOf(editor, 2)).toBe(2);
  });

  it("marks the label modified after an edit until markSaved", () => {
    const editor = makeEditor();
    const changes: boolean[] = [];
    editor.on("change", (c) => changes.push(c.modified));
    drag(editor, [pt(3, 3)]);
    expect(editor.historyState.modified).toBe(true);
    editor.markSaved();
    expect(changes).toEqual([true, false]);
  });

  it("counts the label as edited again when a save marked too early fails", () => {
    const editor = makeEditor();
    drag(editor, [pt(3, 3)]);
    editor.markSaved();
    editor.markUnsaved();
    expect(editor.historyState.modified).toBe(true);
  });
});
