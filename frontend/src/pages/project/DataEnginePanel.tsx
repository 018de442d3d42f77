import { useState } from "react";
import { getEngineState, prelabelWithEngine, trainEngine } from "../../api/dataengine";
import type { Job } from "../../api/types";
import { ErrorMessage } from "../../components/ErrorMessage";
import { JobProgress } from "../../components/JobProgress";
import { formatDate } from "../../lib/format";
import { useAsync } from "../../lib/hooks";

/**
 * Managers: the data engine's newest version, and the two jobs a project runs with it (train on the
 * submitted labels, pre-label the images nobody submitted yet). Before, both were reachable by the API only.
 */
export function DataEnginePanel({ projectId, onStarted }: { projectId: number; onStarted(): void }) {
  const state = useAsync((signal) => getEngineState(projectId, signal), [projectId]);
  const [running, setRunning] = useState<Job | null>(null);
  const [error, setError] = useState<unknown>(null);
  const newest = state.data?.versions.at(-1) ?? null; // the API lists versions oldest first

  const start = async (begin: (id: number) => Promise<Job>) => {
    setError(null);
    try {
      setRunning(await begin(projectId));
      onStarted();
    } catch (err) {
      setError(err);
    }
  };

  return (
    <section className="panel" data-testid="dataengine-panel">
      <div className="panel-head">
        <h2>Data engine</h2>
      </div>
      {state.data && (
        <p className="muted small" data-testid="dataengine-version">
          {newest
            ? `Version ${newest.version}: trained on ${newest.labels_used} labels${newest.synthetic_used ? ` and ${newest.synthetic_used} synthetic` : ""}, ${formatDate(newest.created_at)}`
            : "Not trained yet: it learns the classes from submitted labels."}
        </p>
      )}
      <ErrorMessage error={state.error ?? error} />
      <div className="form-actions">
        <button type="button" className="btn btn-sm" disabled={!!running} onClick={() => void start(trainEngine)} data-testid="dataengine-train" title="Train a new version on the submitted labels (a worker job)">
          Train
        </button>
        <button type="button" className="btn btn-sm" disabled={!!running || !newest} onClick={() => void start(prelabelWithEngine)} data-testid="dataengine-prelabel" title={newest ? "Pre-label the images without a submitted label" : "Train a version first"}>
          Pre-label unlabeled
        </button>
      </div>
      {running && (
        <JobProgress
          key={running.id}
          jobId={running.id}
          initial={running}
          compact
          onFinished={() => {
            setRunning(null);
            state.reload();
          }}
        />
      )}
    </section>
  );
}
