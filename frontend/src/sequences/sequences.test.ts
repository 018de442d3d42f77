import { describe, expect, it } from "vitest";
import type { Label } from "../api/types";
import { Editor, decodeRle, encodeRle } from "../editor";
import type { Prediction } from "../pages/label/labelApi";
import { jobOfAnswer, normalizeSequence, type Sequence } from "./api";
import { LOW_CONFIDENCE, confidenceColor, confidenceLevel, confidenceText } from "./confidence";
import { frameContent, predictionScore, tracksIn } from "./frameContent";
import { FrameStore } from "./frameStore";
import { ONION_COLOR, labelMapOf, outlinePixels } from "./onionSkin";
import { buildTimeline, nextLowConfidence, prefetchOrder, propagateRange, stepFrame, summaryOfFrame, timelineCounts, type FrameSummary } from "./timeline";
import { TrackBook } from "./tracks";

const W = 6;
const H = 4;

function rectMask(x0: number, y0: number, x1: number, y1: number) {
  const map = new Uint16Array(W * H);
  for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) map[y * W + x] = 1;
  const { counts } = encodeRle(map, W, H).get(1)!;
  return { size: [H, W] as [number, number], counts };
}

describe("timeline", () => {
  const frames = [0, 1, 2, 3, 4].map((index) => ({ index, asset: 100 + index }));
  const summaries = new Map<number, FrameSummary>([
    [0, { kind: "labeled", score: null }],
    [1, { kind: "propagated", score: 0.95 }],
    [2, { kind: "propagated", score: 0.7 }],
    [3, { kind: "propagated", score: 0.2 }],
  ]);

  it("marks labeled frames, confidence levels of propagated ones and the current frame", () => {
    const cells = buildTimeline(frames, summaries, 2);
    expect(cells.map((c) => c.kind)).toEqual(["labeled", "propagated", "propagated", "propagated", "unknown"]);
    expect(cells.map((c) => c.level)).toEqual([null, "high", "medium", "low", null]);
    expect(cells.filter((c) => c.current).map((c) => c.index)).toEqual([2]);
    expect(timelineCounts(cells)).toMatchObject({ labeled: 1, propagated: 3, unknown: 1, low: 1 });
  });

  it("reads the frame list's marks until the frame itself is read", () => {
    expect(summaryOfFrame({ labeled: true, submitted: true, score: 0.3 })).toEqual({ kind: "labeled", score: null });
    expect(summaryOfFrame({ labeled: true, submitted: false })).toEqual({ kind: "draft", score: null });
    expect(summaryOfFrame({ labeled: false, submitted: false, score: 0.42 })).toEqual({ kind: "propagated", score: 0.42 });
    expect(summaryOfFrame({ labeled: false, submitted: false, score: null })).toEqual({ kind: "empty", score: null });
    expect(summaryOfFrame({})).toEqual({ kind: "unknown", score: null });
  });

  it("steps inside the sequence", () => {
    expect(stepFrame(0, -1, 5)).toBe(0);
    expect(stepFrame(3, 1, 5)).toBe(4);
    expect(stepFrame(4, 1, 5)).toBe(4);
    expect(stepFrame(2, 10, 5)).toBe(4);
  });

  it("prefetches nearest first, the way we move first", () => {
    expect(prefetchOrder(5, 10, 2, 1)).toEqual([6, 4, 7, 3]);
    expect(prefetchOrder(5, 10, 2, -1)).toEqual([4, 6, 3, 7]);
    expect(prefetchOrder(0, 3, 3, 1)).toEqual([1, 2]);
  });

  it("gives the range of propagate N frames, clipped to the sequence", () => {
    expect(propagateRange(2, 10, 1, 5)).toEqual({ from: 2, to: 4 });
    expect(propagateRange(2, 1, -1, 5)).toEqual({ from: 2, to: 1 });
    expect(propagateRange(0, 3, -1, 5)).toBeNull();
    expect(propagateRange(2, 0, 1, 5)).toBeNull();
  });

  it("finds the next low-confidence frame, wrapping around", () => {
    const cells = buildTimeline(frames, summaries, 4);
    expect(nextLowConfidence(cells, 4)).toBe(3);
    expect(nextLowConfidence(cells, 3)).toBe(3);
    expect(nextLowConfidence(buildTimeline(frames, new Map(), 0), 0)).toBeNull();
  });
});

describe("confidence colouring", () => {
  it("goes from red at 0 to green at 1 and flags low scores", () => {
    expect(confidenceColor(0)).toBe("hsl(0, 75%, 42%)");
    expect(confidenceColor(1)).toBe("hsl(120, 75%, 38%)");
    expect(confidenceColor(0.5)).toBe("hsl(60, 75%, 42%)");
    expect(confidenceLevel(LOW_CONFIDENCE - 0.01)).toBe("low");
    expect(confidenceLevel(LOW_CONFIDENCE)).toBe("medium");
    expect(confidenceLevel(0.9)).toBe("high");
  });

  it("clamps scores out of range and NaN", () => {
    expect(confidenceColor(7)).toBe(confidenceColor(1));
    expect(confidenceColor(Number.NaN)).toBe(confidenceColor(0));
    expect(confidenceText(0.432)).toBe("confidence 0.43 (low)");
  });
});

