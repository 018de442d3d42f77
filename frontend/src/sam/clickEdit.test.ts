import { describe, expect, it } from "vitest";
import { type WireRle, decodeRle } from "../editor";
import { ClickEdits, type EditClick, editStep, edited, squaredDistances } from "./clickEdit";
import { replaySteps } from "./protocol";
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

  it.each(cases.map((c) => [c.name, c] as const))("%s: the same, one click at a time with the edits kept by step", (_, c) => {
    const masks = decoded(c);
    const edits = new ClickEdits(c.width, c.height);
    const box = masks.length > c.clicks.length ? ([0, 0, 4, 4] as const) : null;
    let shown = masks[0];
    for (let n = box ? 0 : 1; n <= c.clicks.length; n++) {
      const points = c.clicks.slice(0, n);
      const asked: number[] = [];
      shown = edits.shown(replaySteps({ box, points }), points, (i) => (asked.push(i), masks[i]));
      expect(asked).toEqual([box ? n : n - 1]); // only the new step's mask: the step before's edits are kept
    }
    expect(spread(shown, c.width, c.height)).toEqual(full(c.expected, c.width, c.height));
  });

  it("hands back the decoder's very mask when every click is honoured", () => {
    const mask = { bounds: { x0: 2, y0: 2, x1: 4, y1: 4 }, bits: new Uint8Array([1, 1, 1, 1]) };
    expect(editStep(mask, [[3, 3, 1], [0, 0, 0]], [], 10, 10).shown).toBe(mask);
  });

  it("a positive click in a sliver grows the mask past its crop, joined to it", () => {
    const mask = { bounds: { x0: 10, y0: 10, x1: 20, y1: 20 }, bits: new Uint8Array(100).fill(1) };
    const { shown, edits } = editStep(mask, [[15, 23.5, 1]], [], 40, 40); // 4 px below the mask's edge
    const bits = spread(shown, 40, 40);
    expect(bits[23 * 40 + 15]).toBe(1);
    expect(bits[20 * 40 + 15]).toBe(1);
    expect(bits[5 * 40 + 15]).toBe(0); // nothing far above
    expect(edits[0]).not.toBeNull();
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
