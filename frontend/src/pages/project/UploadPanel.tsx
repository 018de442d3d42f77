import { useRef, useState, type DragEvent } from "react";
import { isAbortError } from "../../api/errors";
import type { Asset } from "../../api/types";
import { ErrorMessage } from "../../components/ErrorMessage";
import { ProgressBar } from "../../components/ProgressBar";
import { formatBytes } from "../../lib/format";
import { runUpload, type UploadEntry } from "./uploadQueue";

let nextKey = 0;

export function UploadPanel({ projectId, onUploaded }: { projectId: number; onUploaded: (assets: Asset[]) => void }) {
  const [entries, setEntries] = useState<UploadEntry[]>([]);
  const [uploaded, setUploaded] = useState(0);
  const [busy, setBusy] = useState(false);
  const [dragging, setDragging] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const inputRef = useRef<HTMLInputElement>(null);
  const abortRef = useRef<AbortController | null>(null);

  const start = async (files: File[]) => {
    if (files.length === 0 || busy) return;
    const fresh: UploadEntry[] = files.map((file) => ({ key: `u${nextKey++}`, file, status: "queued", errors: [] }));
    setEntries(fresh);
    setUploaded(0);
    setError(null);
    setBusy(true);
    const ctrl = new AbortController();
    abortRef.current = ctrl;
    try {
      const created = await runUpload(
        projectId,
        fresh,
        {
          onEntries: (update) => setEntries(update),
          onBytes: setUploaded,
          onGeneralError: (msgs) => setError(new Error(msgs.join("; "))),
        },
        ctrl.signal,
      );
      if (created.length > 0) onUploaded(created);
    } catch (err) {
      if (!isAbortError(err)) setError(err);
    } finally {
      setBusy(false);
      abortRef.current = null;
      if (inputRef.current) inputRef.current.value = "";
    }
  };

  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setDragging(false);
    void start(Array.from(e.dataTransfer.files));
  };

  const totalBytes = entries.reduce((s, e) => s + e.file.size, 0);
  const counts = {
    done: entries.filter((e) => e.status === "done").length,
    error: entries.filter((e) => e.status === "error").length,
  };
  const failed = entries.filter((e) => e.status === "error");

  return (
    <section className="panel upload-panel" data-testid="upload-panel">
      <div
        className={`dropzone${dragging ? " dropzone-active" : ""}${busy ? " dropzone-busy" : ""}`}
        data-testid="upload-dropzone"
        onDragOver={(e) => {
          e.preventDefault();
          e.dataTransfer.dropEffect = busy ? "none" : "copy";
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
      >
        <span>Drop images here or</span>
        <label className="btn btn-sm">
          Choose files…
          <input
            ref={inputRef}
            data-testid="upload-input"
            type="file"
            multiple
            accept="image/*"
            disabled={busy}
            className="visually-hidden"
            onChange={(e) => void start(Array.from(e.target.files ?? []))}
          />
        </label>
        <span className="muted small">PNG, JPEG, TIFF, … many at once</span>
      </div>

      {entries.length > 0 && (
        <div className="upload-status" data-testid="upload-status" data-busy={busy ? "true" : "false"}>
          <ProgressBar
            done={uploaded}
            total={totalBytes}
            tone={!busy && counts.error > 0 ? "error" : !busy ? "success" : "default"}
            label={`${counts.done}/${entries.length} files · ${formatBytes(uploaded)} of ${formatBytes(totalBytes)}`}
          />
          <div className="upload-summary">
            {busy ? (
              <button type="button" className="btn btn-sm" onClick={() => abortRef.current?.abort()}>
                Cancel
              </button>
            ) : (
              <span>
                {counts.done} uploaded{counts.error > 0 && <>, <span className="text-error">{counts.error} failed</span></>}
              </span>
            )}
            {!busy && (
              <button type="button" className="btn btn-sm btn-ghost" onClick={() => setEntries([])}>
                Clear
              </button>
            )}
          </div>
          {failed.length > 0 && (
            <ul className="upload-errors" data-testid="upload-errors">
              {failed.map((e) => (
                <li key={e.key} data-testid="upload-error" data-file-name={e.file.name}>
                  <strong>{e.file.name}</strong>: {e.errors.map((m) => stripName(m, e.file.name)).join("; ") || "failed"}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
      <ErrorMessage error={error} onDismiss={() => setError(null)} />
    </section>
  );
}

/** The server's messages start with the file name, which the list already shows. */
function stripName(message: string, name: string): string {
  return message.startsWith(`${name}: `) ? message.slice(name.length + 2) : message;
}
