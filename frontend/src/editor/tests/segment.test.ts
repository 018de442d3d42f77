import { describe, expect, it } from "vitest";
import type { Editor } from "../editor";
import { encodeRle } from "../io/rle";
import { proposalFromMask } from "../core/segmentProposal";
import { MAX_SCRIBBLES, MAX_SCRIBBLE_POINTS, type SegmentRequest, type SegmentState } from "../tools/segmentTypes";
import { PROPOSAL_EDGE, PROPOSAL_FILL, proposalPixels, proposalPixelsSampled } from "../view/proposalRaster";
import { at, click, countOf, drag, makeEditor, polygon, pt, rows } from "./helpers";

/** An editor on the segment tool that records what it emits. */
function segmentEditor(width = 12, height = 8) {
  const editor = makeEditor(width, height);
  const requests: SegmentRequest[] = [];
  const states: SegmentState[] = [];
  editor.on("segmentRequest", (r) => requests.push(r));
  editor.on("segment", (s) => states.push(s));
  editor.setTool("segment");
  return { editor, requests, states };
}

/** A full-image mask with the rect [x0, x1) x [y0, y1) set. */
function rectMask(editor: Editor, x0: number, y0: number, x1: number, y1: number): Uint8Array {
  const mask = new Uint8Array(editor.width * editor.height);
  for (let y = y0; y < y1; y++) mask.fill(1, y * editor.width + x0, y * editor.width + x1);
  return mask;
}

/** Object A (class road) fills columns 0..5 of a 12x8 map, drawn with the polygon tool. */
function withObjectA(editor: Editor): number {
  polygon(editor, [pt(0, 0), pt(6, 0), pt(6, 8), pt(0, 8)]);
  const a = editor.selectedObject;
  editor.selectObject(0);
  editor.setTool("segment");
  return a;
}

describe("auto-segment prompts", () => {
  it("emits a request with every prompt so far: click positive, shift/alt-click and right-click negative", () => {
    const { editor, requests } = segmentEditor();
    expect(editor.tool).toBe("segment");
    click(editor, pt(3.7, 2.2));
    expect(requests.at(-1)).toEqual({ id: 1, box: null, points: [[3, 2, 1]] });
    editor.pointerDown(pt(8, 5), { shift: true });
    editor.pointerUp(pt(8, 5));
    editor.pointerDown(pt(9, 1), { alt: true });
    editor.pointerUp(pt(9, 1));
    editor.secondaryClick(pt(1, 7));
    expect(requests.map((r) => r.id)).toEqual([1, 2, 3, 4]);
    expect(requests.at(-1)?.points).toEqual([[3, 2, 1], [8, 5, 0], [9, 1, 0], [1, 7, 0]]);
    expect(editor.segmentState).toMatchObject({ awaiting: true, requestId: 4, proposal: null });
    expect(editor.toolState.busy).toBe(true);
  });

  it("draws a box by dragging, clipped to the image, and keeps the clicks", () => {
    const { editor, requests } = segmentEditor();
    click(editor, pt(4, 4));
    drag(editor, [pt(2.5, 1.5), pt(6, 4), pt(15, 6.2)]);
    expect(requests.at(-1)).toEqual({ id: 2, box: [2, 1, 10, 6], points: [[4, 4, 1]] });
    expect(editor.toolPreview).toMatchObject({ kind: "segment", box: [2, 1, 10, 6], dragging: null });
  });

  it("shows the box while dragging, and a drag too thin to be a box is a click", () => {
    const { editor, requests } = segmentEditor();
    editor.pointerDown(pt(1, 1));
    editor.pointerMove(pt(8, 6));
    expect(editor.toolPreview).toMatchObject({ kind: "segment", dragging: { from: pt(1, 1), to: pt(8, 6) } });
    expect(requests).toHaveLength(0);
    editor.pointerUp(pt(8, 6));
    drag(editor, [pt(2, 2), pt(9, 2.5)]);
    expect(requests.at(-1)).toEqual({ id: 2, box: [1, 1, 7, 5], points: [[2, 2, 1]] });
  });

  it("asks for nothing while there are only background clicks, and ignores clicks outside the image", () => {
    const { editor, requests, states } = segmentEditor();
    editor.secondaryClick(pt(2, 2));
    click(editor, pt(-1, 3));
    click(editor, pt(12, 3));
    expect(requests).toHaveLength(0);
    expect(editor.segmentState.points).toEqual([{ x: 2, y: 2, positive: false }]);
    expect(states.at(-1)?.awaiting).toBe(false);
    click(editor, pt(5, 5));
    expect(requests).toHaveLength(1);
  });

  it("Ctrl+Z drops the newest prompt (not a label edit) and asks again", () => {
    const { editor, requests } = segmentEditor();
    drag(editor, [pt(1, 1), pt(9, 7)]);
    click(editor, pt(4, 4));
    editor.handleKey({ key: "z", ctrlKey: true });
    expect(requests.at(-1)).toEqual({ id: 3, box: [1, 1, 8, 6], points: [] });
    editor.undo();
    expect(editor.segmentState.box).toBeNull();
    expect(requests).toHaveLength(3);
    expect(editor.segmentState.awaiting).toBe(false);
  });

  it("the s key picks the tool", () => {
    const editor = makeEditor();
    editor.handleKey({ key: "s" });
    expect(editor.tool).toBe("segment");
  });
});

