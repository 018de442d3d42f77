import { type RefObject, useEffect, useMemo, useState } from "react";
import type { AttributeValue, Ontology } from "../api/types";
import { ErrorMessage } from "../components/ErrorMessage";
import type { LabelObject } from "../editor";
import { AttributeFields } from "../pages/label/AttributeFields";
import { listTracks, saveTrack, type SequenceTrack } from "./api";
import type { SequenceSession } from "./sequenceSession";
import type { DropTarget } from "./trackDrop";
import { type ObjectDragging, useTrackDrop } from "./useObjectDrag";
import { type TrackChoice, type TrackEdit, type TrackInfo, sharedTracks, trackBody, trackChoices, trackSpan, trackTitle } from "./tracks";

const NEW_TRACK = "new";

interface Props {
  session: SequenceSession;
  ontology: Ontology;
  objects: readonly LabelObject[];
  selected: number;
  /** Bumped when a track of the shown frame changed (state.trackVersion). */
  trackVersion: number;
  /** Bumped by each save (state.saved): the sequence's tracks are read again. */
  saved: number;
  /** The "track" menu, focused by the T key. */
  menuRef: RefObject<HTMLSelectElement | null>;
  /** The object whose row is being dragged (useObjectDrag). */
  dragging: ObjectDragging;
  /** The caller may change tracks (labeler, reviewer, manager); a viewer only reads them. */
  editable: boolean;
}

/**
 * Tracks in the sequence editor's side panel: the selected object's track
 * (move it onto another track or a new one, from the menu or by dropping an
 * object row on a track), and the sequence's tracks with their name, class
 * and per-track attributes.
 */
export function TrackPanel({ session, ontology, objects, selected, trackVersion, saved, menuRef, dragging, editable }: Props) {
  const sequenceId = session.sequence.id;
  const [known, setKnown] = useState<TrackInfo[]>(() => session.sequence.tracks.map(infoOf));
  const [editing, setEditing] = useState<number | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [reload, setReload] = useState(0);

  useEffect(() => {
    const abort = new AbortController();
    listTracks(sequenceId, abort.signal).then(
      (tracks) => {
        setKnown(tracks);
        session.tracks.note(tracks.map((t) => t.track));
      },
      (e: unknown) => !abort.signal.aborted && setError(e),
    );
    return () => abort.abort();
  }, [session, sequenceId, saved, reload]);

  const choices = useMemo(() => {
    const onFrame = objects.flatMap((o) => {
      const track = session.tracks.trackOf(o.index);
      return track === undefined ? [] : [{ index: o.index, track, classId: o.classId }];
    });
    return trackChoices(known, onFrame);
    // trackVersion: a move changes the book, not `objects`.
  }, [known, objects, session, trackVersion]);
  const classes = ontology.classes;
  const className = (id: number | null) => (id === null ? "no class" : (classes.find((c) => c.id === id)?.name ?? `class ${id}`));
  const shared = sharedTracks(choices);
  const object = objects.find((o) => o.index === selected) ?? null;
  const current = object ? session.tracks.trackOf(object.index) : undefined;

  const move = (index: number, target: DropTarget) => {
    if (target === NEW_TRACK) session.setTrack(index, session.tracks.newTrack());
    else {
      const choice = choices.find((c) => c.track === target);
      if (choice) session.setTrack(index, choice.track, choice.class);
    }
  };
  // Dropping a dragged object row makes the menu's move. Refused (no highlight, no move) on its own track.
  const drop = useTrackDrop(session, objects, dragging, move);

  return (
    <section className="label-section track-panel" data-testid="track-panel">
      <h3>
        Tracks <span className="muted small">({choices.length})</span>
      </h3>
      {object && editable && (
        <label className="field track-move">
          <span>Selected object's track <kbd>T</kbd></span>
          <select ref={menuRef} value={current ?? ""} data-testid="track-select" onChange={(e) => move(object.index, e.target.value === NEW_TRACK ? NEW_TRACK : Number(e.target.value))}>
            {choices.map((c) => (
              <option key={c.track} value={c.track}>
                {trackTitle(c)} ({className(c.class)}){c.objects.length > 0 && !c.objects.includes(object.index) ? " · on this frame" : ""}
              </option>
            ))}
            <option value={NEW_TRACK}>+ New track</option>
          </select>
          <span className="field-help">It takes the track's class; save the frame to keep it.</span>
        </label>
      )}
      {shared.length > 0 && (
        <p className="label-warn small" role="alert" data-testid="track-shared">
          {shared.map((c) => `${trackTitle(c)} is on ${c.objects.length} objects of this frame`).join("; ")}: one object per track on a frame, so
          the server will refuse this frame until each has its own track.
        </p>
      )}
      <ErrorMessage error={error} onDismiss={() => setError(null)} />
      <ol className="track-list">
        {choices.map((c) => (
          <li key={c.track} className={`track-row${c.objects.includes(selected) ? " selected" : ""}`} data-testid="track-row" data-track={c.track} {...drop(c.track)}>
            {editing === c.track ? (
              <TrackEditor
                choice={c}
                ontology={ontology}
                onCancel={() => setEditing(null)}
                onSave={async (edit) => {
                  const savedTrack = await saveTrack(sequenceId, c.track, edit);
                  setKnown((list) => [...list.filter((t) => t.track !== c.track), savedTrack].sort((a, b) => a.track - b.track));
                  setEditing(null);
                  setReload((n) => n + 1);
                }}
              />
            ) : (
              <>
                <span className="class-swatch" style={{ background: classes.find((k) => k.id === c.class)?.color ?? "#888" }} />
                <button
                  type="button"
                  className="link-btn track-name"
                  disabled={c.objects.length === 0}
                  title={c.objects.length ? "Select its object on this frame" : "Not on this frame"}
                  onClick={() => c.objects.length && session.editor.selectObject(c.objects[0])}
                >
                  {trackTitle(c)}
                </button>
                <span className="muted small">
                  {className(c.class)} · {trackSpan(c.info)}
                  {attributeText(c.info?.attributes)}
                </span>
                {editable && (
                  <button type="button" className="btn btn-sm btn-ghost" data-testid="track-edit" onClick={() => setEditing(c.track)} title="Name, class and attributes of the track">
                    Edit
                  </button>
                )}
              </>
            )}
          </li>
        ))}
      </ol>
      {dragging.index !== null ? (
        <div className="track-drop-new" data-testid="track-drop-new" {...drop(NEW_TRACK)}>
          + New track <span className="muted small">drop here to split the object off</span>
        </div>
      ) : (
        editable && objects.length > 0 && <p className="field-help">Drag an object from the list onto a track to move it there.</p>
      )}
    </section>
  );
}