describe("TrackBook", () => {
  it("keeps loaded tracks and gives new objects ids above every id seen", () => {
    const book = new TrackBook([4]);
    book.load([{ track: 2 }, { track: 7 }]);
    expect(book.trackOf(1)).toBe(2);
    expect(book.trackOf(2)).toBe(7);
    expect(book.sync([{ index: 1 }, { index: 2 }, { index: 3 }])).toBe(true);
    expect(book.trackOf(3)).toBe(8);
    expect(book.sync([{ index: 1 }, { index: 2 }, { index: 3 }])).toBe(false); // edits keep tracks
    expect(book.trackOf(3)).toBe(8);
  });

  it("gives a missing or repeated track a fresh id", () => {
    const book = new TrackBook();
    book.load([{ track: 3 }, {}, { track: 3 }]);
    expect([1, 2, 3].map((i) => book.trackOf(i))).toEqual([3, 4, 5]);
  });

  it("writes each object's track into the label body and leaves out empty objects", () => {
    const book = new TrackBook([10]);
    book.load([{ track: 5 }]);
    const map = new Uint16Array(W * H);
    map[0] = 1;
    map[W * H - 1] = 3;
    const objects = [1, 2, 3].map((index) => ({ index, classId: 9, attributes: {}, hidden: false }));
    const ontology = { classes: [{ id: 9, attributes: [] }], classifications: [{ name: "weather", type: "radio" as const, required: false, options: [{ value: "sun", label: "" }] }] };
    const body = book.labelBody(map, W, H, objects, { weather: "sun" }, ontology);
    expect(body.objects.map((o) => o.track)).toEqual([5, 12]); // object 2 (track 11) has no pixels
    expect(body.classifications).toEqual({ weather: "sun" });
    const decoded = new Uint16Array(W * H);
    decodeRle(body.objects[1].mask, decoded, W, H, 1);
    expect(decoded[W * H - 1]).toBe(1);
  });
});

describe("frame content", () => {
  const label = (author: number, status: "draft" | "submitted") =>
    ({ id: 1, author: { id: author }, revision: 1, status, objects: [{ class: 1, mask: rectMask(0, 0, 2, 2), track: 4 }], classifications: {} }) as unknown as Label;
  const prediction: Prediction = {
    id: 3,
    objects: [
      { class: 1, mask: rectMask(0, 0, 2, 2), score: 0.4, track: 1 },
      { class: 1, mask: rectMask(3, 0, 5, 2), score: 0.8, track: 2 },
      { class: 99, mask: rectMask(0, 2, 2, 4), score: 0.9, track: 3 },
    ],
  };

  it("starts from the person's own label and marks the frame labeled or draft", () => {
    expect(frameContent([label(7, "submitted")], [prediction], 7, new Set([1])).summary).toEqual({ kind: "labeled", score: null });
    const draft = frameContent([label(7, "draft")], [], 7, new Set([1]));
    expect(draft.summary.kind).toBe("draft");
    expect(tracksIn(draft.content)).toEqual([4]);
  });

  it("else from the newest predictions, tracks kept, archived classes left out, best score first", () => {
    const frame = frameContent([label(8, "submitted")], [prediction], 7, new Set([1]));
    expect(frame.source).toBe("predictions");
    expect(frame.content?.objects.map((o) => o.track)).toEqual([2, 1]);
    expect(frame.summary).toEqual({ kind: "propagated", score: predictionScore(prediction) });
    expect(predictionScore(prediction)).toBeCloseTo(0.7);
    expect(predictionScore({ ...prediction, score: 0.25 })).toBe(0.25);
  });

  it("shows a viewer the frame's newest submitted label, anyone's, and marks the frame labeled", () => {
    const older = { ...label(8, "submitted"), id: 2 };
    const newer = { ...label(9, "submitted"), id: 5, objects: [{ class: 1, mask: rectMask(3, 0, 5, 2), track: 6 }] } as unknown as Label;
    const draft = { ...label(10, "draft"), id: 9 };
    const frame = frameContent([older, draft, newer], [prediction], 7, new Set([1]), true);
    expect(frame.source).toBe("label");
    expect(tracksIn(frame.content)).toEqual([6]);
    expect(frame.summary).toEqual({ kind: "labeled", score: null });
    expect(frame.ownLabel).toBeNull(); // nothing of the viewer's to save to
    // a labeler still starts from their own label or the pre-label, never from someone else's
    expect(frameContent([older, newer], [prediction], 7, new Set([1])).source).toBe("predictions");
  });

  it("is empty without label or predictions", () => {
    expect(frameContent([], [], 7, new Set([1])).summary).toEqual({ kind: "empty", score: null });
  });
});

