import { describe, expect, it } from "vitest";
import { attributeUploadErrors, planBatches } from "./upload";

const f = (size: number) => ({ size });

describe("planBatches", () => {
  it("splits by count", () => {
    const batches = planBatches([f(1), f(1), f(1), f(1), f(1)], 2, 1000);
    expect(batches.map((b) => b.length)).toEqual([2, 2, 1]);
  });

  it("splits by bytes and gives an oversize file its own batch", () => {
    const batches = planBatches([f(40), f(40), f(500), f(10)], 10, 100);
    expect(batches.map((b) => b.map((x) => x.size))).toEqual([[40, 40], [500], [10]]);
  });

  it("gives no batch for no files", () => {
    expect(planBatches([])).toEqual([]);
  });
});

describe("attributeUploadErrors", () => {
  const names = ["a.png", "aa.png", "notes.txt"];

  it("matches the backend's 'name: reason' messages to their file", () => {
    const body = { detail: "files: notes.txt: not a readable image", files: ["notes.txt: not a readable image", "aa.png: file is empty"] };
    const { perFile, general } = attributeUploadErrors(body, names);
    expect(perFile.get(2)).toEqual(["notes.txt: not a readable image"]);
    expect(perFile.get(1)).toEqual(["aa.png: file is empty"]);
    expect(perFile.has(0)).toBe(false);
    expect(general).toEqual([]);
  });

  it("reads index-keyed and positional errors", () => {
    expect(attributeUploadErrors({ files: { "1": ["bad"] } }, names).perFile.get(1)).toEqual(["bad"]);
    expect(attributeUploadErrors({ files: [[], [], ["worse"]] }, names).perFile.get(2)).toEqual(["worse"]);
  });

  it("reads objects naming the file", () => {
    const { perFile } = attributeUploadErrors({ errors: [{ name: "a.png", error: "too large" }] }, names);
    expect(perFile.get(0)).toEqual(["too large"]);
  });

  it("keeps messages that name no file as general", () => {
    const { perFile, general } = attributeUploadErrors({ detail: "at most 500 files per request", files: ["at most 500 files per request"] }, names);
    expect(perFile.size).toBe(0);
    expect(general).toContain("at most 500 files per request");
  });
});
