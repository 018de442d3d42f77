import { describe, expect, it } from "vitest";
import type { Review } from "../../api/workflowTypes";
import { newestReview, reviewNotice } from "./reviewNotes";

function review(id: number, over: Partial<Review> = {}): Review {
  return {
    id, label: 1, reviewer: { id: 2, username: "rita" }, decision: "reject", comment: "the car is cut short",
    pins: [{ x: 10, y: 20, text: "extend here" }], revision: 1, fixed: false, created_at: "2031-03-01T10:00:00Z", ...over,
  };
}

describe("reviewNotice", () => {
  it("is null without reviews", () => {
    expect(reviewNotice([], "rework")).toBeNull();
  });

  it("asks for rework while the asset waits for it, with the comment and the pins", () => {
    const notice = reviewNotice([review(1)], "rework");
    expect(notice?.kind).toBe("rework");
    expect(notice?.text).toBe("Rework requested by rita on revision 1: “the car is cut short” 1 pin marks the image. Fix it and submit again.");
  });

  it("says a pin-only rejection points at the pins", () => {
    const notice = reviewNotice([review(1, { comment: "", pins: [{ x: 1, y: 1, text: "" }, { x: 2, y: 2, text: "" }] })], "rework");
    expect(notice?.text).toBe("Rework requested by rita on revision 1: see the pins. 2 pins mark the image. Fix it and submit again.");
  });

  it("takes the newest review, whatever the order", () => {
    const reviews = [review(5, { decision: "accept", revision: 2, pins: [], comment: "" }), review(3)];
    expect(newestReview(reviews)?.id).toBe(5);
    expect(reviewNotice(reviews, "done")).toMatchObject({ kind: "accepted", text: "Accepted by rita on revision 2." });
  });

  it("says a rejected label was submitted again once the asset left rework", () => {
    expect(reviewNotice([review(1)], "in_review")?.kind).toBe("resubmitted");
  });
});
