import { describe, expect, it } from "vitest";
import { type WireRle, decodeRle } from "../editor";
import { ClickEdits, type EditClick, FED_LOGIT, editStep, edited, fedLogits, squaredDistances } from "./clickEdit";
import { encoderInputSize, replaySteps } from "./protocol";
import { maskFromLogits, upsamplePlan } from "./upsample";
import vectors from "./testdata/click_edit_vectors.json";

interface Vector {
  name: string;
  height: number;
  width: number;
  crops: number[][];
  masks: WireRle[];
  clicks: EditClick[];
  expected: WireRle;
  changed: number;
}

function full(rle: WireRle, width: number, height: number): Uint8Array {
  const out = new Uint8Array(width * height);
  decodeRle(rle, out, width, height, 1);
  return out;
}

/** The mask as the browser's decoder gives it: cropped to `crop` (everything outside is outside). */
function cropped(bits: Uint8Array, width: number, [x0, y0, x1, y1]: number[]) {
  const out = new Uint8Array((x1 - x0) * (y1 - y0));
  for (let y = y0; y < y1; y++) out.set(bits.subarray(y * width + x0, y * width + x1), (y - y0) * (x1 - x0));
  return { bounds: { x0, y0, x1, y1 }, bits: out };
}

function spread(mask: { bounds: { x0: number; y0: number; x1: number; y1: number }; bits: Uint8Array }, width: number, height: number) {
  const out = new Uint8Array(width * height);
  const w = mask.bounds.x1 - mask.bounds.x0;
  for (let y = mask.bounds.y0; y < mask.bounds.y1; y++) {
    for (let x = mask.bounds.x0; x < mask.bounds.x1; x++) out[y * width + x] = mask.bits[(y - mask.bounds.y0) * w + x - mask.bounds.x0] ? 1 : 0;
  }
  return out;
}

describe("click consistency, as the server does it", () => {
  const cases = (vectors as unknown as { cases: Vector[] }).cases;

  it("has cases that change the mask and cases that leave it", () => {
    expect(cases.filter((c) => c.changed > 0).length).toBeGreaterThan(20);
    expect(cases.filter((c) => c.changed === 0).length).toBeGreaterThanOrEqual(3);
  });

  const decoded = (c: Vector) => c.masks.map((rle, i) => cropped(full(rle, c.width, c.height), c.width, c.crops[i]));

  it.each(cases.map((c) => [c.name, c] as const))("%s: the same pixels as click_edit.py", (_, c) => {
    const got = spread(edited(decoded(c), c.clicks, c.width, c.height), c.width, c.height);
    const expected = full(c.expected, c.width, c.height);
    let differing = 0;
    for (let i = 0; i < got.length; i++) if (got[i] !== expected[i]) differing++;
    expect(differing).toBe(0);
    const last = full(c.masks[c.masks.length - 1], c.width, c.height);
    let changed = 0;
    for (let i = 0; i < got.length; i++) if (got[i] !== last[i]) changed++;
    expect(changed).toBe(c.changed);
  });

  it("hands back the decoder's very mask when every click is honoured", () => {
    const mask = { bounds: { x0: 2, y0: 2, x1: 4, y1: 4 }, bits: new Uint8Array([1, 1, 1, 1]) };
    expect(editStep(mask, [[3, 3, 1], [0, 0, 0]], [], 10, 10).shown).toBe(mask);
  });

  it("a positive click in a sliver grows the mask past its crop, joined to it", () => {
    const mask = { bounds: { x0: 10, y0: 10, x1: 20, y1: 20 }, bits: new Uint8Array(100).fill(1) };
    const { shown, edits } = editStep(mask, [[15, 23.5, 1]], [], 300, 300); // 4 px below the mask's edge
    const bits = spread(shown, 300, 300);
    expect(bits[23 * 300 + 15]).toBe(1);
    expect(bits[20 * 300 + 15]).toBe(1);
    expect(bits[5 * 300 + 15]).toBe(0); // nothing far above
    expect(editStep(mask, [[15, 23.5, 1]], [], 200, 200).edits[0]).toBeNull(); // 4 px is over 4 cells of 200 / 256 px
    expect(edits[0]).not.toBeNull();
  });
});

interface Feed {
  height: number;
  width: number;
  input: number[];
  mask: WireRle;
  shown: WireRle;
  cells: [number, number][];
}

const SIDE = 256;

function planFor(height: number, width: number) {
  const [inputHeight, inputWidth] = encoderInputSize({ encoder: { size: [1024, 1024], resize: "longest" }, decoder: {} as never }, height, width);
  return upsamplePlan({ width, height, inputWidth, inputHeight, paddedWidth: 1024, paddedHeight: 1024 }, SIDE);
}

