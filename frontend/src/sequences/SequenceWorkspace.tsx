import { memo, useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore } from "react";
import { createLabel, listLabels, resultsOf, updateLabel } from "../api/assets";
import type { LabelInput, LabelUpdate, Ontology, Project } from "../api/types";
import { useAuth } from "../auth/AuthContext";
import { ErrorMessage } from "../components/ErrorMessage";
import type { OntologyClass as EditorClass } from "../editor";
import { canLabel } from "../lib/roles";
import { type HelpNote, HelpOverlay, MOUSE } from "../pages/label/HelpOverlay";
import { fetchImageBitmap, listPredictions } from "../pages/label/labelApi";
import { SegmentBar } from "../pages/label/SegmentBar";
import { SidePanel } from "../pages/label/SidePanel";
import { ToolPanel } from "../pages/label/ToolPanel";
import { useEditorSnapshot } from "../pages/label/useEditor";
import { ZoomBadge } from "../pages/label/ZoomBadge";
import type { Sequence } from "./api";
import { benchSequenceReady } from "./benchHooks";
import { attachCorrection, prelabelScoreOf } from "./correction";
import { frameContent } from "./frameContent";
import { SequenceBar } from "./SequenceBar";
import { useSequenceSegment } from "./sequenceSegment";
import { type SequenceDeps, SequenceSession } from "./sequenceSession";
import { Timeline } from "./Timeline";
import { TrackPanel } from "./TrackPanel";
import { buildTimeline, stepFrame } from "./timeline";
import { useObjectDrag } from "./useObjectDrag";
import { DEFAULT_FPS, usePlayback } from "./usePlayback";

interface Props {
  project: Project;
  ontology: Ontology;
  sequence: Sequence;
  userId: number;
  startAt: number;
}

function deps(userId: number, activeClasses: ReadonlySet<number>, viewOnly: boolean, ontology: Ontology): SequenceDeps {
  return {
    image: (asset) => fetchImageBitmap(asset),
    content: async (asset) => {
      const [labels, predictions] = await Promise.all([listLabels(asset).then(resultsOf), listPredictions(asset).catch(() => [])]);
      return frameContent(labels, predictions, userId, activeClasses, viewOnly);
    },
    // The API types predate tracks; the bodies carry them (DESIGN: objects on frames carry "track").
    create: (asset, body) => createLabel(asset, body as unknown as LabelInput),
    update: (id, body) => updateLabel(id, body as unknown as LabelUpdate),
    contentOf: (saved) => frameContent([saved], [], userId, activeClasses),
    ontology,
  };
}

/** The sequence editor's own keys (handled here, beside the editor's key map) after the mouse gestures. */
const SEQUENCE_NOTES: readonly HelpNote[] = [
  ...MOUSE,
  ["← / →", "Previous / next frame (as , and .)"],
  ["K", "Play or pause"],
  ["T", "Focus the selected object's track menu"],
  ["Drag an object row onto a track", "Move the object to that track (or onto + New track)"],
];

// Frame switches re-render the sequence's parts; the tools and side panel only when the editor's state changed.
const Tools = memo(ToolPanel);
const Side = memo(SidePanel);

/** The sequence editor: tools left, frame centre, objects (with tracks) right, the timeline below. */
export function SequenceWorkspace({ project, ontology, sequence, userId, startAt }: Props) {
  const [host, setHost] = useState<HTMLDivElement | null>(null);
  const [onionHost, setOnionHost] = useState<HTMLDivElement | null>(null);
  const [session, setSession] = useState<SequenceSession | null>(null);
  const [error, setError] = useState<unknown>(null);
  const { user } = useAuth();
  // A viewer is shown each frame's label (anyone's); the others start from their own (frameContent).
  const viewOnly = !canLabel({ project, isStaff: user?.is_staff });
  const classes = useMemo<EditorClass[]>(
    () => ontology.classes.filter((c) => !c.archived).map((c) => ({ id: c.id, name: c.name, color: c.color, kind: c.kind })),
    [ontology],
  );

  useEffect(() => {
    if (!host || !onionHost) return;
    let cancelled = false;
    let opened: SequenceSession | null = null;
    const active = new Set(classes.map((c) => c.id));
    SequenceSession.open(host, onionHost, sequence, classes, deps(userId, active, viewOnly, ontology), {}, startAt).then(
      (s) => {
        if (cancelled) return s.destroy();
        opened = s;
        setSession(s);
        benchSequenceReady(s);
      },
      (err: unknown) => !cancelled && setError(err),
    );
    return () => {
      cancelled = true;
      opened?.destroy();
      setSession(null);
    };
  }, [host, onionHost, sequence, classes, ontology, userId, startAt, viewOnly]);

  return (
    <div className="label-page sequence-page" data-testid="sequence-page">
      {session && <Connected session={session} project={project} ontology={ontology} onError={setError} />}
      <div className="label-stage-wrap">
        {error != null && <ErrorMessage error={error} onDismiss={() => setError(null)} />}
        <div className="label-stage" ref={setHost} data-testid="label-stage" />
        <div className="onion-host" ref={setOnionHost} />
      </div>
    </div>
  );
}

