import { describe, expect, it } from "vitest";
import { imagePoint } from "../core/geometry";
import { LabelDocument } from "../core/labelDocument";
import { SegmentTool } from "../tools/segmentTool";
import type { SegmentHover, SegmentRequest, SegmentState } from "../tools/segmentTypes";
import type { ToolHost } from "../tools/tool";

const WIDTH = 12;
const HEIGHT = 8;

/** The tool alone on a generic host and its own sink, as a decoder in the browser would see it: requests in, answers back. */
function segmentTool() {
  const document = new LabelDocument(WIDTH, HEIGHT);
  const object = document.createObject(12);
  const requests: SegmentRequest[] = [];
  const states: SegmentState[] = [];
  const hovers: SegmentHover[] = [];
  const host: ToolHost = {
    document,
    brushSize: 6,
    borderMode: "over",
    wandTolerance: 24,
    selectedObject: object,
    paintTarget: () => ({ index: object, created: [] }),
    imagePixels: () => null,
    imagePixelsPerScreenPixel: () => 1,
    previewChanged: () => undefined,
  };
  const tool = new SegmentTool(host, { requested: (r) => requests.push(r), changed: (s) => states.push(s), hovered: (b) => hovers.push(b) });
  const click = (x: number, y: number, negative = false) => {
    tool.pointerDown(imagePoint(x, y), { shift: negative });
    tool.pointerUp(imagePoint(x, y));
  };
  return { tool, document, object, requests, states, hovers, click };
}

/** A full-image mask with the rect [x0, x1) x [y0, y1) set. */
function rectMask(x0: number, y0: number, x1: number, y1: number): Uint8Array {
  const mask = new Uint8Array(WIDTH * HEIGHT);
  for (let y = y0; y < y1; y++) mask.fill(1, y * WIDTH + x0, y * WIDTH + x1);
  return mask;
}

const painted = (document: LabelDocument, index: number) => document.map.data.filter((v) => v === index).length;