/** testdata/make_click_edit_vectors.py's feed_logits. */
function feedLogits(): Float32Array {
  const out = new Float32Array(SIDE * SIDE);
  for (let r = 0; r < SIDE; r++) for (let c = 0; c < SIDE; c++) out[r * SIDE + c] = ((r * 7 + c * 3) % 11) - 5 + (c > 128 ? 3 : 0);
  return out;
}

describe("the next step's mask input, as the server feeds it", () => {
  it.each((vectors as unknown as { feeds: Feed[] }).feeds.map((f) => [`${f.height}x${f.width}`, f] as const))("%s: the same cells as fed_logits", (_, f) => {
    const plan = planFor(f.height, f.width);
    expect([plan.geometry.inputHeight, plan.geometry.inputWidth]).toEqual(f.input);
    const whole = (rle: WireRle) => ({ bounds: { x0: 0, y0: 0, x1: f.width, y1: f.height }, bits: full(rle, f.width, f.height) });
    const logits = feedLogits();
    const fed = fedLogits(logits, whole(f.mask), whole(f.shown), plan);
    const cells: [number, number][] = [];
    for (let i = 0; i < fed.length; i++) if (fed[i] !== logits[i]) cells.push([i, fed[i]]);
    expect(cells.length).toBeGreaterThan(10);
    expect(cells).toEqual(f.cells);
  });

  it("is the step's own logits when no edit moved a pixel", () => {
    const mask = { bounds: { x0: 0, y0: 0, x1: 2, y1: 2 }, bits: new Uint8Array([1, 1, 1, 1]) };
    const logits = feedLogits();
    expect(fedLogits(logits, mask, mask, planFor(60, 80))).toBe(logits);
  });
});

describe("click edits kept by step", () => {
  /** Low-res logits of a disc of `radius` cells: what a decoder might answer. */
  const discLogits = (radius: number) => {
    const out = new Float32Array(SIDE * SIDE);
    for (let r = 0; r < SIDE; r++) for (let c = 0; c < SIDE; c++) out[r * SIDE + c] = radius - Math.hypot(r - 96, c - 128);
    return out;
  };

  it("one click at a time, each asks for its own step only and answers what a full replay shows", () => {
    const [height, width] = [240, 320]; // cells of 1.25 px: a disc of 60 cells is 75 px
    const plan = planFor(height, width);
    const answers = [discLogits(60), discLogits(60), discLogits(52)];
    const clicks: EditClick[] = [[160, 120, 1], [160, 197, 1], [100, 120, 1]];
    const edits = new ClickEdits(width, height);
    for (let n = 1; n <= clicks.length; n++) {
      const points = clicks.slice(0, n);
      const steps = replaySteps({ box: null, points });
      const asked: number[] = [];
      const lowResOf = (i: number) => (asked.push(i), answers[i]);
      if (n > 1) {
        const fed = edits.feed(steps, n - 1, points, lowResOf, plan);
        const before = replaySteps({ box: null, points: clicks.slice(0, n - 1) });
        const beforeShown = new ClickEdits(width, height).shown(before, clicks.slice(0, n - 1), (i) => answers[i], plan);
        expect(fed).toEqual(fedLogits(answers[n - 2], maskFromLogits(answers[n - 2], plan), beforeShown, plan));
      }
      const shown = edits.shown(steps, points, lowResOf, plan);
      expect(asked.every((i) => i === n - 1)).toBe(true); // earlier steps' edits are kept
      const replayed = edited(answers.slice(0, n).map((a) => maskFromLogits(a, plan)), points, width, height);
      expect(spread(shown, width, height)).toEqual(spread(replayed, width, height));
    }
    // the second click (2 px under the disc's edge) got an edit that the third step's smaller disc keeps
    const last = spread(edits.shown(replaySteps({ box: null, points: clicks }), clicks, (i) => answers[i], plan), width, height);
    expect(last[197 * width + 160]).toBe(1);
    expect(FED_LOGIT).toBeGreaterThan(0);
  });
});

describe("squared distance transform", () => {
  it("is exact against brute force", () => {
    const w = 23, h = 17;
    const feature = new Uint8Array(w * h);
    for (let i = 0; i < w * h; i++) feature[i] = (i * 7919) % 31 === 0 ? 1 : 0;
    const got = squaredDistances(feature, w, h);
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        let best = Infinity;
        for (let i = 0; i < w * h; i++) if (feature[i]) best = Math.min(best, (i % w - x) ** 2 + (Math.floor(i / w) - y) ** 2);
        expect(got[y * w + x]).toBe(best);
      }
    }
  });
});
