// Wires a LabelSaver to the editor, the REST API, timers and page lifecycle events.
import { useEffect, useRef, useState } from "react";
import { createLabel, listLabels, resultsOf, updateLabel } from "../../api/assets";
import type { LabelObjectInput } from "../../api/types";
import { useAuth } from "../../auth/AuthContext";
import type { Editor, LabelResponse } from "../../editor";
import { canLabel } from "../../lib/roles";
import { answersForOntology } from "./attributeValues";
import { LabelSaver, type SaveState } from "./saver";
import type { LabelSession } from "./session";

export interface SaverHandle {
  readonly saver: LabelSaver | null;
  readonly state: SaveState | null;
  /** Load a label into the editor without it counting as an edit (take theirs). */
  loadQuietly(label: LabelResponse): void;
}

export function useSaver(editor: Editor | null, session: LabelSession, userId: number): SaverHandle {
  const [saver, setSaver] = useState<LabelSaver | null>(null);
  const [state, setState] = useState<SaveState | null>(null);
  const loading = useRef(false);
  const { user } = useAuth();
  // A viewer's page is view only: no saver, so no autosave, draft or save on leaving (the server answers 403).
  const editable = canLabel({ project: session.project, isStaff: user?.is_staff });

  useEffect(() => {
    if (!editor || !editable) return;
    const created = new LabelSaver(
      {
        content: () => {
          const body = editor.toLabelBody();
          return answersForOntology(
            { objects: body.objects as LabelObjectInput[], classifications: body.classifications as LabelObjectInput["attributes"] },
            session.ontology,
          );
        },
        activeSeconds: () => editor.timeTracker.elapsedMs() / 1000,
        create: (body) => createLabel(session.asset.id, body),
        update: (id, body) => updateLabel(id, body),
        findOwn: async () => resultsOf(await listLabels(session.asset.id)).find((l) => l.author.id === userId) ?? null,
        drafts: session.drafts,
        now: () => Date.now(),
        setTimer: (fn, ms) => window.setTimeout(fn, ms),
        clearTimer: (handle) => window.clearTimeout(handle as number),
        onState: setState,
      },
      session.start.save,
    );
    setState(created.current);
    setSaver(created);
    const offChange = editor.on("change", (h) => {
      if (h.modified && !loading.current) created.changed();
    });
    const keep = () => created.keepDraft();
    const onHide = () => {
      if (document.visibilityState === "hidden") keep();
    };
    const onBeforeUnload = (e: BeforeUnloadEvent) => {
      keep();
      if (created.hasUnsaved) e.preventDefault();
    };
    window.addEventListener("pagehide", keep);
    window.addEventListener("beforeunload", onBeforeUnload);
    document.addEventListener("visibilitychange", onHide);
    return () => {
      offChange();
      window.removeEventListener("pagehide", keep);
      window.removeEventListener("beforeunload", onBeforeUnload);
      document.removeEventListener("visibilitychange", onHide);
      // Leaving the page inside the app: keep the draft and send what is unsaved.
      if (created.hasUnsaved && created.current.phase !== "conflict") {
        created.keepDraft();
        void created.save("draft").finally(() => created.dispose());
      } else created.dispose();
      setSaver(null);
    };
  }, [editor, session, userId, editable]);

  const loadQuietly = (label: LabelResponse) => {
    if (!editor) return;
    loading.current = true;
    try {
      editor.loadLabel(label);
    } finally {
      loading.current = false;
    }
  };
  return { saver, state, loadQuietly };
}