describe("SegmentTool states", () => {
  it("idle until a press; pressing is busy but asks for nothing; the release prompts and awaits", () => {
    const { tool, requests } = segmentTool();
    expect(tool.busy).toBe(false);
    expect(tool.preview()).toEqual({ kind: "none" });
    tool.pointerDown(imagePoint(4, 4));
    expect(tool.busy).toBe(true);
    expect(requests).toHaveLength(0);
    tool.pointerUp(imagePoint(4, 4));
    expect(requests).toEqual([{ id: 1, box: null, points: [[4, 4, 1]] }]);
    expect(tool.segmentState).toMatchObject({ requestId: 1, awaiting: true, proposal: null });
  });

  it("shows an answer, keeps it as stale while newer prompts are awaited, and names it in the next request", () => {
    const { tool, requests, click } = segmentTool();
    click(4, 4);
    expect(tool.setProposal(rectMask(2, 2, 7, 6), 0.8, 1)).toBe(true);
    expect(tool.preview()).toMatchObject({ kind: "segment", stale: false, proposal: { score: 0.8 } });
    click(9, 1, true);
    expect(requests.at(-1)).toEqual({ id: 2, box: null, points: [[4, 4, 1], [9, 1, 0]], previousId: 1 });
    expect(tool.preview()).toMatchObject({ kind: "segment", stale: true, proposal: { score: 0.8 } });
    expect(tool.setProposal(rectMask(0, 0, 1, 1), 0.1, 1)).toBe(false); // a late answer to the older prompts
    expect(tool.setProposal(rectMask(2, 2, 6, 6), 0.9, 2)).toBe(true);
    click(5, 5);
    expect(requests.at(-1)?.previousId).toBe(2);
  });

  it("takes an answer that arrives during a press, and the press still adds its prompt", () => {
    const { tool, requests, click } = segmentTool();
    click(4, 4);
    tool.pointerDown(imagePoint(6, 6));
    expect(tool.setProposal(rectMask(2, 2, 7, 6), 0.8, 1)).toBe(true);
    tool.pointerUp(imagePoint(6, 6));
    expect(requests.at(-1)).toEqual({ id: 2, box: null, points: [[4, 4, 1], [6, 6, 1]], previousId: 1 });
    expect(tool.segmentState).toMatchObject({ awaiting: true, proposal: { area: 20 } });
  });

  it("accepts only an answer to the newest prompts, painting it and going idle", () => {
    const { tool, document, object, states, click } = segmentTool();
    click(4, 4);
    tool.setProposal(rectMask(2, 2, 7, 6), 0.8, 1);
    click(5, 5);
    expect(tool.commit()).toBe(false); // the shown proposal is for older prompts
    expect(painted(document, object)).toBe(0);
    tool.setProposal(rectMask(3, 3, 6, 6), 0.9, 2);
    expect(tool.commit()).toBe(true);
    expect(painted(document, object)).toBe(9);
    expect(tool.busy).toBe(false);
    expect(states.at(-1)).toMatchObject({ points: [], proposal: null, awaiting: false });
  });

  it("a rejection stops the waiting and lets the last proposal be accepted", () => {
    const { tool, document, object, click } = segmentTool();
    click(4, 4);
    tool.setProposal(rectMask(3, 3, 6, 6), 0.7, 1);
    click(5, 5);
    tool.rejectRequest(1); // not the awaited request: ignored
    expect(tool.segmentState.awaiting).toBe(true);
    tool.rejectRequest(2);
    expect(tool.segmentState).toMatchObject({ awaiting: false, proposal: { area: 9 } });
    expect(tool.commit()).toBe(true);
    expect(painted(document, object)).toBe(9);
  });

  it("cancel drops prompts and proposal from prompting or pressing; idle has nothing to cancel", () => {
    const { tool, click } = segmentTool();
    expect(tool.cancel()).toBe(false);
    tool.pointerDown(imagePoint(1, 1));
    expect(tool.cancel()).toBe(true);
    expect(tool.busy).toBe(false);
    click(4, 4);
    tool.setProposal(rectMask(3, 3, 6, 6), 0.7, 1);
    expect(tool.cancel()).toBe(true);
    expect(tool.segmentState).toMatchObject({ points: [], proposal: null, awaiting: false, requestId: 1 });
    expect(tool.setProposal(rectMask(3, 3, 6, 6), 0.7, 1)).toBe(false);
  });

  it("request ids never repeat across sessions", () => {
    const { tool, requests, click } = segmentTool();
    click(4, 4);
    tool.cancel();
    click(5, 5);
    expect(requests.map((r) => r.id)).toEqual([1, 2]);
    expect(tool.setProposal(rectMask(3, 3, 6, 6), 0.7, 1)).toBe(false);
    expect(tool.setProposal(rectMask(3, 3, 6, 6), 0.7, 2)).toBe(true);
  });

  it("undoing a prompt asks again; down to background prompts it drops the proposal and refuses late answers", () => {
    const { tool, requests, click } = segmentTool();
    click(1, 1, true);
    expect(requests).toHaveLength(0); // a background prompt alone asks for nothing
    click(4, 4);
    click(6, 6);
    tool.setProposal(rectMask(3, 3, 7, 7), 0.7, 2);
    expect(tool.undoStep()).toBe(true);
    expect(requests.at(-1)).toEqual({ id: 3, box: null, points: [[1, 1, 0], [4, 4, 1]], previousId: 2 });
    expect(tool.undoStep()).toBe(true);
    expect(requests).toHaveLength(3);
    expect(tool.segmentState).toMatchObject({ points: [{ x: 1, y: 1, positive: false }], awaiting: false, proposal: null });
    expect(tool.setProposal(rectMask(3, 3, 7, 7), 0.7, 3)).toBe(false); // answers prompts that are gone
    expect(tool.undoStep()).toBe(true);
    expect(tool.busy).toBe(false);
    expect(tool.undoStep()).toBe(false);
  });

  it("tells what a click on the hovered pixel would request, once per pixel, never while pressed", () => {
    const { tool, requests, hovers, click } = segmentTool();
    tool.pointerMove(imagePoint(4.2, 4.7));
    tool.pointerMove(imagePoint(4.9, 4.1)); // the same pixel
    tool.pointerMove(imagePoint(-1, 4)); // off the image
    expect(hovers).toEqual([{ box: null, points: [[4, 4, 1]] }]);
    click(4, 4);
    tool.setProposal(rectMask(2, 2, 7, 6), 0.8, 1);
    tool.pointerMove(imagePoint(9, 1), { shift: true });
    // exactly the request the click then makes, less its id
    click(9, 1, true);
    expect(hovers.at(-1)).toEqual({ box: null, points: [[4, 4, 1], [9, 1, 0]], previousId: 1 });
    const { id, ...body } = requests.at(-1) as SegmentRequest;
    expect(id).toBe(2);
    expect(body).toEqual(hovers.at(-1));
    tool.pointerDown(imagePoint(2, 2));
    tool.pointerMove(imagePoint(3, 3)); // a press: no hover
    expect(hovers).toHaveLength(2);
  });
});
