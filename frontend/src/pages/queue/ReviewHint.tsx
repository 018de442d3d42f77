import { getQueueSummary } from "../../api/workflow";
import { useAsync } from "../../lib/hooks";
import { reviewHint } from "./reviewHints";

/** Why nothing (more) reaches Review, when there is a reason the user cannot see. */
export function ReviewHint({ projectId }: { projectId: number }) {
  const summary = useAsync((signal) => getQueueSummary(projectId, signal), [projectId]);
  const text = summary.data ? reviewHint(summary.data) : null;
  if (!text) return null;
  return (
    <p className="review-hint small" data-testid="review-hint" role="note">
      {text}
    </p>
  );
}
