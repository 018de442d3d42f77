import { describe, expect, it } from "vitest";
import { type CocoRle, Editor, countsToString, type SegmentHover, type SegmentRequest, encodeRle, imagePoint } from "../editor";
import { type CorrectBody, attachCorrection } from "./correction";
import { correctionTakesClicks, takenByCorrection, withoutSegmentEvents } from "./sequenceSegment";

const W = 8;
const H = 6;

function square(): CocoRle {
  const map = new Uint16Array(W * H);
  for (let y = 0; y < 4; y++) for (let x = 0; x < 4; x++) map[y * W + x] = 1;
  return encodeRle(map, W, H).get(1)!;
}

/** A frame with object 1 (a 4x4 square at the origin) and object 2 (no pixels), the auto-segment tool picked. */
function frame() {
  const editor = new Editor({ width: W, height: H, classes: [{ id: 1, name: "bear", color: "#3050ff" }] });
  editor.loadLabel({ objects: [{ class: 1, mask: square(), track: 4 }] });
  editor.setTool("segment");
  return editor;
}

function click(editor: Editor, x: number, y: number) {
  editor.pointerDown(imagePoint(x, y));
  editor.pointerUp(imagePoint(x, y));
}

function drag(editor: Editor, x0: number, y0: number, x1: number, y1: number) {
  editor.pointerDown(imagePoint(x0, y0));
  editor.pointerMove(imagePoint(x1, y1));
  editor.pointerUp(imagePoint(x1, y1));
}

/** The correction path with a fake server that answers each click with the square, and the filtered view. */
function wired(editor: Editor) {
  const corrections: CorrectBody[] = [];
  const offCorrection = attachCorrection(
    { editor, sequenceId: 7, frameIndex: () => 0, prelabelScore: () => null },
    {
      correct: async (_s, _f, body) => {
        corrections.push(body);
        return { mask: square(), area: 16 };
      },
      onError: (error) => {
        throw error;
      },
    },
  );
  const requests: SegmentRequest[] = [];
  const hovers: SegmentHover[] = [];
  const view = withoutSegmentEvents(editor, (body) => takenByCorrection(editor, body));
  const offRequest = view.on("segmentRequest", (r) => requests.push(r));
  const offHover = view.on("segmentHover", (h) => hovers.push(h));
  return { corrections, requests, hovers, off: () => [offCorrection, offRequest, offHover].forEach((f) => f()) };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe("correctionTakesClicks", () => {
  it("holds with the auto-segment tool and a selected object with pixels on the frame", () => {
    const editor = frame();
    expect(correctionTakesClicks(editor)).toBe(false); // nothing selected
    editor.selectObject(1);
    expect(correctionTakesClicks(editor)).toBe(true);
    editor.setTool("brush");
    expect(correctionTakesClicks(editor)).toBe(false);
    editor.setTool("segment");
    editor.loadLabel({ objects: [{ class: 1, mask: { size: [H, W], counts: countsToString([W * H]) } }] });
    editor.selectObject(1);
    expect(correctionTakesClicks(editor)).toBe(false); // selected, but no pixels on this frame
  });
});

describe("withoutSegmentEvents", () => {
  it("gives a click with nothing selected to useSegment, and none to the correction", async () => {
    const editor = frame();
    const { corrections, requests, off } = wired(editor);
    click(editor, 6, 5);
    await settle();
    expect(requests.map((r) => r.points)).toEqual([[[6, 5, 1]]]);
    expect(corrections).toEqual([]);
    // useSegment's answer through the view reaches the tool, and Enter makes a new object of it
    expect(withoutSegmentEvents(editor, () => false).setSegmentProposal(square(), 0.9, requests[0].id)).toBe(true);
    expect(editor.acceptSegment()).toBe(true);
    expect(editor.objects).toHaveLength(2);
    off();
  });

  it("gives a click on a selected object's mask to the correction only, and its hovers to nobody", async () => {
    const editor = frame();
    editor.selectObject(1);
    const { corrections, requests, hovers, off } = wired(editor);
    editor.pointerMove(imagePoint(2, 2));
    click(editor, 2, 2);
    await settle();
    expect(corrections).toHaveLength(1);
    expect(requests).toEqual([]);
    expect(hovers).toEqual([]);
    expect(editor.segmentState.points).toEqual([]); // the correction cleared its click from the tool
    off();
  });

  it("gives a box to useSegment even with a selected object (the correction takes clicks only)", async () => {
    const editor = frame();
    editor.selectObject(1);
    const { corrections, requests, off } = wired(editor);
    drag(editor, 1, 1, 6, 5);
    await settle();
    expect(requests.map((r) => r.box)).toEqual([[1, 1, 5, 4]]);
    expect(corrections).toEqual([]);
    off();
  });

  it("refuses an answer that comes after the frame changed (the session loads the next frame's label)", () => {
    const editor = frame();
    const { requests, off } = wired(editor);
    const view = withoutSegmentEvents(editor, (body) => takenByCorrection(editor, body));
    click(editor, 6, 5);
    editor.loadLabel({ objects: [] }); // SequenceSession.display on a frame switch
    expect(editor.segmentState.points).toEqual([]);
    expect(view.setSegmentProposal(square(), 0.9, requests[0].id)).toBe(false);
    expect(editor.objects).toEqual([]);
    off();
  });

  it("leaves the other events and the editor's state alone", () => {
    const editor = frame();
    const view = withoutSegmentEvents(editor, () => true);
    const tools: string[] = [];
    const off = view.on("tool", (t) => tools.push(t.tool));
    view.setTool("brush");
    expect(tools).toEqual(["brush"]);
    expect(editor.tool).toBe("brush");
    expect([view.width, view.height]).toEqual([W, H]);
    off();
  });
});