function TrackEditor({ choice, ontology, onSave, onCancel }: { choice: TrackChoice; ontology: Ontology; onSave(edit: TrackEdit): Promise<void>; onCancel(): void }) {
  const [edit, setEdit] = useState<TrackEdit>({ name: choice.name, class: choice.class, attributes: choice.info?.attributes ?? {} });
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const active = ontology.classes.filter((c) => !c.archived);
  const cls = active.find((c) => c.id === edit.class);
  const { body, problems } = trackBody(edit, ontology.classes);
  const submit = async () => {
    setBusy(true);
    setError(null);
    try {
      await onSave(body);
    } catch (e) {
      setError(e);
      setBusy(false);
    }
  };
  return (
    <form
      className="track-editor"
      data-testid="track-editor"
      onSubmit={(e) => {
        e.preventDefault();
        if (problems.length === 0) void submit();
      }}
    >
      <strong className="small">Track {choice.track}</strong>
      <label className="field">
        <span>Name</span>
        <input type="text" value={edit.name} maxLength={200} data-testid="track-name" onChange={(e) => setEdit({ ...edit, name: e.target.value })} />
      </label>
      <label className="field">
        <span>Class</span>
        <select data-testid="track-class" value={edit.class ?? ""} onChange={(e) => setEdit({ ...edit, class: e.target.value ? Number(e.target.value) : null })}>
          <option value="">No class (no attributes)</option>
          {edit.class !== null && !cls && <option value={edit.class}>archived class {edit.class}</option>}
          {active.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name}
            </option>
          ))}
        </select>
        <span className="field-help">The class the track's objects have; a changed class keeps only its own attributes.</span>
      </label>
      {cls && cls.attributes.length > 0 && (
        <AttributeFields
          fields={cls.attributes}
          values={body.attributes as Record<string, AttributeValue>}
          idPrefix={`track-${choice.track}`}
          onChange={(next) => setEdit({ ...edit, attributes: next })}
        />
      )}
      {problems.map((p) => (
        <p key={p} className="label-warn small">
          {p}
        </p>
      ))}
      <ErrorMessage error={error} />
      <div className="tool-row">
        <button type="submit" className="btn btn-sm btn-primary" data-testid="track-save" disabled={busy || problems.length > 0}>
          {busy ? "Saving…" : "Save track"}
        </button>
        <button type="button" className="btn btn-sm" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}

/** The sequence's answer's track, until the track list is read. */
function infoOf(t: SequenceTrack): TrackInfo {
  return { ...t, class: t.class ?? null, name: t.name ?? "", attributes: (t.attributes ?? {}) as Record<string, AttributeValue> };
}

function attributeText(attributes: Readonly<Record<string, AttributeValue>> | undefined): string {
  const entries = Object.entries(attributes ?? {});
  if (entries.length === 0) return "";
  return ` · ${entries.map(([k, v]) => `${k}: ${Array.isArray(v) ? v.join(", ") : String(v)}`).join("; ")}`;
}