describe("auto-segment scribbles", () => {
  /** A 60x40 editor in scribble mode with brush size 6 (scribble radius 3). */
  function scribbleEditor() {
    const recorded = segmentEditor(60, 40);
    recorded.editor.setBrushSize(6);
    recorded.editor.setSegmentMode("scribble");
    return recorded;
  }

  it("starts in box mode: a drag is a box, a click a point, and requests carry no scribbles", () => {
    const { editor, requests } = segmentEditor();
    expect(editor.segmentState.mode).toBe("box");
    drag(editor, [pt(1, 1), pt(5, 4), pt(9, 7)]);
    click(editor, pt(4, 4));
    editor.pointerDown(pt(2, 2), { shift: true });
    editor.pointerMove(pt(9, 6)); // a shift-drag in box mode stays a background click
    editor.pointerUp(pt(9, 6));
    expect(requests.at(-1)).toEqual({ id: 3, box: [1, 1, 8, 6], points: [[4, 4, 1], [2, 2, 0]] });
    expect(editor.segmentState.scribbles).toEqual([]);
  });

  it("a drag draws one positive scribble: its pixels, label 1 and half the brush size as radius", () => {
    const { editor, requests, states } = scribbleEditor();
    editor.pointerDown(pt(10.5, 10.5));
    editor.pointerMove(pt(20.2, 10.7));
    expect(editor.toolPreview).toMatchObject({ kind: "segment", dragging: null, drawing: { positive: true, radius: 3 } });
    expect(requests).toHaveLength(0); // nothing asked while drawing
    editor.pointerMove(pt(30.9, 10.1));
    editor.pointerUp(pt(30.9, 20.4));
    expect(requests).toHaveLength(1);
    expect(requests[0]).toEqual({
      id: 1,
      box: null,
      points: [],
      scribbles: [{ points: [[10, 10], [30, 10], [30, 20]], label: 1, radius: 3 }],
    });
    expect(states.at(-1)).toMatchObject({ mode: "scribble", box: null, points: [], awaiting: true });
    expect(states.at(-1)?.scribbles).toEqual([{ points: [[10, 10], [30, 10], [30, 20]], positive: true, radius: 3 }]);
    expect(editor.toolPreview).toMatchObject({ kind: "segment", drawing: null, scribbles: [{ positive: true }] });
  });

  it("shift/alt+drag draws a background scribble, which alone asks for nothing", () => {
    const { editor, requests } = scribbleEditor();
    editor.pointerDown(pt(2, 2), { shift: true });
    editor.pointerMove(pt(12, 2));
    editor.pointerUp(pt(12, 2));
    editor.pointerDown(pt(2, 30), { alt: true });
    editor.pointerMove(pt(2, 38));
    editor.pointerUp(pt(2, 38));
    expect(requests).toHaveLength(0);
    expect(editor.segmentState.scribbles.map((s) => s.positive)).toEqual([false, false]);
    click(editor, pt(30, 20)); // a plain click still adds a point in scribble mode
    editor.secondaryClick(pt(50, 5)); // and a right-click a background point
    expect(requests.at(-1)).toEqual({
      id: 2,
      box: null,
      points: [[30, 20, 1], [50, 5, 0]],
      scribbles: [
        { points: [[2, 2], [12, 2]], label: 0, radius: 3 },
        { points: [[2, 30], [2, 38]], label: 0, radius: 3 },
      ],
    });
  });

  it("Ctrl+Z drops the newest prompt of any kind; Escape drops them all", () => {
    const { editor, requests } = scribbleEditor();
    click(editor, pt(30, 20));
    drag(editor, [pt(10, 10), pt(20, 10)]);
    editor.setSegmentMode("box");
    drag(editor, [pt(5, 5), pt(40, 30)]);
    click(editor, pt(25, 15));
    editor.setSegmentMode("scribble");
    drag(editor, [pt(20, 20), pt(20, 30)]);
    expect(requests.at(-1)?.scribbles).toHaveLength(2);
    editor.handleKey({ key: "z", ctrlKey: true }); // the second scribble
    expect(requests.at(-1)).toEqual({ id: 6, box: [5, 5, 35, 25], points: [[30, 20, 1], [25, 15, 1]], scribbles: [{ points: [[10, 10], [20, 10]], label: 1, radius: 3 }] });
    editor.undo(); // the click
    editor.undo(); // the box
    expect(requests.at(-1)).toEqual({ id: 8, box: null, points: [[30, 20, 1]], scribbles: [{ points: [[10, 10], [20, 10]], label: 1, radius: 3 }] });
    editor.undo(); // the first scribble: no scribbles key any more
    expect(requests.at(-1)).toEqual({ id: 9, box: null, points: [[30, 20, 1]] });
    drag(editor, [pt(10, 10), pt(20, 10)]);
    editor.setSegmentProposal(rectMask(editor, 5, 5, 25, 25), 0.9);
    expect(editor.handleKey({ key: "Escape" })).toBe(true);
    expect(editor.segmentState).toMatchObject({ mode: "scribble", box: null, points: [], scribbles: [], proposal: null, awaiting: false });
    expect(editor.historyState.canUndo).toBe(false); // prompts were never label edits
  });

  it("thins a long wiggly stroke to at most MAX_SCRIBBLE_POINTS pixels inside the image", () => {
    const { editor, requests } = scribbleEditor();
    editor.pointerDown(pt(-5, 20));
    for (let i = 0; i <= 3000; i++) editor.pointerMove(pt(-5 + (70 * i) / 3000, 20 + 15 * Math.sin(i / 40)));
    editor.pointerUp(pt(65, 20));
    const sent = requests.at(-1)?.scribbles?.[0];
    if (!sent) throw new Error("no scribble sent");
    expect(sent.points.length).toBeGreaterThan(10);
    expect(sent.points.length).toBeLessThanOrEqual(MAX_SCRIBBLE_POINTS);
    for (const [x, y] of sent.points) {
      expect(Number.isInteger(x) && Number.isInteger(y)).toBe(true);
      expect(x >= 0 && x < 60 && y >= 0 && y < 40).toBe(true);
    }
    expect(sent.points[0]).toEqual([0, 20]); // started left of the image: clamped to its edge
    expect(sent.points.at(-1)).toEqual([59, 20]);
  });

  it("ignores a scribble that never touches the image, and stops at the backend's scribble limit", () => {
    const { editor, requests } = scribbleEditor();
    drag(editor, [pt(-20, -5), pt(-10, -5)]);
    expect(editor.segmentState.scribbles).toHaveLength(0);
    for (let i = 0; i < MAX_SCRIBBLES + 3; i++) drag(editor, [pt(1, i % 40), pt(50, i % 40)]);
    expect(editor.segmentState.scribbles).toHaveLength(MAX_SCRIBBLES);
    expect(requests.at(-1)?.scribbles).toHaveLength(MAX_SCRIBBLES);
    expect(requests).toHaveLength(MAX_SCRIBBLES);
  });

  it("the radius follows the brush size, within the backend's 0.5..100", () => {
    const { editor } = scribbleEditor();
    editor.setBrushSize(1);
    drag(editor, [pt(1, 1), pt(20, 1)]);
    editor.setBrushSize(500);
    drag(editor, [pt(1, 5), pt(20, 5)]);
    expect(editor.segmentState.scribbles.map((s) => s.radius)).toEqual([0.5, 100]);
  });

  it("Shift+S switches what a drag draws, and from another tool picks auto-segment in scribble mode", () => {
    const editor = makeEditor();
    expect(editor.handleKey({ key: "S", shiftKey: true })).toBe(true);
    expect(editor.tool).toBe("segment");
    expect(editor.segmentState.mode).toBe("scribble");
    click(editor, pt(3, 3));
    editor.handleKey({ key: "S", shiftKey: true });
    expect(editor.segmentState.mode).toBe("box");
    expect(editor.segmentState.points).toHaveLength(1); // switching keeps the prompts
    editor.setTool("brush");
    editor.handleKey({ key: "S", shiftKey: true });
    expect(editor.tool).toBe("segment");
    expect(editor.segmentState.mode).toBe("scribble");
  });
});

