import { useState } from "react";
import { listProjectJobs } from "../../api/projects";
import { isJobFinished, type Job, type Project } from "../../api/types";
import { ErrorMessage } from "../../components/ErrorMessage";
import { JobControls } from "../../components/JobControls";
import { JobProgress } from "../../components/JobProgress";
import { Pagination } from "../../components/Pagination";
import { StatusBadge } from "../../components/StatusBadge";
import { formatDate } from "../../lib/format";
import { useAsync, useInterval } from "../../lib/hooks";
import { DownloadLink } from "../datasets/ResultViews";
import { jobParamsText, jobResultLine, resultDownload } from "../datasets/summaries";
import { jobResultSummary } from "./jobSummary";

const LIST_POLL_MS = 5000;

/** Recent jobs of a project; running ones poll their own progress. */
export function JobsPanel({ projectId, project, refreshKey, onJobFinished }: { projectId: number; project: Pick<Project, "my_role"> | undefined; refreshKey: number; onJobFinished?: (job: Job) => void }) {
  const [page, setPage] = useState(1);
  const jobs = useAsync((signal) => listProjectJobs(projectId, page, signal), [projectId, page, refreshKey]);
  const data = jobs.data;
  const anyActive = !!data?.results.some((j) => !isJobFinished(j));
  // New jobs appear (e.g. thumbnails after an upload): refresh the list while something runs.
  useInterval(jobs.reload, LIST_POLL_MS, anyActive);

  return (
    <section className="panel jobs-panel" data-testid="jobs-panel">
      <div className="panel-head">
        <h2>Jobs</h2>
        <button type="button" className="btn btn-sm btn-ghost" onClick={jobs.reload}>
          Refresh
        </button>
      </div>
      <ErrorMessage error={jobs.error} />
      {data && data.results.length === 0 && <div className="muted small">No jobs yet.</div>}
      {data && data.results.length > 0 && (
        <ul className="job-list">
          {data.results.map((job) => (
            <li key={job.id} className="job-row" data-testid="job-row" data-job-id={job.id} data-job-status={job.status}>
              <div className="job-row-head">
                <span className="job-kind">
                  #{job.id} {job.kind}
                </span>
                <span className="muted small">{formatDate(job.created_at)}</span>
                <JobControls job={job} project={project} onChanged={jobs.reload} />
              </div>
              {jobParamsText(job) && <div className="muted small job-params">{jobParamsText(job)}</div>}
              {isJobFinished(job) ? (
                <div className="job-row-done">
                  <StatusBadge status={job.status} />
                  {job.progress?.total ? (
                    <span className="muted small">
                      {job.progress.done}/{job.progress.total}
                    </span>
                  ) : null}
                  {job.error && <span className="job-error">{job.error}</span>}
                  <JobResult kind={job.kind} result={job.result} />
                </div>
              ) : (
                <JobProgress jobId={job.id} initial={job} compact onFinished={(j) => {
                  onJobFinished?.(j);
                  jobs.reload();
                }} />
              )}
            </li>
          ))}
        </ul>
      )}
      {data && (
        <Pagination
          page={page}
          count={data.count}
          pageLength={data.results.length}
          hasNext={!!data.next}
          hasPrevious={!!data.previous}
          onPage={setPage}
        />
      )}
    </section>
  );
}

/** A result that is a URL becomes a download link; other results are summarized. */
function JobResult({ kind, result }: { kind: string; result: unknown }) {
  if (result === null || result === undefined || result === "") return null;
  // Exports (and any job whose result names a `download`): a link to the file plus the counts.
  const line = jobResultLine({ kind, result });
  if (line || resultDownload(result)) {
    return (
      <>
        {line && <span className="small job-result" title={line}>{line}</span>}
        <DownloadLink result={result} />
      </>
    );
  }
  const url =
    typeof result === "string" && /^(\/|https?:)/.test(result)
      ? result
      : typeof result === "object" && result && typeof (result as { url?: unknown }).url === "string"
        ? (result as { url: string }).url
        : null;
  if (url) {
    return (
      <a className="small" href={url} download>
        Download result
      </a>
    );
  }
  const text = jobResultSummary(result, kind);
  return (
    <span className="muted small job-result" data-testid="job-result" title={typeof result === "string" ? result : JSON.stringify(result)}>
      {text.length > 80 ? `${text.slice(0, 80)}…` : text}
    </span>
  );
}
