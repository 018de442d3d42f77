import { useState } from "react";
import { startCompare } from "../../api/datasets";
import type { DatasetVersion, VersionCompare } from "../../api/datasetTypes";
import type { Job } from "../../api/types";
import { ErrorMessage } from "../../components/ErrorMessage";
import { JobProgress } from "../../components/JobProgress";
import { CompareView } from "./CompareView";

interface Props {
  projectId: number;
  versions: DatasetVersion[];
  classNames: ReadonlyMap<number, string>;
}

/** Two versions to compare; the comparison runs as a worker job (big versions take a while) with a progress bar. */
export function CompareForm({ projectId, versions, classNames }: Props) {
  // Newest first in the list: by default compare the previous version to the newest.
  const [a, setA] = useState(versions[1].name);
  const [b, setB] = useState(versions[0].name);
  const [job, setJob] = useState<Job | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [result, setResult] = useState<VersionCompare | null>(null);
  const busy = job !== null;

  const run = async () => {
    setError(null);
    setResult(null);
    try {
      setJob(await startCompare(projectId, a, b));
    } catch (err) {
      setError(err);
    }
  };

  const finished = (done: Job) => {
    setJob(null);
    if (done.status === "succeeded") setResult(done.result as VersionCompare);
    else setError(new Error(done.error || "The comparison failed"));
  };

  const select = (value: string, set: (v: string) => void, testId: string) => (
    <select data-testid={testId} value={value} disabled={busy} onChange={(e) => set(e.target.value)}>
      {versions.map((v) => (
        <option key={v.id} value={v.name}>
          {v.name}
        </option>
      ))}
    </select>
  );

  return (
    <div className="compare-form" data-testid="compare-form">
      <h3>Compare versions</h3>
      <div className="form-row">
        <label className="field">
          <span>From</span>
          {select(a, setA, "compare-a")}
        </label>
        <label className="field">
          <span>To</span>
          {select(b, setB, "compare-b")}
        </label>
        <button type="button" className="btn" data-testid="compare-run" disabled={busy || a === b} onClick={() => void run()}>
          {busy ? "Comparing…" : "Compare"}
        </button>
        {a === b && <span className="muted small">Pick two different versions.</span>}
      </div>
      {job && <JobProgress key={job.id} jobId={job.id} initial={job} onFinished={finished} compact />}
      <ErrorMessage error={error} onDismiss={() => setError(null)} />
      {result && <CompareView projectId={projectId} comparison={result} classNames={classNames} />}
    </div>
  );
}