describe("auto-segment proposal", () => {
  it("shows the answer as a preview: not in the label map, not in undo", () => {
    const { editor, requests } = segmentEditor();
    click(editor, pt(4, 4));
    expect(editor.setSegmentProposal(rectMask(editor, 2, 2, 7, 6), 0.87, requests[0].id)).toBe(true);
    expect(editor.segmentState).toMatchObject({ awaiting: false, proposal: { score: 0.87, area: 20 } });
    expect(countOf(editor, 0)).toBe(96);
    expect(editor.historyState).toMatchObject({ canUndo: false, modified: false });
    const preview = editor.toolPreview;
    expect(preview.kind === "segment" && preview.proposal?.bounds).toEqual({ x0: 2, y0: 2, x1: 7, y1: 6 });
  });

  it("drops stale answers: an older request, or after Escape", () => {
    const { editor, requests } = segmentEditor();
    click(editor, pt(4, 4));
    click(editor, pt(5, 4));
    expect(editor.setSegmentProposal(rectMask(editor, 0, 0, 3, 3), 0.5, requests[0].id)).toBe(false);
    expect(editor.segmentState).toMatchObject({ awaiting: true, proposal: null });
    editor.cancel();
    expect(editor.setSegmentProposal(rectMask(editor, 0, 0, 3, 3), 0.5, requests[1].id)).toBe(false);
    expect(editor.segmentState.proposal).toBeNull();
  });

  it("takes a COCO RLE of the image's size and refuses another size", () => {
    const { editor } = segmentEditor();
    click(editor, pt(4, 4));
    const map = new Uint16Array(editor.width * editor.height);
    map.set([1, 1, 1], 3 * editor.width + 4);
    const rle = encodeRle(map, editor.width, editor.height).get(1);
    if (!rle) throw new Error("no rle");
    expect(editor.setSegmentProposal(rle, 0.9)).toBe(true);
    expect(editor.segmentState.proposal).toEqual({ score: 0.9, area: 3 });
    expect(() => editor.setSegmentProposal({ size: [4, 4], counts: "0@0" }, 0.9)).toThrow(/size/);
  });

  it("a request after an answer names it (previousId), for a decoder that refines its last mask", () => {
    const { editor, requests } = segmentEditor();
    click(editor, pt(4, 4));
    editor.setSegmentProposal(rectMask(editor, 3, 3, 6, 6), 0.7, requests[0].id);
    editor.secondaryClick(pt(9, 1));
    expect(requests.at(-1)).toEqual({ id: 2, box: null, points: [[4, 4, 1], [9, 1, 0]], previousId: 1 });
  });

  it("a rejected request stops the waiting and keeps the last proposal", () => {
    const { editor, requests } = segmentEditor();
    click(editor, pt(4, 4));
    editor.setSegmentProposal(rectMask(editor, 3, 3, 6, 6), 0.7, 1);
    click(editor, pt(5, 5));
    expect(editor.toolPreview).toMatchObject({ kind: "segment", stale: true });
    expect(editor.acceptSegment()).toBe(false); // never the outdated mask
    expect(countOf(editor, 0)).toBe(96);
    editor.rejectSegmentRequest(requests[1].id);
    expect(editor.segmentState).toMatchObject({ awaiting: false, proposal: { area: 9 } });
  });
});

