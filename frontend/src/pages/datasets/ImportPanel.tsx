import { useRef, useState, type DragEvent } from "react";
import { startImport } from "../../api/datasets";
import type { DatasetJob, ImportOptions, ImportSource } from "../../api/datasetTypes";
import { isAbortError } from "../../api/errors";
import type { Job } from "../../api/types";
import type { UploadProgress } from "../../api/upload";
import { ErrorMessage } from "../../components/ErrorMessage";
import { ProgressBar } from "../../components/ProgressBar";
import { formatBytes } from "../../lib/format";
import { badUrls, IMPORT_FORMAT_HINTS, IMPORT_FORMATS, needsSequence, parseTrackClasses, parseUrlList } from "./formats";
import { ImportSequenceField } from "./ImportSequenceField";
import { DatasetJobView } from "./DatasetJobView";
import { ImportResultView } from "./ResultViews";

type SourceMode = "file" | "urls" | "path";

const SOURCES: { mode: SourceMode; label: string }[] = [
  { mode: "file", label: "Upload a file" },
  { mode: "urls", label: "URLs" },
  { mode: "path", label: "Server folder" },
];

const DEFAULT_OPTIONS: ImportOptions = {
  format: "auto",
  predictions: false,
  add_classes: false,
  model_version: "",
  source: "import",
  status: "submitted",
  sequence: null,
};

interface Props {
  projectId: number;
  onStarted: () => void;
  onFinished: (job: Job) => void;
}

