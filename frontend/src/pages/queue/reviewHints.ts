// Why nothing reaches Review: pure, tested in reviewHints.test.ts.
import type { QueueSummary } from "../../api/workflowTypes";

type Counts = Pick<QueueSummary, "your_in_review" | "other_reviewers"> & { settings: Pick<QueueSummary["settings"], "review_fraction"> };

/** A sentence for the review page and the project page, or null when review works as expected. */
export function reviewHint(summary: Counts): string | null {
  if (summary.your_in_review > 0 && summary.other_reviewers === 0) {
    const labels = summary.your_in_review === 1 ? "1 label of yours waits" : `${summary.your_in_review} labels of yours wait`;
    return `${labels} in review, but nobody else in this project can review it: nobody reviews their own label. A manager adds a reviewer under Members.`;
  }
  if (summary.settings.review_fraction === 0) {
    return "This project's review share is 0 %: submitted labels skip review. A manager raises it in Settings.";
  }
  return null;
}
