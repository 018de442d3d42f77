import { useEffect, useState } from "react";
import { getJob } from "../api/jobs";
import { isAbortError } from "../api/errors";
import { isJobFinished, type Job } from "../api/types";
import { formatStatus } from "../lib/format";
import { ErrorMessage } from "./ErrorMessage";
import { ProgressBar } from "./ProgressBar";
import { StatusBadge } from "./StatusBadge";

export const JOB_POLL_MS = 1500;

interface Props {
  /** Poll this job by id; pass `initial` to render at once without waiting for the first poll. */
  jobId: number;
  initial?: Job;
  onFinished?: (job: Job) => void;
  compact?: boolean;
}

/** Polls GET /jobs/{id} until the job succeeds or fails, showing status and progress. */
export function JobProgress({ jobId, initial, onFinished, compact }: Props) {
  const [job, setJob] = useState<Job | undefined>(initial);
  const [error, setError] = useState<unknown>(null);
  const finished = job ? isJobFinished(job) : false;

  useEffect(() => {
    if (finished) return;
    const ctrl = new AbortController();
    let timer = 0;
    let failures = 0;
    const poll = async () => {
      try {
        const j = await getJob(jobId, ctrl.signal);
        if (ctrl.signal.aborted) return;
        failures = 0;
        setError(null);
        setJob(j);
        if (isJobFinished(j)) {
          onFinished?.(j);
          return;
        }
      } catch (err) {
        if (ctrl.signal.aborted || isAbortError(err)) return;
        failures += 1;
        setError(err);
      }
      // Back off on repeated errors, up to 30 s.
      timer = window.setTimeout(poll, Math.min(30000, JOB_POLL_MS * 2 ** failures));
    };
    timer = window.setTimeout(poll, initial ? JOB_POLL_MS : 0);
    return () => {
      ctrl.abort();
      window.clearTimeout(timer);
    };
    // onFinished and initial are read once per job; restarting on their identity would re-poll.
  }, [jobId, finished]);

  if (!job) return error ? <ErrorMessage error={error} /> : <ProgressBar done={0} total={0} indeterminate label="…" />;

  const { done, total } = job.progress ?? { done: 0, total: 0 };
  const tone = job.status === "failed" ? "error" : job.status === "succeeded" ? "success" : "default";
  const indeterminate = job.status === "queued" || (job.status === "running" && !total);
  const label = total ? `${done} / ${total}` : formatStatus(job.status);

  return (
    <div className={`job-progress${compact ? " job-progress-compact" : ""}`} data-testid="job-progress" data-job-status={job.status}>
      {!compact && (
        <div className="job-progress-head">
          <span className="job-kind">{job.kind}</span>
          <StatusBadge status={job.status} />
        </div>
      )}
      <ProgressBar done={job.status === "succeeded" && !total ? 1 : done} total={job.status === "succeeded" && !total ? 1 : total} indeterminate={indeterminate} tone={tone} label={label} />
      {job.status === "failed" && job.error && <div className="job-error">{job.error}</div>}
      {error !== null && !finished && <div className="muted small">Polling failed; retrying…</div>}
    </div>
  );
}
