// React side of the engine: mount the Editor facade in a container and mirror its typed events as state.
import { useEffect, useRef, useState } from "react";
import {
  Editor,
  type HistoryState,
  type JsonValue,
  type LabelObject,
  type LabelResponse,
  type OntologyClass,
  type SegmentState,
  type SelectionState,
  type ToolState,
  type ViewState,
  type ZoomState,
} from "../../editor";

export interface EditorSnapshot {
  readonly tool: ToolState;
  readonly history: HistoryState;
  readonly objects: readonly LabelObject[];
  readonly classifications: Readonly<Record<string, JsonValue>>;
  readonly selection: SelectionState;
  readonly zoom: ZoomState;
  readonly view: ViewState;
  readonly segment: SegmentState;
}

function snapshotOf(editor: Editor): EditorSnapshot {
  return {
    tool: editor.toolState,
    history: editor.historyState,
    objects: editor.objects,
    classifications: editor.classifications,
    selection: { objectIndex: editor.selectedObject, classId: editor.activeClass },
    zoom: editor.zoomState,
    view: editor.viewSettings,
    segment: editor.segmentState,
  };
}

/**
 * Mount an editor for `image` in the element `host` once it exists, load `content`
 * (not recorded in undo) and destroy it on unmount.
 */
export function useMountedEditor(
  host: HTMLElement | null,
  image: ImageBitmap,
  classes: readonly OntologyClass[],
  content: LabelResponse | null,
): { editor: Editor | null; error: unknown } {
  const [state, setState] = useState<{ editor: Editor | null; error: unknown }>({ editor: null, error: null });
  const start = useRef({ classes, content });
  useEffect(() => {
    if (!host) return;
    const created = Editor.mount(host, image, { classes: start.current.classes });
    try {
      if (start.current.content) created.loadLabel(start.current.content);
      setState({ editor: created, error: null });
    } catch (error) {
      setState({ editor: created, error });
    }
    return () => {
      created.destroy();
      setState({ editor: null, error: null });
    };
  }, [host, image]); // the editor lives as long as the host element and image; classes and content are its start
  return state;
}

/** The editor's state, re-read on each of its events (not "dirty": pixels never re-render React). */
export function useEditorSnapshot(editor: Editor): EditorSnapshot {
  const [snapshot, setSnapshot] = useState(() => snapshotOf(editor));
  useEffect(() => {
    setSnapshot(snapshotOf(editor));
    const update = <K extends keyof EditorSnapshot>(key: K) => (value: EditorSnapshot[K]) => setSnapshot((s) => ({ ...s, [key]: value }));
    const offs = [
      editor.on("tool", update("tool")),
      editor.on("change", update("history")),
      editor.on("objects", (objects) => setSnapshot((s) => ({ ...s, objects: [...objects] }))),
      editor.on("classifications", (c) => setSnapshot((s) => ({ ...s, classifications: { ...c } }))),
      editor.on("selection", update("selection")),
      editor.on("zoom", update("zoom")),
      editor.on("view", update("view")),
      editor.on("segment", update("segment")),
    ];
    return () => offs.forEach((off) => off());
  }, [editor]);
  return snapshot;
}
