import { useState } from "react";
import { ErrorMessage } from "../../components/ErrorMessage";
import { queueNext } from "../../api/workflow";
import { Link, navigate } from "../../lib/router";
import { paths } from "../../lib/routes";
import { useReworkWaiting } from "./useReworkWaiting";

/**
 * Claims the next labeling item (rework first, then the queue) and opens the labeling page with the
 * claim in the URL; the labeling page heartbeats it and moves on to the next item.
 */
export function StartLabelingButton({ projectId }: { projectId: number }) {
  const [busy, setBusy] = useState(false);
  const [empty, setEmpty] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const reworkCount = useReworkWaiting(projectId);

  const start = async () => {
    setBusy(true);
    setError(null);
    setEmpty(false);
    try {
      const item = await queueNext(projectId, "label");
      if (!item) setEmpty(true);
      else navigate(paths.labelClaim(item.asset.project ?? projectId, item.asset.id, item.claim.id));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="start-labeling">
      <button type="button" className="btn btn-primary" data-testid="start-labeling" disabled={busy} onClick={() => void start()}>
        {busy ? "Finding work…" : "Start labeling"}
      </button>
      {reworkCount > 0 && (
        // The queue hands rework out first (after a claim you already hold): say it is waiting.
        <Link
          to={`${paths.project(projectId)}?status=rework`}
          className="rework-count"
          data-testid="rework-count"
          data-count={reworkCount}
          title="Your labels a reviewer sent back: Start labeling hands them out first"
        >
          {reworkCount} to rework
        </Link>
      )}
      {empty && (
        <span className="muted small" data-testid="queue-empty" role="status">
          Nothing left to label.
        </span>
      )}
      <ErrorMessage error={error} onDismiss={() => setError(null)} />
    </div>
  );
}
