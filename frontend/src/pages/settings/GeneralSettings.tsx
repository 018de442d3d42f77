import { useState, type FormEvent } from "react";
import { deleteProject, updateProject } from "../../api/projects";
import type { Project } from "../../api/types";
import { ErrorMessage } from "../../components/ErrorMessage";
import { navigate } from "../../lib/router";
import { paths } from "../../lib/routes";
import { QUEUE_ORDERS, type QueueOrder, queueOrderOf, withQueueOrder } from "./queueOrder";

interface Props {
  project: Project;
  readOnly: boolean;
  onSaved: (p: Project) => void;
}

export function GeneralSettings({ project, readOnly, onSaved }: Props) {
  const [name, setName] = useState(project.name);
  const [description, setDescription] = useState(project.description);
  const [labelsPerAsset, setLabelsPerAsset] = useState(String(project.settings.labels_per_asset ?? 1));
  const [reviewPercent, setReviewPercent] = useState(String(Math.round((project.settings.review_fraction ?? 0) * 1000) / 10));
  const [pickBelowPercent, setPickBelowPercent] = useState(String(Math.round((project.settings.consensus_review_below ?? 0) * 1000) / 10));
  const [queueOrder, setQueueOrder] = useState<QueueOrder>(queueOrderOf(project.settings));
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState("");
  const [busy, setBusy] = useState(false);

  const lpa = Number(labelsPerAsset);
  const pct = Number(reviewPercent);
  const pickBelow = Number(pickBelowPercent);
  const invalid =
    !name.trim()
      ? "Name is required"
      : !Number.isInteger(lpa) || lpa < 1
        ? "Labels per image must be a whole number ≥ 1"
        : !Number.isFinite(pct) || pct < 0 || pct > 100
          ? "Review share must be between 0 and 100 %"
          : !Number.isFinite(pickBelow) || pickBelow < 0 || pickBelow > 100
            ? "Consensus agreement must be between 0 and 100 %"
            : "";

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (invalid) return;
    setBusy(true);
    setError(null);
    setNotice("");
    try {
      const saved = await updateProject(project.id, {
        name: name.trim(),
        description,
        settings: withQueueOrder({ ...project.settings, labels_per_asset: lpa, review_fraction: pct / 100, consensus_review_below: pickBelow / 100 }, queueOrder),
      });
      onSaved(saved);
      setNotice("Saved.");
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  const remove = async () => {
    if (!window.confirm(`Delete project "${project.name}" with all its images and labels? This cannot be undone.`)) return;
    setBusy(true);
    try {
      await deleteProject(project.id);
      navigate(paths.projects());
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };

  return (
    <>
      <form className="panel" onSubmit={submit} data-testid="general-settings">
        <h2>Project</h2>
        <ErrorMessage error={error} onDismiss={() => setError(null)} />
        {notice && <div className="alert alert-success">{notice}</div>}
        <fieldset disabled={readOnly || busy} className="plain-fieldset">
          <label className="field" style={{ maxWidth: 480 }}>
            <span>Name</span>
            <input value={name} onChange={(e) => setName(e.target.value)} required maxLength={200} />
          </label>
          <label className="field" style={{ maxWidth: 720 }}>
            <span>Description</span>
            <textarea rows={3} value={description} onChange={(e) => setDescription(e.target.value)} />
          </label>
          <div className="settings-grid">
            <label className="field">
              <span>Labels per image</span>
              <input
                type="number"
                min={1}
                step={1}
                data-testid="settings-labels-per-asset"
                value={labelsPerAsset}
                onChange={(e) => setLabelsPerAsset(e.target.value)}
              />
              <span className="field-help">Independent labels each image needs (consensus).</span>
            </label>
            <PercentField
              label="Review share (%)"
              testId="settings-review-fraction"
              value={reviewPercent}
              onChange={setReviewPercent}
              help="Share of submitted labels sent to review."
            />
            {lpa > 1 && (
              <PercentField
                label="Consensus: pick below (%)"
                testId="settings-consensus-review-below"
                value={pickBelowPercent}
                onChange={setPickBelowPercent}
                help="Images whose best label agrees less than this with the others wait for a reviewer's pick (Review → Consensus); 0: never."
              />
            )}
            <label className="field">
              <span>Queue order</span>
              <select value={queueOrder} onChange={(e) => setQueueOrder(e.target.value as QueueOrder)} data-testid="settings-queue-order">
                {QUEUE_ORDERS.map((o) => (
                  <option key={o.value} value={o.value}>
                    {o.label}
                  </option>
                ))}
              </select>
              <span className="field-help">Which items the queue hands out first; pre-labels made from now on set it.</span>
            </label>
          </div>
          {!readOnly && (
            <div className="form-actions">
              <button type="submit" className="btn btn-primary" data-testid="settings-save" disabled={busy || !!invalid}>
                Save
              </button>
              {invalid && <span className="text-error small">{invalid}</span>}
            </div>
          )}
        </fieldset>
      </form>
      {!readOnly && (
        <section className="panel danger-zone">
          <h2>Delete project</h2>
          <p className="muted small">Removes the project, its images, labels and jobs.</p>
          <button type="button" className="btn btn-danger" disabled={busy} onClick={() => void remove()}>
            Delete project
          </button>
        </section>
      )}
    </>
  );
}

interface PercentFieldProps {
  label: string;
  testId: string;
  value: string;
  onChange: (value: string) => void;
  help: string;
}

/** A 0-100 % setting, edited as text so a half-typed number stays as typed. */
function PercentField({ label, testId, value, onChange, help }: PercentFieldProps) {
  return (
    <label className="field">
      <span>{label}</span>
      <input type="number" min={0} max={100} step={1} data-testid={testId} value={value} onChange={(e) => onChange(e.target.value)} />
      <span className="field-help">{help}</span>
    </label>
  );
}