describe("accepting the proposal", () => {
  it('"over" paints exactly the proposal into a new object of the active class, taking pixels from others', () => {
    const { editor } = segmentEditor();
    const a = withObjectA(editor);
    editor.setClass(13);
    click(editor, pt(5, 3));
    editor.setSegmentProposal(rectMask(editor, 4, 2, 9, 5), 0.9);
    expect(editor.handleKey({ key: "Enter" })).toBe(true);
    const b = editor.selectedObject;
    expect(b).not.toBe(a);
    expect(editor.objects.find((o) => o.index === b)?.classId).toBe(13);
    expect(rows(editor)).toEqual([
      "111111......",
      "111111......",
      "111122222...",
      "111122222...",
      "111122222...",
      "111111......",
      "111111......",
      "111111......",
    ]);
    expect(editor.segmentState).toMatchObject({ box: null, points: [], proposal: null, awaiting: false });
    expect(editor.toolPreview.kind).toBe("none");
  });

  it('"behind" paints only the unlabeled pixels of the proposal', () => {
    const { editor } = segmentEditor();
    const a = withObjectA(editor);
    editor.setBorderMode("behind");
    click(editor, pt(7, 3));
    editor.setSegmentProposal(rectMask(editor, 4, 2, 9, 5), 0.9);
    editor.acceptSegment();
    expect(rows(editor)[3]).toBe("111111222...");
    expect(countOf(editor, a)).toBe(48);
    expect(countOf(editor, editor.selectedObject)).toBe(9);
  });

  it("adds to the selected object instead of creating one", () => {
    const { editor } = segmentEditor();
    const a = withObjectA(editor);
    editor.selectObject(a);
    click(editor, pt(7, 3));
    editor.setSegmentProposal(rectMask(editor, 6, 0, 8, 2), 0.9);
    editor.acceptSegment();
    expect(editor.objects).toHaveLength(1);
    expect(countOf(editor, a)).toBe(52);
  });

  it("is one undo entry: undo removes the pixels and the created object, redo brings both back", () => {
    const { editor } = segmentEditor();
    const a = withObjectA(editor);
    const before = rows(editor);
    click(editor, pt(7, 3));
    editor.setSegmentProposal(rectMask(editor, 4, 2, 9, 5), 0.9);
    editor.acceptSegment();
    const after = rows(editor);
    const created = editor.selectedObject;
    editor.undo();
    expect(rows(editor)).toEqual(before);
    expect(editor.objects.map((o) => o.index)).toEqual([a]);
    editor.redo();
    expect(rows(editor)).toEqual(after);
    expect(editor.objects.map((o) => o.index)).toEqual([a, created]);
    editor.undo();
    editor.undo();
    expect(countOf(editor, 0)).toBe(96);
    expect(editor.historyState.canUndo).toBe(false);
  });

  it("Escape clears prompts and proposal and leaves the label alone", () => {
    const { editor, states } = segmentEditor();
    withObjectA(editor);
    const before = rows(editor);
    drag(editor, [pt(1, 1), pt(9, 7)]);
    editor.setSegmentProposal(rectMask(editor, 4, 2, 9, 5), 0.9);
    expect(editor.handleKey({ key: "Escape" })).toBe(true);
    expect(rows(editor)).toEqual(before);
    expect(states.at(-1)).toMatchObject({ box: null, points: [], proposal: null, awaiting: false });
    expect(editor.handleKey({ key: "Escape" })).toBe(false);
    expect(editor.acceptSegment()).toBe(false);
    expect(editor.historyState.canUndo).toBe(true); // only the polygon
    editor.undo();
    expect(countOf(editor, 0)).toBe(96);
  });

  it("switching tools drops the prompts", () => {
    const { editor } = segmentEditor();
    click(editor, pt(4, 4));
    editor.setSegmentProposal(rectMask(editor, 4, 2, 9, 5), 0.9);
    editor.setTool("brush");
    expect(editor.segmentState.proposal).toBeNull();
    drag(editor, [pt(1, 1)]);
    expect(at(editor, 8, 4)).toBe(0); // the brush stroke is far; the proposal was never painted
  });

  it("an empty proposal clears the prompts without an edit", () => {
    const { editor } = segmentEditor();
    click(editor, pt(4, 4));
    editor.setSegmentProposal(new Uint8Array(96), 0);
    expect(editor.acceptSegment()).toBe(true);
    expect(editor.objects).toHaveLength(0);
    expect(editor.historyState.canUndo).toBe(false);
  });
});

