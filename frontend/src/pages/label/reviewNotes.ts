// What the labeling and image pages say about a label's reviews: pure, tested in reviewNotes.test.ts.
import type { AssetStatus } from "../../api/types";
import type { Review } from "../../api/workflowTypes";

export interface ReviewNotice {
  /** "rework": the newest decision rejected the label and the fix is not submitted yet. */
  kind: "rework" | "resubmitted" | "accepted";
  review: Review;
  /** One line for a banner: who decided, on which revision, what they said. */
  text: string;
}

export function newestReview(reviews: readonly Review[]): Review | null {
  let best: Review | null = null;
  for (const r of reviews) if (!best || r.id > best.id) best = r;
  return best;
}

/** The banner for a label's newest review; `assetStatus` tells whether the rework is still waiting. */
export function reviewNotice(reviews: readonly Review[], assetStatus: AssetStatus): ReviewNotice | null {
  const review = newestReview(reviews);
  if (!review) return null;
  const who = `${review.reviewer.username} on revision ${review.revision}`;
  if (review.decision === "accept") {
    return { kind: "accepted", review, text: `Accepted${review.fixed ? " with fixes" : ""} by ${who}.` };
  }
  const pins = review.pins.length === 0 ? "" : ` ${review.pins.length} ${review.pins.length === 1 ? "pin marks" : "pins mark"} the image.`;
  const comment = review.comment.trim() ? ` “${review.comment.trim()}”` : "";
  if (assetStatus === "rework") {
    return { kind: "rework", review, text: `Rework requested by ${who}:${comment || " see the pins."}${pins} Fix it and submit again.` };
  }
  return { kind: "resubmitted", review, text: `Rejected by ${who}:${comment}${pins} Submitted again; waiting for review.` };
}
