import { describe, expect, it } from "vitest";
import { reviewHint } from "./reviewHints";

const counts = (your_in_review: number, other_reviewers: number, review_fraction = 1) => ({ your_in_review, other_reviewers, settings: { review_fraction } });

describe("reviewHint", () => {
  it("says a lone reviewer's own labels wait for someone else", () => {
    expect(reviewHint(counts(1, 0))).toBe(
      "1 label of yours waits in review, but nobody else in this project can review it: nobody reviews their own label. A manager adds a reviewer under Members.",
    );
    expect(reviewHint(counts(3, 0))).toMatch(/^3 labels of yours wait in review/);
  });

  it("says a review share of 0 % skips review", () => {
    expect(reviewHint(counts(0, 2, 0))).toMatch(/review share is 0 %/);
  });

  it("says nothing when another reviewer is there and labels are sampled", () => {
    expect(reviewHint(counts(2, 1))).toBeNull();
    expect(reviewHint(counts(0, 0))).toBeNull();
  });
});
