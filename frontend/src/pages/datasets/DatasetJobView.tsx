import { useState, type ReactNode } from "react";
import type { DatasetJob } from "../../api/datasetTypes";
import type { Job } from "../../api/types";
import { JobProgress } from "../../components/JobProgress";

interface Props {
  job: DatasetJob;
  testId: string;
  onFinished: (job: Job) => void;
  /** What stands under the bar once the job has ended. */
  result: (finished: Job) => ReactNode;
}

/** A started export or import: its progress, then its result. Render it keyed by the job id, so a new job starts blank. */
export function DatasetJobView({ job, testId, onFinished, result }: Props) {
  const [finished, setFinished] = useState<Job | null>(null);
  return (
    <div className="dataset-job" data-testid={testId} data-job-id={job.id}>
      <JobProgress
        jobId={job.id}
        initial={job}
        onFinished={(j) => {
          setFinished(j);
          onFinished(j);
        }}
      />
      {finished && result(finished)}
    </div>
  );
}
