import { useState, type FormEvent } from "react";
import { attachBucket, detachBucket, listBuckets, syncBucket, type BucketAttach, type BucketSource } from "../../api/buckets";
import { ApiError } from "../../api/errors";
import { ErrorMessage } from "../../components/ErrorMessage";
import { Spinner } from "../../components/Spinner";
import { formatDate } from "../../lib/format";
import { useAsync, usePolling } from "../../lib/hooks";
import { syncInFlight, syncSummary } from "./bucketSync";

const SYNC_POLL_MS = 2000;

/** Settings → Buckets: attach the customer's own S3-compatible bucket, sync it now, see the last sync. */
export function BucketsPanel({ projectId }: { projectId: number }) {
  const sources = useAsync((signal) => listBuckets(projectId, signal), [projectId]);
  const [error, setError] = useState<unknown>(null);
  const list: BucketSource[] = sources.data ?? [];
  usePolling(sources.reload, SYNC_POLL_MS, list.some(syncInFlight));

  const act = async (fn: () => Promise<unknown>) => {
    setError(null);
    try {
      await fn();
    } catch (err) {
      setError(err);
    }
    sources.reload();
  };

  const detach = async (source: BucketSource) => {
    if (!window.confirm(`Detach bucket source "${source.name}"?`)) return;
    try {
      await detachBucket(source.id, false);
    } catch (err) {
      // 409: assets came from the bucket; deleting them (and their labels) is a second, explicit choice
      if (!(err instanceof ApiError && err.status === 409)) throw err;
      if (!window.confirm(`${source.object_count} images came from "${source.name}". Delete them and their labels too? `
        + "The objects in the bucket are not touched.")) return;
      await detachBucket(source.id, true);
    }
  };

  return (
    <section className="panel" data-testid="buckets-panel">
      <div className="panel-head">
        <h2>Buckets</h2>
        <span className="muted small">{list.length} source(s)</span>
      </div>
      <p className="muted small">
        Images in your own S3-compatible bucket become assets without being copied; they are synced on demand and
        periodically. Read and list access is enough (add write access to a prefix to export there).
      </p>
      <ErrorMessage error={sources.error ?? error} onDismiss={error ? () => setError(null) : undefined} />
      <AttachForm projectId={projectId} onAttached={sources.reload} />
      {sources.loading && !sources.data && <Spinner />}
      {list.length > 0 && (
        <table className="table" data-testid="buckets-table">
          <thead>
            <tr>
              <th>Name</th>
              <th>Bucket / prefix</th>
              <th>Images</th>
              <th>Last sync</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {list.map((s) => (
              <tr key={s.id} data-testid="bucket-row">
                <td>{s.name}</td>
                <td className="small">
                  {s.bucket}/{s.prefix}
                  {s.endpoint_url && <div className="muted">{s.endpoint_url}</div>}
                </td>
                <td>
                  {s.object_count}
                  {s.missing_count > 0 && <span className="muted small"> ({s.missing_count} missing)</span>}
                </td>
                <td className="small" data-testid="bucket-last-sync">
                  {syncSummary(s)}
                  {s.last_sync?.finished_at && <div className="muted">{formatDate(s.last_sync.finished_at)}</div>}
                </td>
                <td className="actions">
                  <button type="button" className="btn btn-sm" data-testid="bucket-sync" disabled={syncInFlight(s)}
                    onClick={() => void act(() => syncBucket(s.id))}>
                    Sync now
                  </button>
                  <button type="button" className="btn btn-sm btn-danger" onClick={() => void act(() => detach(s))}>
                    Detach
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

const EMPTY: BucketAttach = {
  name: "", endpoint_url: "", bucket: "", prefix: "", region: "", access_key_id: "", secret_access_key: "",
};
const FIELDS: { key: keyof BucketAttach; label: string; required: boolean; type?: string; hint?: string }[] = [
  { key: "name", label: "Name", required: true },
  { key: "endpoint_url", label: "Endpoint URL", required: false, type: "url", hint: "empty for AWS S3" },
  { key: "bucket", label: "Bucket", required: true },
  { key: "prefix", label: "Prefix", required: false, hint: "e.g. photos/2026/" },
  { key: "region", label: "Region", required: false },
  { key: "access_key_id", label: "Access key id", required: true },
  { key: "secret_access_key", label: "Secret access key", required: true, type: "password" },
];

function AttachForm({ projectId, onAttached }: { projectId: number; onAttached: () => void }) {
  const [form, setForm] = useState<BucketAttach>(EMPTY);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await attachBucket(projectId, { ...form, name: form.name.trim(), bucket: form.bucket.trim() });
      setForm(EMPTY);
      onAttached();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form onSubmit={submit} style={{ marginBottom: 12 }} data-testid="attach-bucket-form">
      <ErrorMessage error={error} />
      <div className="form-row" style={{ flexWrap: "wrap" }}>
        {FIELDS.map((f) => (
          <label key={f.key} className="field">
            <span>{f.label}{f.hint && <span className="muted small"> ({f.hint})</span>}</span>
            <input data-testid={`bucket-${f.key}`} type={f.type ?? "text"} required={f.required}
              autoComplete={f.type === "password" ? "new-password" : "off"} value={form[f.key]}
              onChange={(e) => setForm({ ...form, [f.key]: e.target.value })} />
          </label>
        ))}
      </div>
      <button type="submit" className="btn btn-primary" data-testid="bucket-attach" disabled={busy}>
        {busy ? "Checking the bucket…" : "Attach"}
      </button>
    </form>
  );
}