function isTyping(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  return !!el && (el.tagName === "INPUT" || el.tagName === "TEXTAREA" || el.tagName === "SELECT" || el.isContentEditable);
}

function Connected({ session, project, ontology, onError }: { session: SequenceSession; project: Project; ontology: Ontology; onError(e: unknown): void }) {
  const editor = session.editor;
  const { user } = useAuth();
  const snapshot = useEditorSnapshot(editor);
  const state = useSyncExternalStore(
    (notify) => session.subscribe(notify),
    () => session.state,
  );
  const [help, setHelp] = useState(false);
  const [onion, setOnion] = useState(true);
  const playback = usePlayback(session, session.sequence.fps || DEFAULT_FPS);
  const count = session.sequence.frames.length;
  const cells = useMemo(() => buildTimeline(session.sequence.frames.map((f, i) => ({ index: i, asset: f.asset })), state.summaries, state.position), [session, state.summaries, state.position]);

  const trackVersion = state.trackVersion;
  // A new function when a track moved, so the object list shows it.
  const trackOf = useCallback((index: number) => session.tracks.trackOf(index), [session, trackVersion]);
  const trackMenu = useRef<HTMLSelectElement>(null);
  // A viewer reads the tracks; editing them is the server's 403 (as SequenceBar hides saving and propagation).
  const editable = canLabel({ project, isStaff: user?.is_staff });
  const { objects } = snapshot;
  const selected = snapshot.selection.objectIndex;
  const { dragging, rowDrag } = useObjectDrag(session);
  // The same element until something it shows changed, so the memoised side panel is not re-rendered for nothing.
  const trackPanel = useMemo(
    () => <TrackPanel session={session} ontology={ontology} objects={objects} selected={selected} trackVersion={trackVersion} saved={state.saved} menuRef={trackMenu} dragging={dragging} editable={editable} />,
    [session, ontology, objects, selected, trackVersion, state.saved, dragging, editable],
  );
  const select = useCallback((p: number) => void session.go(p).catch(onError), [session, onError]);
  const thumbnails = useMemo(() => session.sequence.frames.map((f) => f.thumbnail_ready !== false), [session]);
  useEffect(() => session.setOnionVisible(onion), [session, onion]);
  // The tool's other prompts are answered as on the label page, for the shown frame's asset (its embedding).
  const segment = useSequenceSegment(editor, project.id, session.sequence.frames[state.position].asset);
  // Auto-segment clicks on the selected object's mask are corrections of it (correction.ts), not a redraw.
  useEffect(
    () =>
      attachCorrection(
        {
          editor,
          sequenceId: session.sequence.id,
          frameIndex: () => session.sequence.frames[session.position].index,
          prelabelScore: (index) => prelabelScoreOf(session.state.shown, index),
        },
        { onError },
      ),
    [session, editor, onError],
  );
  useEffect(() => {
    if (state.saveError) onError(state.saveError);
  }, [state.saveError, onError]);
  useEffect(() => {
    const toggle = playback.toggle;
    const go = (step: number) => void session.go(stepFrame(session.position, step, count), step > 0 ? 1 : -1).catch(onError);
    const offAction = editor.on("action", (action) => {
      if (action === "app.nextImage") go(1);
      else if (action === "app.previousImage") go(-1);
      else if (action === "app.help") setHelp((h) => !h);
      else if (action === "app.submitAndNext") void session.submit().then((ok) => ok && go(1));
    });
    // Arrow keys step frames too, and K plays or pauses (the editor's own key map leaves them free).
    const onKey = (e: KeyboardEvent) => {
      if (isTyping(e.target) || e.ctrlKey || e.metaKey || e.altKey) return;
      if (e.key === "ArrowRight" || e.key === "ArrowLeft") {
        e.preventDefault();
        go(e.key === "ArrowRight" ? 1 : -1);
      } else if (e.key === "k" || e.key === "K") {
        e.preventDefault();
        toggle();
      } else if ((e.key === "t" || e.key === "T") && trackMenu.current) {
        e.preventDefault();
        trackMenu.current.focus(); // the selected object's track menu
      }
    };
    window.addEventListener("keydown", onKey);
    return () => {
      offAction();
      window.removeEventListener("keydown", onKey);
    };
  }, [session, editor, count, onError, playback.toggle]);

  return (
    <>
      <SequenceBar project={project} session={session} state={state} playback={playback} onion={onion} onOnion={setOnion} onHelp={() => setHelp(true)} onError={onError} modified={snapshot.history.modified} />
      <Tools editor={editor} snapshot={snapshot} />
      <Side editor={editor} snapshot={snapshot} ontology={ontology} trackOf={trackOf} rowDrag={rowDrag}>
        {trackPanel}
      </Side>
      <div className="label-notices">
        {snapshot.tool.tool === "segment" && (
          <div className="tool-strip" data-testid="tool-strip">
            <SegmentBar editor={editor} snapshot={snapshot} segment={segment} classes={editor.classes} />
          </div>
        )}
      </div>
      <ZoomBadge zoom={snapshot.zoom} ready={!state.loading} position={state.position} />
      <Timeline cells={cells} thumbnails={thumbnails} onSelect={select} />
      {help && <HelpOverlay onClose={() => setHelp(false)} notes={SEQUENCE_NOTES} />}
    </>
  );
}
