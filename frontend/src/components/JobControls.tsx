import { useState } from "react";
import { cancelJob, retryJob } from "../api/jobs";
import { isJobFinished, type Job } from "../api/types";
import { ErrorMessage } from "./ErrorMessage";

/** Cancel while a job is queued or running, Retry once it failed or was cancelled; the server checks who may. */
export function JobControls({ job, onChanged }: { job: Job; onChanged: () => void }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const canRetry = job.status === "failed" || job.status === "cancelled";
  if (isJobFinished(job) && !canRetry) return null;

  const act = async (call: (id: number) => Promise<Job>) => {
    setBusy(true);
    setError(null);
    try {
      await call(job.id);
      onChanged();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <span className="job-controls">
      {canRetry ? (
        <button type="button" className="btn btn-sm" disabled={busy} onClick={() => void act(retryJob)} data-testid="job-retry">
          Retry
        </button>
      ) : (
        <button type="button" className="btn btn-sm btn-ghost" disabled={busy} onClick={() => void act(cancelJob)} data-testid="job-cancel">
          Cancel
        </button>
      )}
      <ErrorMessage error={error} onDismiss={() => setError(null)} />
    </span>
  );
}
