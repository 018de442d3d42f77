import { describe, expect, it } from "vitest";
import { countsToString, decodeRle, encodeRle, rleCounts, stringToCounts } from "../io/rle";
import vectors from "../testdata/rle_vectors.json";

interface BinaryVector {
  name: string;
  height: number;
  width: number;
  rows: string[];
  counts: string;
  uncompressed: number[];
}

const binary = vectors.binary as BinaryVector[];

function maskOf(v: BinaryVector, index = 1): Uint16Array {
  const map = new Uint16Array(v.width * v.height);
  v.rows.forEach((row, y) => [...row].forEach((c, x) => (map[y * v.width + x] = c === "1" ? index : 0)));
  return map;
}

describe("COCO RLE against pycocotools vectors", () => {
  it("has the expected vectors", () => {
    expect(binary.length).toBeGreaterThanOrEqual(12);
  });

  it.each(binary.map((v) => [v.name, v] as const))("encodes %s byte-identically", (_, v) => {
    const rles = encodeRle(maskOf(v), v.width, v.height);
    expect(rles.get(1)).toEqual({ size: [v.height, v.width], counts: v.counts });
  });

  it.each(binary.map((v) => [v.name, v] as const))("decodes %s from the string and from uncompressed counts", (_, v) => {
    const fromString = new Uint16Array(v.width * v.height);
    decodeRle({ size: [v.height, v.width], counts: v.counts }, fromString, v.width, v.height, 5);
    expect(fromString).toEqual(maskOf(v, 5));
    const fromCounts = new Uint16Array(v.width * v.height);
    decodeRle({ size: [v.height, v.width], counts: v.uncompressed }, fromCounts, v.width, v.height, 5);
    expect(fromCounts).toEqual(maskOf(v, 5));
    expect(stringToCounts(v.counts)).toEqual(v.uncompressed);
    expect(countsToString(v.uncompressed)).toBe(v.counts);
  });

  it("encodes every object of a label map in one pass like pycocotools encodes each mask", () => {
    const lm = vectors.label_map;
    const rles = encodeRle(Uint16Array.from(lm.labels), lm.width, lm.height);
    const expected = Object.entries(lm.objects as Record<string, { counts: string; size: number[] }>);
    expect([...rles.keys()]).toEqual(expected.map(([k]) => Number(k)));
    for (const [index, rle] of expected) expect(rles.get(Number(index))).toEqual({ size: rle.size, counts: rle.counts });
  });

  it("handles runs beyond 32 bits of delta", () => {
    const counts = [0, 3_000_000_000, 5, 1, 2_999_999_990];
    expect(stringToCounts(countsToString(counts))).toEqual(counts);
  });
});

describe("RLE validation", () => {
  it("rejects a size that does not match the image", () => {
    expect(() => rleCounts({ size: [3, 4], counts: [12] }, 4, 4)).toThrow(/does not match/);
  });

  it("rejects runs that do not sum to the pixel count", () => {
    expect(() => rleCounts({ size: [2, 2], counts: [1, 2] }, 2, 2)).toThrow(/sum to 3/);
  });

  it("rejects negative runs and bad characters", () => {
    expect(() => rleCounts({ size: [2, 2], counts: [5, -1] }, 2, 2)).toThrow(/negative/);
    expect(() => stringToCounts("0 1")).toThrow(/invalid character/);
    expect(() => stringToCounts("o")).toThrow(/ends inside/);
  });
});
