import { useState } from "react";
import { createVersion } from "../../api/datasets";
import type { DatasetVersion, VersionLabelsChoice } from "../../api/datasetTypes";
import type { Paginated } from "../../api/types";
import { ErrorMessage } from "../../components/ErrorMessage";
import { Pagination } from "../../components/Pagination";
import { Spinner } from "../../components/Spinner";
import { formatDate } from "../../lib/format";
import { CompareForm } from "./CompareForm";
import { labelsChoiceText, VERSION_LABEL_CHOICES } from "./formats";

interface Props {
  projectId: number;
  manager: boolean;
  /** Managers and reviewers: a compare result names every changed asset and object (the server refuses others). */
  canCompare: boolean;
  versions: Paginated<DatasetVersion> | undefined;
  loading: boolean;
  error: unknown;
  page: number;
  onPage: (page: number) => void;
  onCreated: (version: DatasetVersion) => void;
  onExport: (name: string) => void;
  classNames: ReadonlyMap<number, string>;
}

export function VersionsPanel({ projectId, manager, canCompare, versions, loading, error, page, onPage, onCreated, onExport, classNames }: Props) {
  const list = versions?.results ?? [];
  return (
    <section className="panel dataset-panel" data-testid="versions-panel">
      <div className="panel-head">
        <h2>Dataset versions</h2>
        {versions && <span className="muted small">{versions.count} version{versions.count === 1 ? "" : "s"}</span>}
      </div>
      <p className="muted small">
        A version freezes the chosen label of every asset (and the ontology) under a name; later edits never change it.
      </p>
      {manager && <FreezeForm projectId={projectId} onCreated={onCreated} />}
      <ErrorMessage error={error} />
      {loading && !versions && <Spinner />}
      {versions && list.length === 0 && <div className="empty">No versions yet.</div>}
      {list.length > 0 && (
        <div className="table-scroll">
          <table className="table table-compact" data-testid="versions-table">
            <thead>
              <tr>
                <th>Name</th>
                <th>Labels</th>
                <th className="num">Images</th>
                <th className="num">Objects</th>
                <th className="num">Ontology</th>
                <th>Created</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {list.map((v) => (
                <tr key={v.id} data-testid="version-row" data-version={v.name}>
                  <td>
                    <strong>{v.name}</strong>
                    {v.description && <div className="muted small version-desc">{v.description}</div>}
                  </td>
                  <td>{labelsChoiceText(v.labels)}</td>
                  <td className="num">{v.asset_count.toLocaleString("en-US")}</td>
                  <td className="num">{v.object_count.toLocaleString("en-US")}</td>
                  <td className="num">v{v.ontology_version}</td>
                  <td className="small">
                    {v.created_by ?? "?"}
                    <div className="muted">{formatDate(v.created_at)}</div>
                  </td>
                  <td className="actions">
                    {manager && (
                      <button type="button" className="btn btn-sm" data-testid="version-export" onClick={() => onExport(v.name)}>
                        Export…
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {versions && (
        <Pagination page={page} count={versions.count} pageLength={list.length} hasNext={!!versions.next} hasPrevious={!!versions.previous} onPage={onPage} />
      )}
      {canCompare && list.length >= 2 && (
        // Keyed by the newest version: a newly frozen one resets the default pair to (previous, newest).
        <CompareForm key={list[0].id} projectId={projectId} versions={list} classNames={classNames} />
      )}
    </section>
  );
}

function FreezeForm({ projectId, onCreated }: { projectId: number; onCreated: (v: DatasetVersion) => void }) {
  const [name, setName] = useState("");
  const [labels, setLabels] = useState<VersionLabelsChoice>("latest");
  const [description, setDescription] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [created, setCreated] = useState<DatasetVersion | null>(null);

  const submit = async () => {
    if (!name.trim() || busy) return;
    setBusy(true);
    setError(null);
    setCreated(null);
    try {
      const v = await createVersion(projectId, { name: name.trim(), labels, description });
      setCreated(v);
      setName("");
      setDescription("");
      onCreated(v);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form
      className="freeze-form"
      data-testid="freeze-form"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <div className="form-row">
        <label className="field">
          <span>Name</span>
          <input type="text" data-testid="freeze-name" value={name} maxLength={100} placeholder="v1" pattern="[A-Za-z0-9][A-Za-z0-9._\-]*" title="letters, digits, '.', '_' or '-', starting with a letter or digit" onChange={(e) => setName(e.target.value)} />
        </label>
        <label className="field">
          <span>Labels</span>
          <select data-testid="freeze-labels" value={labels} onChange={(e) => setLabels(e.target.value as VersionLabelsChoice)}>
            {VERSION_LABEL_CHOICES.map((c) => (
              <option key={c.value} value={c.value}>
                {c.label}
              </option>
            ))}
          </select>
        </label>
        <label className="field freeze-desc">
          <span>Description</span>
          <input type="text" value={description} placeholder="optional" onChange={(e) => setDescription(e.target.value)} />
        </label>
        <button type="submit" className="btn btn-primary" data-testid="freeze-submit" disabled={busy || !name.trim()}>
          {busy ? "Freezing…" : "Freeze version"}
        </button>
      </div>
      <ErrorMessage error={error} onDismiss={() => setError(null)} />
      {created && (
        <div className="alert alert-success" data-testid="freeze-done">
          Version <strong>{created.name}</strong> frozen: {created.asset_count} images, {created.object_count} objects.
        </div>
      )}
    </form>
  );
}
