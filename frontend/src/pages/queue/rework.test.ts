import { describe, expect, it } from "vitest";
import type { ProjectReview } from "../../api/workflowTypes";
import { reworkAssetIds } from "./rework";

function review(id: number, label: number, asset: number, decision: "accept" | "reject", authorId = 3): ProjectReview {
  return {
    id, label, asset, decision, author: { id: authorId, username: `u${authorId}` }, reviewer: { id: 9, username: "rita" },
    comment: "", pins: [], revision: 1, fixed: false, created_at: "2031-03-01T10:00:00Z",
  };
}

describe("reworkAssetIds", () => {
  it("counts my rejected labels on images still in rework", () => {
    expect(reworkAssetIds([review(1, 10, 100, "reject"), review(2, 11, 101, "reject")], new Set([100, 101]), 3)).toEqual([100, 101]);
  });

  it("leaves out a rejection already fixed and resubmitted (the image left rework)", () => {
    expect(reworkAssetIds([review(1, 10, 100, "reject")], new Set(), 3)).toEqual([]);
  });

  it("goes by the newest review of each label", () => {
    const reviews = [review(7, 10, 100, "accept"), review(4, 10, 100, "reject")];
    expect(reworkAssetIds(reviews, new Set([100]), 3)).toEqual([]);
  });

  it("does not count someone else's rework on a shared (consensus) image", () => {
    expect(reworkAssetIds([review(1, 12, 100, "reject", 5)], new Set([100]), 3)).toEqual([]);
  });
});
