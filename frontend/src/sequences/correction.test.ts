import { describe, expect, it } from "vitest";
import { NotReadyError } from "../api/errors";
import { type CocoRle, Editor, encodeRle, imagePoint } from "../editor";
import { type CorrectBody, ClickLog, MAX_CLICKS, attachCorrection, prelabelScoreOf } from "./correction";
import { frameContent } from "./frameContent";

const W = 8;
const H = 6;

function rle(x0: number, y0: number, x1: number, y1: number): CocoRle {
  const map = new Uint16Array(W * H);
  for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) map[y * W + x] = 1;
  return encodeRle(map, W, H).get(1)!;
}

function pixelsOf(editor: Editor, index: number): number {
  return editor.labelMap.filter((v) => v === index).length;
}

/** A frame with object 1 (a 4x4 square at the origin) and object 2 (a column at x = 7). */
function frame() {
  const editor = new Editor({ width: W, height: H, classes: [{ id: 1, name: "bear", color: "#3050ff" }] });
  editor.loadLabel({ objects: [{ class: 1, mask: rle(0, 0, 4, 4), track: 4 }, { class: 1, mask: rle(7, 0, 8, 6), track: 5 }] });
  editor.selectObject(1);
  editor.setTool("segment");
  return editor;
}

/** A fake server: records the bodies and answers each with `reply` (or throws what it gives). */
function server(reply: (body: CorrectBody, call: number) => CocoRle | Error) {
  const bodies: { frame: number; body: CorrectBody }[] = [];
  const correct = async (_sequence: number, frameIndex: number, body: CorrectBody) => {
    bodies.push({ frame: frameIndex, body });
    const answer = reply(body, bodies.length);
    if (answer instanceof Error) throw answer;
    return { mask: answer, area: 0 };
  };
  return { bodies, correct };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

function click(editor: Editor, x: number, y: number, negative = false) {
  editor.pointerDown(imagePoint(x, y), { shift: negative });
  editor.pointerUp(imagePoint(x, y));
}

describe("Editor.replaceObjectMask", () => {
  it("replaces one object's mask as one undo step and leaves the others", () => {
    const editor = frame();
    expect(editor.replaceObjectMask(1, rle(2, 2, 6, 6), "correct")).toBe(true);
    expect(pixelsOf(editor, 1)).toBe(16);
    expect(editor.labelMap[0]).toBe(0); // the old corner erased
    expect(editor.labelMap[5 * W + 5]).toBe(1);
    expect(pixelsOf(editor, 2)).toBe(6);
    editor.undo();
    expect(pixelsOf(editor, 1)).toBe(16);
    expect(editor.labelMap[0]).toBe(1);
    expect(editor.labelMap[5 * W + 5]).toBe(0);
    expect(editor.replaceObjectMask(1, rle(0, 0, 4, 4))).toBe(false); // the same mask: nothing to undo
    expect(editor.replaceObjectMask(9, rle(0, 0, 4, 4))).toBe(false); // no such object
  });
});

describe("ClickLog", () => {
  it("keeps the clicks on one object of one frame while its mask is the last correction's", () => {
    const log = new ClickLog();
    const a = { x: 1, y: 1, positive: true };
    const b = { x: 2, y: 2, positive: false };
    expect(log.add(3, 1, "m0", a)).toEqual([a]);
    log.landed("m1");
    expect(log.add(3, 1, "m1", b)).toEqual([a, b]);
    log.drop();
    expect(log.add(3, 1, "m1", b)).toEqual([a, b]);
    expect(log.add(3, 1, "brushed", b)).toEqual([b]); // changed by something else: a new list
    log.landed("m2");
    expect(log.add(4, 1, "m2", a)).toEqual([a]); // another frame
    for (let i = 0; i < MAX_CLICKS + 5; i++) log.add(4, 1, "m2", a);
    expect(log.add(4, 1, "m2", b)).toHaveLength(MAX_CLICKS);
  });
});

describe("attachCorrection", () => {
  const host = (editor: Editor, score: number | null = null) => ({ editor, sequenceId: 9, frameIndex: () => 3, prelabelScore: () => score });

  it("sends the selected object's mask and the clicks so far, and replaces the mask as one undo step", async () => {
    const editor = frame();
    const fake = server((_body, call) => (call === 1 ? rle(0, 0, 5, 4) : rle(0, 0, 5, 3)));
    const errors: unknown[] = [];
    attachCorrection(host(editor, 0.4), { correct: fake.correct, onError: (e) => errors.push(e) });
    click(editor, 4, 1); // a positive click just outside the square
    await settle();
    expect(fake.bodies).toEqual([{ frame: 3, body: { mask: { size: [H, W], counts: rle(0, 0, 4, 4).counts }, clicks: [{ x: 4, y: 1, positive: true }], confidence: 0.4 } }]);
    expect(pixelsOf(editor, 1)).toBe(20);
    expect(editor.segmentState.points).toEqual([]); // the tool's prompt went with the answer
    click(editor, 2, 3, true); // then a negative one: both clicks, the mask as corrected, no pre-label score
    await settle();
    expect(fake.bodies[1].body).toEqual({ mask: { size: [H, W], counts: rle(0, 0, 5, 4).counts }, clicks: [{ x: 4, y: 1, positive: true }, { x: 2, y: 3, positive: false }] });
    expect(pixelsOf(editor, 1)).toBe(15);
    editor.undo();
    expect(pixelsOf(editor, 1)).toBe(20);
    editor.undo();
    expect(pixelsOf(editor, 1)).toBe(16);
    expect(errors).toEqual([]);
  });

  it("asks again while the frame's embedding is computed, and leaves the mask on a failure", async () => {
    const editor = frame();
    const fake = server((_body, call) => (call === 1 ? new NotReadyError({ detail: "being computed by job 5", job: 5 }) : rle(0, 0, 4, 5)));
    const sleeps: number[] = [];
    attachCorrection(host(editor), { correct: fake.correct, sleep: async (ms) => void sleeps.push(ms), onError: () => undefined });
    click(editor, 1, 4);
    await settle();
    expect(fake.bodies).toHaveLength(2);
    expect(sleeps).toEqual([1000]);
    expect(pixelsOf(editor, 1)).toBe(20);

    const failing = frame();
    const errors: unknown[] = [];
    attachCorrection(host(failing), { correct: server(() => new Error("boom")).correct, onError: (e) => errors.push(e) });
    click(failing, 1, 4);
    await settle();
    expect(errors).toHaveLength(1);
    expect(pixelsOf(failing, 1)).toBe(16);
  });

  it("leaves the tool alone without a selected object with pixels on the frame", async () => {
    const editor = frame();
    editor.selectObject(0);
    const fake = server(() => rle(0, 0, 1, 1));
    attachCorrection(host(editor), { correct: fake.correct, onError: () => undefined });
    click(editor, 5, 5);
    await settle();
    expect(fake.bodies).toEqual([]);
    expect(editor.segmentState.points).toHaveLength(1);
  });

  it("reads a pre-label's confidence only on a frame opened with predictions", () => {
    const prediction = { id: 1, source: "propagation", model_version: "", score: 0.5, created_at: "", objects: [{ class: 1, mask: rle(0, 0, 2, 2), score: 0.3, track: 4 }] };
    const shown = frameContent([], [prediction] as never, 1, new Set([1]));
    expect(prelabelScoreOf(shown, 1)).toBe(0.3);
    expect(prelabelScoreOf(shown, 2)).toBeNull();
    expect(prelabelScoreOf(frameContent([], [], 1, new Set([1])), 1)).toBeNull();
  });
});
