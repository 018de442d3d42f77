import { describe, expect, it } from "vitest";
import { decodeRle } from "../editor";
import { encoderInputSize } from "./protocol";
import { composedTaps, linearTaps, maskFromLogits, upsamplePlan } from "./upsample";
import fixture from "./testdata/upsample_cv2.json";

const SIDE = 256;

/** The same logits as testdata/make_upsample_fixture.py. */
function logits(): Float32Array {
  const out = new Float32Array(SIDE * SIDE);
  for (let i = 0; i < SIDE; i++) {
    for (let j = 0; j < SIDE; j++) {
      out[i * SIDE + j] = 30 - 0.5 * Math.abs(i - 110) - 0.75 * Math.abs(j - 90) + (6 * (((i * 7 + j * 3) % 11) - 5)) / 5;
    }
  }
  return out;
}

function planFor(height: number, width: number) {
  const [inputHeight, inputWidth] = encoderInputSize({ encoder: { size: [1024, 1024], resize: "longest" }, decoder: {} as never }, height, width);
  return upsamplePlan({ width, height, inputWidth, inputHeight, paddedWidth: 1024, paddedHeight: 1024 }, SIDE);
}

/** The cropped mask spread over the whole image. */
function fullOf(mask: { bounds: { x0: number; y0: number; x1: number; y1: number }; bits: Uint8Array }, width: number, height: number): Uint8Array {
  const out = new Uint8Array(width * height);
  const w = mask.bounds.x1 - mask.bounds.x0;
  for (let y = mask.bounds.y0; y < mask.bounds.y1; y++) {
    out.set(mask.bits.subarray((y - mask.bounds.y0) * w, (y - mask.bounds.y0 + 1) * w), y * width + mask.bounds.x0);
  }
  return out;
}

describe("linear taps", () => {
  it("use half-pixel centres and clamp at both ends (OpenCV's INTER_LINEAR)", () => {
    const { i0, i1, w1 } = linearTaps(8, 2); // upscale x4
    expect([...i0]).toEqual([0, 0, 0, 0, 0, 0, 1, 1]);
    expect([...i1]).toEqual([1, 1, 1, 1, 1, 1, 1, 1]);
    expect([...w1]).toEqual([0, 0, 0.125, 0.375, 0.625, 0.875, 0, 0]);
  });

  it("composed taps weigh 1 in all and stay within the low-res axis", () => {
    const taps = composedTaps(3000, 768, 1024, 256);
    for (let d = 0; d < 3000; d++) {
      const w = taps.weight.subarray(4 * d, 4 * d + 4).reduce((a, b) => a + b, 0);
      expect(w).toBeCloseTo(1, 5);
    }
    expect(Math.max(...taps.index)).toBeLessThanOrEqual(192); // 768 of 1024 padded rows: 192 low-res rows
  });
});

describe("low-res logits to the image's mask", () => {
  it("agrees with the server's OpenCV upsampling and crop, pixel for pixel but a few on the edge", () => {
    const low = logits();
    for (const c of fixture as { height: number; width: number; counts: string; area: number }[]) {
      const expected = new Uint8Array(c.width * c.height);
      decodeRle({ size: [c.height, c.width], counts: c.counts }, expected, c.width, c.height, 1);
      const got = fullOf(maskFromLogits(low, planFor(c.height, c.width)), c.width, c.height);
      let differ = 0;
      for (let i = 0; i < got.length; i++) if (got[i] !== expected[i]) differ++;
      expect(differ).toBeLessThanOrEqual(Math.max(1, c.area * 1e-4));
    }
  });

  it("computes only the window that positive logits reach, and nothing outside it is inside", () => {
    const low = new Float32Array(SIDE * SIDE).fill(-5);
    for (let i = 40; i < 50; i++) low.fill(8, i * SIDE + 100, i * SIDE + 120); // a 20x10 patch of the 192 used rows
    const mask = maskFromLogits(low, planFor(3000, 4000));
    // low-res cell = 4 padded px = 4000/1024*4 = 15.6 image px
    expect(mask.bounds.x0).toBeGreaterThan(99 * 15.6);
    expect(mask.bounds.x1).toBeLessThan(121 * 15.6);
    expect(mask.bounds.y0).toBeGreaterThan(39 * 15.6);
    expect(mask.bounds.y1).toBeLessThan(51 * 15.6);
    const area = mask.bits.reduce((a, b) => a + b, 0);
    expect(area).toBeGreaterThan(0.8 * 20 * 10 * 15.6 * 15.6);
    expect(area).toBeLessThan(1.2 * 20 * 10 * 15.6 * 15.6);
  });

  it("is empty when no logit is positive, and ignores the padding below the resized image", () => {
    expect(maskFromLogits(new Float32Array(SIDE * SIDE).fill(-1), planFor(480, 640)).bits).toHaveLength(0);
    const padding = new Float32Array(SIDE * SIDE).fill(-1);
    padding.fill(4, 200 * SIDE, 256 * SIDE); // rows 200..255: the padding under a 4:3 image (192 rows used)
    const mask = maskFromLogits(padding, planFor(480, 640));
    expect(mask.bits.reduce((a, b) => a + b, 0)).toBe(0);
  });

  it("handles a large object at 12 megapixels (the benchmark times it)", () => {
    const mask = maskFromLogits(logits(), planFor(3000, 4000));
    expect(mask.bits.length).toBeGreaterThan(1e6);
    expect(mask.bits.reduce((a, b) => a + b, 0)).toBe((fixture as { area: number }[])[3].area);
  });

  it("gives the same pixels as row spans, cropped to their own bounds", () => {
    for (const [height, width] of [[480, 640], [3000, 4000], [700, 333]]) {
      const mask = maskFromLogits(logits(), planFor(height, width));
      const region = mask.region!;
      expect(region.bounds).toEqual(mask.bounds);
      const fromSpans = new Uint8Array(width * height);
      for (let i = 0; i < region.spans.length; i += 3) fromSpans.fill(1, region.spans[i] * width + region.spans[i + 1], region.spans[i] * width + region.spans[i + 2]);
      const full = fullOf(mask, width, height);
      let differ = 0;
      for (let i = 0; i < full.length; i++) if (full[i] !== fromSpans[i]) differ++;
      expect(differ).toBe(0);
      expect(region.area).toBe(mask.bits.reduce((a, b) => a + b, 0));
    }
  });
});
