import { describe, expect, it } from "vitest";
import type { LabelObject } from "../../editor";
import { DEFAULT_THRESHOLD, isLowConfidence, loadThreshold, objectsBelow, parseThreshold, saveThreshold, scoresByIndex } from "./prelabelConfidence";

const origin = { source: "dataengine", modelVersion: "2", score: 0.6, objectScores: [0.92, null, 0.41, 0.5] };
const object = (index: number): LabelObject => ({ index, classId: 1, attributes: {}, hidden: false });

function memoryStorage() {
  const values = new Map<string, string>();
  return { getItem: (k: string) => values.get(k) ?? null, setItem: (k: string, v: string) => void values.set(k, v), removeItem: (k: string) => void values.delete(k) };
}

describe("pre-label confidence", () => {
  it("maps scores to the editor's object indices (position + 1), skipping objects without one", () => {
    expect([...scoresByIndex(origin)]).toEqual([[1, 0.92], [3, 0.41], [4, 0.5]]);
    expect(scoresByIndex(undefined).size).toBe(0);
  });

  it("marks scored objects under the threshold, never hand-drawn ones", () => {
    expect(isLowConfidence(0.41, 0.5)).toBe(true);
    expect(isLowConfidence(0.5, 0.5)).toBe(false);
    expect(isLowConfidence(undefined, 0.5)).toBe(false);
  });

  it("accept above: deletes the objects still there whose score is under the threshold", () => {
    const scores = scoresByIndex(origin);
    const objects = [object(1), object(2), object(3), object(4), object(7)]; // 7: drawn by the labeler
    expect(objectsBelow(objects, scores, 0.5)).toEqual([3]);
    expect(objectsBelow(objects, scores, 0.95)).toEqual([1, 3, 4]);
    expect(objectsBelow([object(1), object(4)], scores, 0.6)).toEqual([4]); // 3 already deleted by hand
    expect(objectsBelow(objects, scores, 0)).toEqual([]);
  });

  it("parses a threshold into [0, 1] and refuses what is not a number", () => {
    expect(parseThreshold("0.7")).toBe(0.7);
    expect(parseThreshold("2")).toBe(1);
    expect(parseThreshold("-1")).toBe(0);
    expect(parseThreshold("abc")).toBeNull();
    expect(parseThreshold("")).toBeNull();
    expect(parseThreshold(null)).toBeNull();
  });

  it("remembers the threshold in storage, with the default when none or unreadable", () => {
    const storage = memoryStorage();
    expect(loadThreshold(storage)).toBe(DEFAULT_THRESHOLD);
    saveThreshold(storage, 0.35);
    expect(loadThreshold(storage)).toBe(0.35);
    storage.setItem("labelplatform:prelabel-threshold", "junk");
    expect(loadThreshold(storage)).toBe(DEFAULT_THRESHOLD);
    const refusing = { getItem: () => { throw new Error("denied"); }, setItem: () => { throw new Error("quota"); }, removeItem: () => undefined };
    expect(loadThreshold(refusing)).toBe(DEFAULT_THRESHOLD);
    expect(() => saveThreshold(refusing, 0.2)).not.toThrow();
    expect(loadThreshold(null)).toBe(DEFAULT_THRESHOLD);
  });
});