describe("proposal raster", () => {
  it("crops to the bounds, fills the inside and marks the edge", () => {
    const mask = new Uint8Array(6 * 5);
    for (let y = 1; y < 4; y++) mask.fill(1, y * 6 + 1, y * 6 + 5);
    const proposal = proposalFromMask(mask, 2, 6, 5);
    expect(proposal.score).toBe(1);
    expect(proposal.bounds).toEqual({ x0: 1, y0: 1, x1: 5, y1: 4 });
    const pixels = proposalPixels(proposal);
    expect(pixels).toHaveLength(12);
    expect([...pixels].filter((p) => p === PROPOSAL_FILL)).toHaveLength(2);
    expect([...pixels].filter((p) => p === PROPOSAL_EDGE)).toHaveLength(10);
  });

  it("takes a mask cropped to its bounds as the same proposal as the full mask", () => {
    const full = new Uint8Array(6 * 5);
    for (let y = 1; y < 4; y++) full.fill(1, y * 6 + 2, y * 6 + 5);
    full[1 * 6 + 2] = 0;
    const bits = new Uint8Array(4 * 4); // bounds x 1..5, y 0..4: a margin row and column of zeros
    for (let y = 1; y < 4; y++) bits.fill(1, y * 4 + 1, y * 4 + 4);
    bits[1 * 4 + 1] = 0;
    const cropped = proposalFromMask({ bounds: { x0: 1, y0: 0, x1: 5, y1: 4 }, bits }, 0.5, 6, 5);
    const reference = proposalFromMask(full, 0.5, 6, 5);
    expect(cropped.bounds).toEqual(reference.bounds);
    expect(cropped.bits).toEqual(reference.bits);
    expect(cropped.region.area).toBe(8);
    expect(() => proposalFromMask({ bounds: { x0: 3, y0: 0, x1: 7, y1: 4 }, bits }, 0.5, 6, 5)).toThrow(/leaves the image/);
    expect(() => proposalFromMask({ bounds: { x0: 1, y0: 0, x1: 5, y1: 3 }, bits }, 0.5, 6, 5)).toThrow(/pixels/);
  });

  it("takes a cropped mask's own row spans as they are", () => {
    const reference = proposalFromMask({ bounds: { x0: 1, y0: 0, x1: 5, y1: 4 }, bits: Uint8Array.of(0, 0, 0, 0, 0, 1, 1, 1, 0, 1, 1, 1, 0, 1, 1, 1) }, 0.5, 6, 5);
    const proposal = proposalFromMask({ bounds: reference.bounds, bits: reference.bits, region: reference.region }, 0.5, 6, 5);
    expect(proposal.region).toBe(reference.region);
    expect(proposal.bits).toBe(reference.bits);
  });

  it("rasterises every step-th pixel when zoomed out, with the edge on that grid", () => {
    const full = new Uint8Array(20 * 10);
    for (let y = 0; y < 10; y++) full.fill(1, y * 20, y * 20 + 20);
    const proposal = proposalFromMask(full, 1, 20, 10);
    expect(proposalPixelsSampled(proposal, 1).pixels).toEqual(proposalPixels(proposal));
    const { pixels, width, height } = proposalPixelsSampled(proposal, 3);
    expect([width, height]).toEqual([7, 4]);
    expect([...pixels].filter((p) => p === PROPOSAL_FILL)).toHaveLength(5 * 2);
    expect([...pixels].filter((p) => p === PROPOSAL_EDGE)).toHaveLength(7 * 4 - 5 * 2);
  });
});