export function ImportPanel({ projectId, onStarted, onFinished }: Props) {
  const [mode, setMode] = useState<SourceMode>("file");
  const [file, setFile] = useState<File | null>(null);
  const [urlsText, setUrlsText] = useState("");
  const [path, setPath] = useState("");
  const [trackClassesText, setTrackClassesText] = useState("");
  const [options, setOptions] = useState<ImportOptions>(DEFAULT_OPTIONS);
  const [upload, setUpload] = useState<UploadProgress | null>(null);
  const [busy, setBusy] = useState(false);
  const [dragging, setDragging] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [job, setJob] = useState<DatasetJob | null>(null);
  const abortRef = useRef<AbortController | null>(null);
  const inputRef = useRef<HTMLInputElement>(null);

  const urls = parseUrlList(urlsText);
  const invalidUrls = badUrls(urls);
  const source: ImportSource | null =
    mode === "file" ? (file ? { file } : null)
    : mode === "urls" ? (urls.length > 0 && invalidUrls.length === 0 ? { urls } : null)
    : path.trim() ? { path: path.trim() } : null;
  const setOption = (patch: Partial<ImportOptions>) => setOptions((o) => ({ ...o, ...patch }));
  const intoSequence = needsSequence(options.format);
  const trackClasses = intoSequence ? parseTrackClasses(trackClassesText) : { value: null, problem: null };
  const formatHint = IMPORT_FORMAT_HINTS[options.format];

  const start = async () => {
    if (!source || busy || trackClasses.problem) return;
    setBusy(true);
    setError(null);
    setJob(null);
    setUpload(mode === "file" && file ? { loaded: 0, total: file.size } : null);
    const ctrl = new AbortController();
    abortRef.current = ctrl;
    try {
      const created = await startImport(projectId, source, { ...options, track_classes: trackClasses.value ?? undefined }, setUpload, ctrl.signal);
      setJob(created);
      onStarted();
    } catch (err) {
      setUpload(null);
      if (!isAbortError(err)) setError(err);
    } finally {
      setBusy(false);
      abortRef.current = null;
    }
  };

  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setDragging(false);
    const dropped = e.dataTransfer.files[0];
    if (dropped && !busy) setFile(dropped);
  };

  return (
    <section className="panel dataset-panel" data-testid="import-panel">
      <div className="panel-head">
        <h2>Import</h2>
      </div>
      <div className="filter-bar source-tabs" role="tablist">
        {SOURCES.map((s) => (
          <button
            key={s.mode}
            type="button"
            role="tab"
            aria-selected={mode === s.mode}
            className={`chip${mode === s.mode ? " chip-active" : ""}`}
            data-testid={`import-source-${s.mode}`}
            onClick={() => setMode(s.mode)}
          >
            {s.label}
          </button>
        ))}
      </div>

      {mode === "file" && (
        <div
          className={`dropzone dataset-dropzone${dragging ? " dropzone-active" : ""}${busy ? " dropzone-busy" : ""}`}
          onDragOver={(e) => {
            e.preventDefault();
            setDragging(true);
          }}
          onDragLeave={() => setDragging(false)}
          onDrop={onDrop}
        >
          {file ? (
            <span className="dropzone-file" data-testid="import-file-name">
              <strong>{file.name}</strong> <span className="muted">({formatBytes(file.size)})</span>
            </span>
          ) : (
            <span>Drop a zip, JSON or NDJSON file here or</span>
          )}
          <label className="btn btn-sm">
            {file ? "Change…" : "Choose file…"}
            <input
              ref={inputRef}
              type="file"
              accept=".zip,.json,.ndjson,.jsonl,image/*"
              className="visually-hidden"
              data-testid="import-file"
              disabled={busy}
              onChange={(e) => setFile(e.target.files?.[0] ?? null)}
            />
          </label>
        </div>
      )}
      {mode === "urls" && (
        <label className="field">
          <span>URLs (one per line, http or https; the worker fetches them)</span>
          <textarea rows={3} data-testid="import-urls" value={urlsText} placeholder="https://example.org/dataset.zip" onChange={(e) => setUrlsText(e.target.value)} />
          {invalidUrls.length > 0 && <span className="field-help text-error">Not an http(s) URL: {invalidUrls.join(", ")}</span>}
        </label>
      )}
      {mode === "path" && (
        <label className="field">
          <span>Folder on the server</span>
          <input type="text" data-testid="import-path" value={path} placeholder="/data/incoming/batch7" onChange={(e) => setPath(e.target.value)} />
          <span className="field-help">Only folders under the server's IMPORT_ROOTS are allowed; symlinks are not followed.</span>
        </label>
      )}

      <div className="form-row import-options">
        <label className="field">
          <span>Format</span>
          <select data-testid="import-format" value={options.format} onChange={(e) => {
            const format = e.target.value as ImportOptions["format"];
            setOption({ format, sequence: needsSequence(format) ? options.sequence : null });
          }}>
            {IMPORT_FORMATS.map((f) => (
              <option key={f.value} value={f.value}>
                {f.label}
              </option>
            ))}
          </select>
        </label>
        {intoSequence && (
          <ImportSequenceField projectId={projectId} value={options.sequence} onChange={(sequence) => setOption({ sequence })} />
        )}
        {!options.predictions && (
          <label className="field">
            <span>Labels saved as</span>
            <select data-testid="import-status" value={options.status} onChange={(e) => setOption({ status: e.target.value as ImportOptions["status"] })}>
              <option value="submitted">submitted</option>
              <option value="draft">draft</option>
            </select>
          </label>
        )}
      </div>
      {formatHint && (
        <p className="field-help import-format-hint" data-testid="import-format-hint">
          {formatHint}
        </p>
      )}
      {intoSequence && (
        <label className="field">
          <span>Track classes (optional)</span>
          <input
            type="text"
            data-testid="import-track-classes"
            value={trackClassesText}
            placeholder='{"1": "person", "2": 4}'
            aria-invalid={trackClasses.problem ? true : undefined}
            onChange={(e) => setTrackClassesText(e.target.value)}
          />
          {trackClasses.problem ? (
            <span className="field-help text-error" data-testid="import-track-classes-problem">
              {trackClasses.problem}
            </span>
          ) : (
            <span className="field-help">Track id to class name or id, taken over what the file says; where neither says, the sequence's track class.</span>
          )}
        </label>
      )}
      <div className="field">
        <label className="field-inline">
          <input type="checkbox" data-testid="import-predictions" checked={options.predictions} onChange={(e) => setOption({ predictions: e.target.checked })} />
          <span>As predictions (pre-labels), not labels</span>
        </label>
        {options.predictions && (
          <div className="form-row choice-sub">
            <label className="field">
              <span>Model version</span>
              <input type="text" data-testid="import-model-version" value={options.model_version} placeholder="unet-3" onChange={(e) => setOption({ model_version: e.target.value })} />
            </label>
            <label className="field">
              <span>Source</span>
              <input type="text" value={options.source} onChange={(e) => setOption({ source: e.target.value })} />
            </label>
          </div>
        )}
        <label className="field-inline">
          <input type="checkbox" data-testid="import-add-classes" checked={options.add_classes} onChange={(e) => setOption({ add_classes: e.target.checked })} />
          <span>Add unknown classes to the ontology</span>
        </label>
        <span className="field-help">Otherwise objects of classes the ontology lacks are skipped and listed.</span>
      </div>

      <div className="form-actions">
        <button type="button" className="btn btn-primary" data-testid="import-start" disabled={busy || !source || (intoSequence && options.sequence === null) || trackClasses.problem !== null} onClick={() => void start()}>
          {busy ? (mode === "file" ? "Uploading…" : "Starting…") : "Start import"}
        </button>
        {busy && mode === "file" && (
          <button type="button" className="btn btn-sm" onClick={() => abortRef.current?.abort()}>
            Cancel upload
          </button>
        )}
      </div>

      {upload && (
        <div className="dataset-upload" data-testid="import-upload">
          <ProgressBar
            done={upload.loaded}
            total={upload.total}
            tone={!busy ? "success" : "default"}
            label={`${formatBytes(upload.loaded)} of ${formatBytes(upload.total)} uploaded`}
          />
        </div>
      )}
      <ErrorMessage error={error} onDismiss={() => setError(null)} />

      {job && (
        <DatasetJobView key={job.id} job={job} testId="import-job" onFinished={onFinished} result={(f) => <ImportResultView result={f.result} />} />
      )}
    </section>
  );
}