describe("onion skin", () => {
  it("outlines each object's border pixels only", () => {
    const map = labelMapOf({ objects: [{ class: 1, mask: rectMask(1, 0, 5, 4) }] }, W, H);
    const out = outlinePixels(map, W, H);
    const drawn = (x: number, y: number) => out[y * W + x] === ONION_COLOR;
    expect(drawn(0, 1)).toBe(false); // outside
    expect(drawn(1, 1)).toBe(true); // left border
    expect(drawn(2, 1)).toBe(false); // inside
    expect(drawn(2, 0)).toBe(true); // touches the image edge
    expect(drawn(4, 2)).toBe(true);
  });
});

describe("FrameStore", () => {
  class FakeBitmap {
    closed = false;
    constructor(readonly asset: number) {}
    close() {
      this.closed = true;
    }
  }

  function store(count: number, bitmaps = 3, radius = 1) {
    const requests: string[] = [];
    const created: FakeBitmap[] = [];
    const assets = Array.from({ length: count }, (_, i) => 100 + i);
    const s = new FrameStore<FakeBitmap, string>(
      assets,
      {
        image: async (asset) => {
          requests.push(`image ${asset}`);
          const b = new FakeBitmap(asset);
          created.push(b);
          return b;
        },
        content: async (asset) => {
          requests.push(`content ${asset}`);
          return `label of ${asset}`;
        },
      },
      { bitmaps, radius },
    );
    return { s, requests, created };
  }

  it("fetches each frame once and prefetches the neighbours of the shown one", async () => {
    const { s, requests } = store(5);
    await s.frame(2);
    s.show(2);
    await s.frame(3);
    await s.frame(1);
    expect(requests.filter((r) => r.startsWith("image")).sort()).toEqual(["image 101", "image 102", "image 103"]);
    expect(requests.filter((r) => r.startsWith("content")).length).toBe(3);
    expect(s.loaded(3)).toBe("label of 103");
  });

  it("keeps a bounded number of bitmaps, closes evicted ones and never the one on screen", async () => {
    const { s, created } = store(10, 3, 0);
    await s.image(0);
    s.show(0);
    for (const i of [1, 2, 3, 4]) await s.image(i);
    expect(s.cachedImages().length).toBe(3);
    expect(created[0].closed).toBe(false); // frame 0 is shown
    expect(created.filter((b) => b.closed).map((b) => b.asset)).toEqual([101, 102]);
  });

  it("refetches invalidated content and takes a saved one as is", async () => {
    const { s, requests } = store(3);
    await s.content(1);
    s.invalidate([1]);
    await s.content(1);
    s.put(2, "saved");
    expect(await s.content(2)).toBe("saved");
    expect(requests.filter((r) => r === "content 101").length).toBe(2);
    expect(requests).not.toContain("content 102");
  });

  it("refuses a frame outside the sequence", () => {
    const { s } = store(2);
    expect(() => s.image(2)).toThrow(RangeError);
  });
});

describe("sequence answers", () => {
  it("orders frames and reads nested assets", () => {
    const raw = { id: 1, name: "bear", frames: [{ index: 1, asset: { id: 11 } }, { index: 0, asset: 10 }], tracks: [] } as unknown as Sequence;
    expect(normalizeSequence(raw).frames).toEqual([{ index: 0, asset: 10 }, { index: 1, asset: 11 }]);
  });

  it("finds the job in the shapes a 202 may take", () => {
    expect(jobOfAnswer({ id: 4, kind: "propagate", status: "queued" })?.id).toBe(4);
    expect(jobOfAnswer({ id: 9, name: "bear", job: { id: 5, kind: "decode", status: "queued" } })?.id).toBe(5);
    expect(jobOfAnswer({ sequence: 1, job: 6 })).toEqual({ id: 6 });
    expect(jobOfAnswer({ job_id: 7 })).toEqual({ id: 7 });
    expect(jobOfAnswer({ detail: "no" })).toBeNull();
  });
});

describe("tracks in the image editor", () => {
  it("keeps a loaded object's track through edits and sends it back (a frame opened from the queue)", () => {
    const editor = new Editor({ width: W, height: H, classes: [{ id: 1, name: "bear", color: "#3050ff" }] });
    editor.loadLabel({ objects: [{ class: 1, mask: rectMask(0, 0, 2, 2), track: 7 }] });
    editor.setObjectAttributes(1, { occluded: "no" });
    const body = editor.toLabelBody();
    expect(body.objects.map((o) => o.track)).toEqual([7]);
    editor.loadLabel({ objects: [{ class: 1, mask: rectMask(0, 0, 2, 2) }] });
    expect("track" in editor.toLabelBody().objects[0]).toBe(false); // no track: none invented
  });
});
