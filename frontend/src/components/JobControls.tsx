import { useState } from "react";
import { cancelJob, retryJob } from "../api/jobs";
import { isJobFinished, type Job, type Project } from "../api/types";
import { useAuth } from "../auth/AuthContext";
import { canControlJob } from "../lib/roles";
import { ErrorMessage } from "./ErrorMessage";

/**
 * Cancel while a job is queued or running, Retry once it failed or was cancelled: offered to the job's creator,
 * managers and staff, whom the server lets do it (others, e.g. a viewer, got a 403 from the button).
 */
export function JobControls({ job, project, onChanged }: { job: Job; project: Pick<Project, "my_role"> | undefined; onChanged: () => void }) {
  const { user } = useAuth();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const canRetry = job.status === "failed" || job.status === "cancelled";
  if (isJobFinished(job) && !canRetry) return null;
  if (!canControlJob(job, { project, isStaff: user?.is_staff, userId: user?.id })) return null;

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
