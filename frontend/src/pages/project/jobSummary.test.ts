import { describe, expect, it } from "vitest";
import { jobResultSummary } from "./jobSummary";

describe("jobResultSummary", () => {
  it("reads a count as a count", () => {
    expect(jobResultSummary({ thumbnails: 10 })).toBe("10 thumbnails");
  });

  it("reads a number that names one thing as its name, not a count", () => {
    expect(jobResultSummary({ sequence: 2, frames: 8 })).toBe("sequence 2 · 8 frames");
    expect(jobResultSummary({ version: 3, things: 2 })).toBe("version 3 · 2 things");
  });

  it("joins several fields, words for keys", () => {
    expect(jobResultSummary({ model_version: "sam-1", assets_done: 3, cached: true, errors: [] })).toBe(
      "model version: sam-1 · 3 assets done · cached: yes · 0 errors",
    );
  });

  it("passes plain text through and says nothing for no result", () => {
    expect(jobResultSummary("done")).toBe("done");
    expect(jobResultSummary(null)).toBe("");
  });
});
