import { useEffect, useRef, useState } from "react";
import { startExport } from "../../api/datasets";
import type { DatasetJob, DatasetVersion, LabelsChoice } from "../../api/datasetTypes";
import type { Job } from "../../api/types";
import { ErrorMessage } from "../../components/ErrorMessage";
import {
  classIdWarning,
  DEFAULT_EXPORT_FORM,
  EXPORT_PRESETS,
  exportFormProblems,
  exportRequest,
  LABEL_CHOICES,
  presetById,
  sequenceExportHint,
  SYNTHETIC_CHOICES,
  type ExportFormState,
} from "./formats";
import { DatasetJobView } from "./DatasetJobView";
import { ExportResultView } from "./ResultViews";

/** A request from elsewhere on the page (the versions table) to export a version; `nonce` makes repeats count. */
export interface ExportPrefill {
  version: string;
  nonce: number;
}

interface Props {
  projectId: number;
  versions: readonly DatasetVersion[];
  topClassId: number | null;
  prefill: ExportPrefill | null;
  onStarted: () => void;
  onFinished: (job: Job) => void;
}

export function ExportPanel({ projectId, versions, topClassId, prefill, onStarted, onFinished }: Props) {
  const [form, setForm] = useState<ExportFormState>(DEFAULT_EXPORT_FORM);
  const [job, setJob] = useState<DatasetJob | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const panelRef = useRef<HTMLElement>(null);

  useEffect(() => {
    if (!prefill) return;
    setForm((f) => ({ ...f, labels: "version", version: prefill.version }));
    panelRef.current?.scrollIntoView({ behavior: "smooth", block: "start" });
  }, [prefill]);

  const preset = presetById(form.presetId);
  const problems = exportFormProblems(form);
  const warning = classIdWarning(preset, topClassId);
  const update = (patch: Partial<ExportFormState>) => setForm((f) => ({ ...f, ...patch }));

  const start = async () => {
    if (problems.length > 0 || busy) return;
    setBusy(true);
    setError(null);
    try {
      const created = await startExport(projectId, exportRequest(form));
      setJob(created);
      onStarted();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="panel dataset-panel" data-testid="export-panel" ref={panelRef}>
      <div className="panel-head">
        <h2>Export</h2>
      </div>
      <label className="field">
        <span>Format</span>
        <select data-testid="export-format" value={form.presetId} onChange={(e) => update({ presetId: e.target.value })}>
          {EXPORT_PRESETS.map((p) => (
            <option key={p.id} value={p.id}>
              {p.label}
            </option>
          ))}
        </select>
        <span className="field-help" data-testid="export-format-help">
          {preset.description} <code>{preset.format}</code>
        </span>
        {sequenceExportHint(preset) && (
          <span className="field-help" data-testid="export-sequence-hint">
            {sequenceExportHint(preset)}
          </span>
        )}
      </label>

      <fieldset className="plain-fieldset field">
        <legend className="field-legend">Labels</legend>
        <RadioChoices
          name="export-labels"
          choices={LABEL_CHOICES}
          value={form.labels}
          disabled={(v) => v === "version" && versions.length === 0}
          onChange={(v: LabelsChoice) => update({ labels: v, version: v === "version" ? form.version || versions[0]?.name || "" : form.version })}
        />
        {form.labels === "version" && (
          <select className="choice-sub" data-testid="export-version" value={form.version} onChange={(e) => update({ version: e.target.value })}>
            <option value="">Pick a version…</option>
            {versions.map((v) => (
              <option key={v.id} value={v.name}>
                {v.name} — {v.asset_count} images, {v.object_count} objects
              </option>
            ))}
            {form.version && !versions.some((v) => v.name === form.version) && <option value={form.version}>{form.version}</option>}
          </select>
        )}
        {versions.length === 0 && <span className="field-help">Freeze a version below to export it.</span>}
      </fieldset>

      <fieldset className="plain-fieldset field">
        <legend className="field-legend">Synthetic images</legend>
        <RadioChoices name="export-synthetic" choices={SYNTHETIC_CHOICES} value={form.synthetic} onChange={(v) => update({ synthetic: v })} />
        <span className="field-help">The data engine's copy-paste images: {SYNTHETIC_CHOICES.find((c) => c.value === form.synthetic)?.help}.</span>
      </fieldset>

      <div className="field">
        <label className="field-inline">
          <input type="checkbox" data-testid="export-include-images" checked={form.includeImages} onChange={(e) => update({ includeImages: e.target.checked })} />
          <span>Include the image files in the zip</span>
        </label>
        <span className="field-help">{form.includeImages ? "Images are copied into the zip." : "Images are referenced by their URL (members only)."}</span>
        <label className="field-inline">
          <input type="checkbox" data-testid="export-compress" checked={form.compress} onChange={(e) => update({ compress: e.target.checked })} />
          <span>Compress JSON and text</span>
        </label>
      </div>

      {warning && <div className="alert alert-warn" data-testid="export-warning">{warning}</div>}
      {problems.map((p) => (
        <div key={p} className="field-help text-error">
          {p}
        </div>
      ))}
      <div className="form-actions">
        <button type="button" className="btn btn-primary" data-testid="export-start" disabled={busy || problems.length > 0} onClick={() => void start()}>
          {busy ? "Starting…" : "Start export"}
        </button>
      </div>
      <ErrorMessage error={error} onDismiss={() => setError(null)} />

      {job && (
        <DatasetJobView key={job.id} job={job} testId="export-job" onFinished={onFinished} result={(f) => f.status === "succeeded" && <ExportResultView result={f.result} />} />
      )}
    </section>
  );
}

interface RadioChoicesProps<T extends string> {
  /** The inputs' name; each input's test id is `<name>-<value>`. */
  name: string;
  choices: readonly { value: T; label: string; help: string }[];
  value: T;
  disabled?: (value: T) => boolean;
  onChange: (value: T) => void;
}

function RadioChoices<T extends string>({ name, choices, value, disabled, onChange }: RadioChoicesProps<T>) {
  return (
    <div className="choice-list" role="radiogroup">
      {choices.map((c) => (
        <label key={c.value} className="choice" title={c.help}>
          <input
            type="radio"
            name={name}
            value={c.value}
            data-testid={`${name}-${c.value}`}
            checked={value === c.value}
            disabled={disabled?.(c.value) ?? false}
            onChange={() => onChange(c.value)}
          />
          <span>{c.label}</span>
        </label>
      ))}
    </div>
  );
}
