import { listRecentJobs } from "../../api/datasets";
import { isJobFinished, type Job, type Project } from "../../api/types";
import { ErrorMessage } from "../../components/ErrorMessage";
import { JobControls } from "../../components/JobControls";
import { JobProgress } from "../../components/JobProgress";
import { StatusBadge } from "../../components/StatusBadge";
import { formatDate } from "../../lib/format";
import { useAsync, useInterval } from "../../lib/hooks";
import { DownloadLink } from "./ResultViews";
import { jobParamsText, jobResultLine } from "./summaries";

export const DATASET_JOB_KINDS: readonly string[] = ["export", "import"];
// The jobs API has no kind filter: look through this many recent jobs for exports and imports.
const SCAN_JOBS = 200;
const SHOW_JOBS = 25;
const LIST_POLL_MS = 5000;

/** Recent exports and imports of the project; running ones show their live progress. */
export function DatasetJobsPanel({ projectId, project, refreshKey, onJobFinished }: { projectId: number; project: Pick<Project, "my_role"> | undefined; refreshKey: number; onJobFinished?: (job: Job) => void }) {
  const jobs = useAsync((signal) => listRecentJobs(projectId, SCAN_JOBS, signal), [projectId, refreshKey]);
  const shown = (jobs.data?.results ?? []).filter((j) => DATASET_JOB_KINDS.includes(j.kind)).slice(0, SHOW_JOBS);
  const anyActive = shown.some((j) => !isJobFinished(j));
  useInterval(jobs.reload, LIST_POLL_MS, anyActive);

  return (
    <section className="panel jobs-panel" data-testid="dataset-jobs">
      <div className="panel-head">
        <h2>Recent exports &amp; imports</h2>
        <button type="button" className="btn btn-sm btn-ghost" onClick={jobs.reload}>
          Refresh
        </button>
      </div>
      <ErrorMessage error={jobs.error} />
      {jobs.data && shown.length === 0 && <div className="muted small">No exports or imports yet.</div>}
      {shown.length > 0 && (
        <ul className="job-list">
          {shown.map((job) => {
            const summary = isJobFinished(job) ? jobResultLine(job) : null;
            return (
              <li key={job.id} className="job-row" data-testid="dataset-job-row" data-job-id={job.id} data-job-kind={job.kind} data-job-status={job.status}>
                <div className="job-row-head">
                  <span className="job-kind">
                    #{job.id} {job.kind}
                  </span>
                  <span className="muted small">{formatDate(job.created_at)}</span>
                  <JobControls job={job} project={project} onChanged={jobs.reload} />
                </div>
                <div className="muted small job-params">{jobParamsText(job)}</div>
                {isJobFinished(job) ? (
                  <div className="job-row-done">
                    <StatusBadge status={job.status} />
                    {summary && <span className="small">{summary}</span>}
                    {job.error && <span className="job-error">{job.error}</span>}
                    {job.status === "succeeded" && <DownloadLink result={job.result} />}
                  </div>
                ) : (
                  <JobProgress
                    jobId={job.id}
                    initial={job}
                    compact
                    onFinished={(j) => {
                      onJobFinished?.(j);
                      jobs.reload();
                    }}
                  />
                )}
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
