import { describe, expect, it } from "vitest";
import { Editor, encodeRle } from "../editor";
import { moveToTrack } from "./trackMove";
import { TrackBook } from "./tracks";

const W = 6;
const H = 4;
const CLASSES = [
  { id: 1, name: "bear", color: "#3050ff" },
  { id: 2, name: "dog", color: "#ff5030" },
];
const ONTOLOGY = { classes: CLASSES.map((c) => ({ id: c.id, attributes: [] })), classifications: [] };

function rectMask(x0: number, y0: number, x1: number, y1: number) {
  const map = new Uint16Array(W * H);
  for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) map[y * W + x] = 1;
  const { counts } = encodeRle(map, W, H).get(1)!;
  return { size: [H, W] as [number, number], counts };
}

/** A frame as SequenceSession.display loads it: two bears on tracks 3 and 5 (the sequence knows up to 9). */
function openFrame() {
  const editor = new Editor({ width: W, height: H, classes: CLASSES });
  const tracks = new TrackBook([9]);
  const objects = [
    { class: 1, mask: rectMask(0, 0, 2, 2), track: 3 },
    { class: 1, mask: rectMask(3, 1, 6, 4), track: 5 },
  ];
  tracks.load(objects);
  editor.loadLabel({ objects });
  editor.on("objects", (list) => tracks.sync(list));
  let told = 0;
  const move = (index: number, track: number, classId?: number | null) => moveToTrack(editor, tracks, index, track, classId, () => told++);
  const saved = () => tracks.labelBody(editor.labelMap, W, H, editor.objects, editor.classifications, ONTOLOGY).objects.map((o) => [o.track, o.class]);
  return { editor, tracks, move, saved, told: () => told };
}

describe("moveToTrack", () => {
  it("is one undo step: undo moves the object back, redo moves it again", () => {
    const { editor, tracks, move, saved, told } = openFrame();
    expect(move(2, 8)).toBe(true);
    expect(tracks.trackOf(2)).toBe(8);
    expect(editor.historyState).toMatchObject({ canUndo: true, modified: true });
    expect(told()).toBe(1);

    editor.undo();
    expect(tracks.trackOf(2)).toBe(5);
    expect(saved()).toEqual([[3, 1], [5, 1]]); // the label saved after Ctrl+Z holds the old track ids
    expect(editor.historyState.canUndo).toBe(false);
    expect(told()).toBe(2);

    editor.redo();
    expect(tracks.trackOf(2)).toBe(8);
    expect(saved()).toEqual([[3, 1], [8, 1]]);
    expect(told()).toBe(3);
  });

  it("undoes a track move and its class change as one step", () => {
    const { editor, tracks, move, saved } = openFrame();
    move(1, 7, 2);
    expect(saved()).toEqual([[7, 2], [5, 1]]);
    editor.undo();
    expect(tracks.trackOf(1)).toBe(3);
    expect(editor.objects.find((o) => o.index === 1)?.classId).toBe(1);
    expect(saved()).toEqual([[3, 1], [5, 1]]);
    expect(editor.historyState.canUndo).toBe(false); // one step, not two
    editor.redo();
    expect(saved()).toEqual([[7, 2], [5, 1]]);
  });

  it("undoes moves in order among other edits, and a new track keeps its fresh id on redo", () => {
    const { editor, tracks, move, saved } = openFrame();
    editor.setObjectAttributes(1, { occluded: "yes" });
    const fresh = tracks.newTrack();
    move(1, fresh);
    move(2, 3); // two objects on track 3: left for the server to refuse
    expect(saved()).toEqual([[fresh, 1], [3, 1]]);
    editor.undo();
    expect(saved()).toEqual([[fresh, 1], [5, 1]]);
    editor.undo();
    expect(saved()).toEqual([[3, 1], [5, 1]]);
    expect(editor.objects[0].attributes).toEqual({ occluded: "yes" }); // the earlier edit is its own step
    editor.undo();
    expect(editor.objects[0].attributes).toEqual({});
    editor.redo();
    editor.redo();
    expect(tracks.trackOf(1)).toBe(fresh);
  });

  it("records nothing when neither the track nor the class changes", () => {
    const { editor, move, told } = openFrame();
    expect(move(1, 3)).toBe(false);
    expect(move(1, 3, 1)).toBe(false);
    expect(move(1, 3, 99)).toBe(false); // not a class of the ontology
    expect(editor.historyState).toMatchObject({ canUndo: false, modified: false });
    expect(told()).toBe(0);
    expect(() => move(4, 3)).toThrow("no object 4");
  });

  it("a frame switch (loadLabel) drops the move from the history", () => {
    const { editor, tracks, move } = openFrame();
    move(1, 8);
    editor.loadLabel({ objects: [] });
    tracks.load([]);
    editor.undo();
    expect(tracks.trackOf(1)).toBeUndefined();
  });
});
