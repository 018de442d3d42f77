import { useEffect, useMemo, useState } from "react";
import { getOntology, saveOntology } from "../../api/projects";
import type { ClassKind, Ontology } from "../../api/types";
import { ErrorMessage } from "../../components/ErrorMessage";
import { Spinner } from "../../components/Spinner";
import { formatDate } from "../../lib/format";
import { useAsync } from "../../lib/hooks";
import { FieldList, move } from "./FieldEditor";
import {
  draftToInput,
  emptyClass,
  ontologyToDraft,
  parentCandidates,
  sameInput,
  validateDraft,
  type DraftClass,
  type OntologyDraft,
} from "./ontologyDraft";

export function OntologyEditor({ projectId, readOnly }: { projectId: number; readOnly: boolean }) {
  const loaded = useAsync((signal) => getOntology(projectId, signal), [projectId]);
  const [saved, setSaved] = useState<{ ontology: Ontology; draft: OntologyDraft } | null>(null);
  const [draft, setDraft] = useState<OntologyDraft | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState("");
  const [showArchived, setShowArchived] = useState(false);

  useEffect(() => {
    if (!loaded.data) return;
    const d = ontologyToDraft(loaded.data);
    setSaved({ ontology: loaded.data, draft: d });
    setDraft(d);
  }, [loaded.data]);

  const dirty = !!draft && !!saved && !sameInput(draft, saved.draft);
  const problems = useMemo(() => (draft ? validateDraft(draft) : []), [draft]);

  useEffect(() => {
    if (!dirty) return;
    const warn = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener("beforeunload", warn);
    return () => window.removeEventListener("beforeunload", warn);
  }, [dirty]);

  if (loaded.error && !loaded.data) return <ErrorMessage error={loaded.error} />;
  if (!draft || !saved) return <Spinner />;

  const active = draft.classes.filter((c) => !c.archived);
  const archived = draft.classes.filter((c) => c.archived);
  const updateClass = (key: string, change: Partial<DraftClass>) =>
    setDraft({ ...draft, classes: draft.classes.map((c) => (c.key === key ? { ...c, ...change } : c)) });

  const save = async () => {
    setBusy(true);
    setError(null);
    setNotice("");
    try {
      const result = await saveOntology(projectId, draftToInput(draft));
      const d = ontologyToDraft(result);
      setSaved({ ontology: result, draft: d });
      setDraft(d);
      setNotice(`Saved as version ${result.version}.`);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="ontology-editor" data-testid="ontology-editor">
      <div className="onto-toolbar">
        <span className="muted small">
          Version {saved.ontology.version}
          {saved.ontology.created_at && ` · ${formatDate(saved.ontology.created_at)}`}
        </span>
        {dirty && <span className="badge badge-in_review">unsaved changes</span>}
        {notice && !dirty && <span className="badge badge-done">{notice}</span>}
        <span className="spacer" />
        {!readOnly && (
          <>
            <button type="button" className="btn" disabled={!dirty || busy} onClick={() => setDraft(saved.draft)}>
              Discard
            </button>
            <button
              type="button"
              className="btn btn-primary"
              data-testid="ontology-save"
              disabled={!dirty || busy || problems.length > 0}
              onClick={() => void save()}
            >
              {busy ? "Saving…" : "Save new version"}
            </button>
          </>
        )}
      </div>
      <ErrorMessage error={error} onDismiss={() => setError(null)} />
      {dirty && problems.length > 0 && (
        <ul className="validation-list" data-testid="ontology-problems">
          {problems.map((p, i) => (
            <li key={i}>{p}</li>
          ))}
        </ul>
      )}

      <fieldset disabled={readOnly || busy} className="plain-fieldset">
        <section className="panel">
          <div className="panel-head">
            <h2>Classes</h2>
            <span className="muted small">Removing a saved class archives it; labels keep their class ids.</span>
          </div>
          <div className="class-list">
            {active.length === 0 && <div className="muted small">No classes yet.</div>}
            {active.map((c) => (
              <ClassEditor
                key={c.key}
                cls={c}
                draft={draft}
                onChange={(change) => updateClass(c.key, change)}
                onMove={(delta) => {
                  const i = draft.classes.indexOf(c);
                  setDraft({ ...draft, classes: move(draft.classes, i, delta) });
                }}
                onRemove={() =>
                  c.id === undefined
                    ? setDraft({ ...draft, classes: draft.classes.filter((x) => x.key !== c.key) })
                    : updateClass(c.key, { archived: true })
                }
              />
            ))}
            <div>
              <button
                type="button"
                className="btn"
                data-testid="add-class"
                onClick={() => setDraft({ ...draft, classes: [...draft.classes, emptyClass(draft.classes.map((x) => x.color))] })}
              >
                + Class
              </button>
            </div>
          </div>
          {archived.length > 0 && (
            <div style={{ marginTop: 12 }}>
              <button type="button" className="btn btn-sm btn-ghost" onClick={() => setShowArchived((v) => !v)}>
                {showArchived ? "▾" : "▸"} Archived classes ({archived.length})
              </button>
              {showArchived && (
                <table className="table">
                  <tbody>
                    {archived.map((c) => (
                      <tr key={c.key} className="class-card-archived">
                        <td className="class-id">#{c.id}</td>
                        <td>
                          <span className="class-swatch" style={{ background: c.color }} /> {c.name}
                        </td>
                        <td>{c.kind}</td>
                        <td className="actions">
                          <button type="button" className="btn btn-sm" onClick={() => updateClass(c.key, { archived: false })}>
                            Restore
                          </button>
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
            </div>
          )}
        </section>

        <section className="panel">
          <div className="panel-head">
            <h2>Classifications</h2>
            <span className="muted small">Image-level questions.</span>
          </div>
          <FieldList
            fields={draft.classifications}
            onChange={(classifications) => setDraft({ ...draft, classifications })}
            addLabel="+ Classification"
          />
        </section>
      </fieldset>
    </div>
  );
}

interface ClassProps {
  cls: DraftClass;
  draft: OntologyDraft;
  onChange: (change: Partial<DraftClass>) => void;
  onMove: (delta: number) => void;
  onRemove: () => void;
}

function ClassEditor({ cls, draft, onChange, onMove, onRemove }: ClassProps) {
  const [open, setOpen] = useState(cls.attributes.length > 0);
  const parents = parentCandidates(draft, cls);
  const parentIsArchived = cls.parent !== null && !parents.some((p) => p.id === cls.parent);
  return (
    <div className="card class-card" data-testid="class-editor" data-class-id={cls.id ?? ""}>
      <div className="class-row">
        <span className="class-id" title="Class id">
          {cls.id !== undefined ? `#${cls.id}` : "new"}
        </span>
        <input
          type="color"
          aria-label="Color"
          data-testid="class-color"
          value={cls.color}
          onChange={(e) => onChange({ color: e.target.value })}
        />
        <input
          type="text"
          placeholder="class name"
          aria-label="Class name"
          data-testid="class-name"
          value={cls.name}
          onChange={(e) => onChange({ name: e.target.value })}
        />
        <select aria-label="Kind" data-testid="class-kind" value={cls.kind} onChange={(e) => onChange({ kind: e.target.value as ClassKind })}>
          <option value="thing">thing</option>
          <option value="stuff">stuff</option>
        </select>
        <select
          aria-label="Parent"
          data-testid="class-parent"
          value={cls.parent ?? ""}
          onChange={(e) => onChange({ parent: e.target.value ? Number(e.target.value) : null })}
          title={cls.id === undefined ? "Save first to use new classes as parents" : undefined}
        >
          <option value="">no parent</option>
          {parentIsArchived && <option value={cls.parent ?? ""}>#{cls.parent} (archived)</option>}
          {parents.map((p) => (
            <option key={p.key} value={p.id}>
              {p.name || `#${p.id}`}
            </option>
          ))}
        </select>
        <button type="button" className="btn btn-sm btn-ghost" onClick={() => setOpen((v) => !v)}>
          {open ? "▾" : "▸"} Attributes ({cls.attributes.length})
        </button>
        <button type="button" className="btn btn-sm btn-ghost btn-icon" title="Move up" onClick={() => onMove(-1)}>
          ↑
        </button>
        <button type="button" className="btn btn-sm btn-ghost btn-icon" title="Move down" onClick={() => onMove(1)}>
          ↓
        </button>
        <button type="button" className="btn btn-sm btn-danger" onClick={onRemove}>
          {cls.id === undefined ? "Remove" : "Archive"}
        </button>
      </div>
      {open && <FieldList fields={cls.attributes} onChange={(attributes) => onChange({ attributes })} addLabel="+ Attribute" />}
    </div>
  );
}
