import "../styles/sequences.css";
import { useRef, useState } from "react";
import { isAbortError } from "../api/errors";
import type { UploadProgress } from "../api/upload";
import { ErrorMessage } from "../components/ErrorMessage";
import { JobProgress } from "../components/JobProgress";
import { ProgressBar } from "../components/ProgressBar";
import { formatBytes } from "../lib/format";
import { useAsync } from "../lib/hooks";
import { Link } from "../lib/router";
import { paths } from "../lib/routes";
import { listSequences, uploadSequence } from "./api";

const ACCEPT = ".mp4,.webm,.mov,.zip,video/mp4,video/webm,video/quicktime,application/zip";

/** The project's video and frame sequences; managers upload a video or a zip of ordered frames (decoded by a job). */
export function SequencesPanel({ projectId, canUpload, onDecoded }: { projectId: number; canUpload: boolean; onDecoded?: () => void }) {
  const sequences = useAsync((signal) => listSequences(projectId, signal), [projectId]);
  const [file, setFile] = useState<File | null>(null);
  const [name, setName] = useState("");
  const [progress, setProgress] = useState<UploadProgress | null>(null);
  const [jobId, setJobId] = useState<number | null>(null);
  const [error, setError] = useState<unknown>(null);
  const inputRef = useRef<HTMLInputElement>(null);
  const uploading = progress !== null;

  const upload = async () => {
    if (!file || uploading) return;
    setError(null);
    setJobId(null);
    setProgress({ loaded: 0, total: file.size });
    try {
      const job = await uploadSequence(projectId, file, name, setProgress);
      setJobId(job.id);
      setFile(null);
      setName("");
      if (inputRef.current) inputRef.current.value = "";
      sequences.reload();
    } catch (err) {
      if (!isAbortError(err)) setError(err);
    } finally {
      setProgress(null);
    }
  };

  const list = sequences.data ?? [];
  return (
    <section className="panel sequences-panel" data-testid="sequences-panel">
      <div className="panel-head">
        <h2>Sequences</h2>
        <span className="muted small">
          {list.length} sequence{list.length === 1 ? "" : "s"}
        </span>
      </div>
      {canUpload && (
        <form
          className="sequence-upload"
          onSubmit={(e) => {
            e.preventDefault();
            void upload();
          }}
        >
          <input
            ref={inputRef}
            type="file"
            accept={ACCEPT}
            aria-label="Video or zip of frames"
            data-testid="sequence-file"
            onChange={(e) => setFile(e.target.files?.[0] ?? null)}
          />
          <input type="text" placeholder="Name (optional)" aria-label="Sequence name" value={name} data-testid="sequence-name" onChange={(e) => setName(e.target.value)} />
          <button type="submit" className="btn btn-primary btn-sm" disabled={!file || uploading} data-testid="sequence-upload">
            Upload
          </button>
          <span className="muted small">mp4, webm, mov, or a zip of frames in name order{file ? ` · ${formatBytes(file.size)}` : ""}</span>
        </form>
      )}
      {progress && <ProgressBar done={progress.loaded} total={progress.total} label={`uploading ${formatBytes(progress.loaded)}`} />}
      {jobId !== null && (
        <div data-testid="sequence-decode-job">
          <JobProgress
            jobId={jobId}
            compact
            onFinished={(job) => {
              sequences.reload();
              onDecoded?.();
              if (job.status === "succeeded") setJobId(null); // the new sequence is in the list; a failure stays shown
            }}
          />
        </div>
      )}
      <ErrorMessage error={error ?? sequences.error} />
      {sequences.data && list.length === 0 && <p className="muted small">No sequences yet.</p>}
      {list.length > 0 && (
        <ul className="sequence-list" data-testid="sequence-list">
          {list.map((s) => {
            const frames = s.frame_count ?? s.frames?.length ?? null;
            return (
              <li key={s.id} className="sequence-row" data-testid="sequence-row" data-sequence-id={s.id}>
                <Link to={paths.sequence(projectId, s.id)} data-testid="sequence-open">
                  {s.name || `Sequence ${s.id}`}
                </Link>
                <span className="muted small">
                  {frames !== null ? `${frames} frames` : ""}
                  {s.fps ? ` · ${s.fps} fps` : ""}
                  {s.status && s.status !== "ready" ? ` · ${s.status}` : ""}
                </span>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
