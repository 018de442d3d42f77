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

  it("reads a propagation as its range (frames from 1, as the editor shows them) and confidence", () => {
    const result = { sequence: 2, from: 0, to: 7, tracks: [1], model: "mobilesam", frames: 7, last: 7,
      stopped_before_labeled: null, keyframes: null, correction: false, agreed_at: null,
      min_confidence: 0.9805, mean_confidence: 0.9845 };
    expect(jobResultSummary(result, "sequence_propagate")).toBe("frames 1 → 8 · 7 carried · confidence 0.98 (lowest 0.98)");
    expect(jobResultSummary({ ...result, to: 0, from: 3, frames: 2, stopped_before_labeled: 1, min_confidence: null }, "sequence_propagate"))
      .toBe("frames 4 → 1 · 2 carried · stopped before labeled frame 2");
    expect(jobResultSummary({ ...result, from: 3, frames: 1, correction: true, agreed_at: 4, min_confidence: null }, "sequence_propagate"))
      .toBe("frames 4 → 8 · 1 carried · agrees with the earlier pre-label from frame 5");
  });

  it("joins several fields, words for keys", () => {
    expect(jobResultSummary({ model_version: "sam-1", assets_done: 3, cached: true, errors: [] })).toBe(
      "model version: sam-1 · 3 assets done · cached: yes · 0 errors",
    );
  });

  it("reads a count of one in the singular", () => {
    expect(jobResultSummary({ version: 2, things: 1, labels_used: 1, boxes: 1, status: "ok", classes: 1 })).toBe(
      "version 2 · 1 thing · 1 label used · 1 box · status: ok · 1 class",
    );
  });

  it("reads a trained model's metrics as their content, leaving per-class maps out", () => {
    const metrics = { job: 12, previous_version_on_new_labels: { version: 2, labels: 5, mean_iou: 0.8123 },
      training_pixels_per_class: { "1": 900, "2": 40 }, training_labels: 1 };
    expect(jobResultSummary({ version: 3, labels_used: 6, metrics })).toBe(
      "version 3 · 6 labels used · metrics (previous version on new labels (version 2 · 5 labels · mean iou 0.81) · 1 training label)",
    );
    expect(jobResultSummary({ version: 1, metrics: { job: 4, per_class: { "1": 3 } } })).toBe("version 1");
  });

  it("passes plain text through and says nothing for no result", () => {
    expect(jobResultSummary("done")).toBe("done");
    expect(jobResultSummary(null)).toBe("");
  });
});
