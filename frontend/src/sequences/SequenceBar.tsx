import type { Project } from "../api/types";
import { useAuth } from "../auth/AuthContext";
import { canLabel } from "../lib/roles";
import { Link } from "../lib/router";
import { paths } from "../lib/routes";
import { prelabelNote } from "../pages/label/session";
import { CarryOnControl } from "./CarryOnControl";
import { confidenceText } from "./confidence";
import { PropagateControl } from "./PropagateControl";
import type { SequenceSession, SequenceState } from "./sequenceSession";
import { buildTimeline, nextLowConfidence, stepFrame } from "./timeline";

interface Props {
  project: Project;
  session: SequenceSession;
  state: SequenceState;
  playback: { playing: boolean; toggle(): void };
  onion: boolean;
  onOnion(on: boolean): void;
  onHelp(): void;
  onError(error: unknown): void;
  /** The shown frame holds edits not sent yet (the editor's history; a track move counts). */
  modified: boolean;
}

function frameNote(state: SequenceState): string | null {
  const { shown } = state;
  if (shown.source !== "predictions") return null;
  const score = shown.summary.score;
  if (shown.prelabel?.source && shown.prelabel.source !== "propagation") return prelabelNote(shown.prelabel);
  return `Propagated pre-label${score !== null ? `, ${confidenceText(score)}` : ""}: correct it and save.`;
}

/** Where we are in the sequence, frame stepping and playback, onion skin, propagation and saving. */
export function SequenceBar({ project, session, state, playback, onion, onOnion, onHelp, onError, modified }: Props) {
  const { user } = useAuth();
  // A viewer looks only: no save, propagation or carry-on (the server refuses them with a 403 anyway).
  const editable = canLabel({ project, isStaff: user?.is_staff });
  const count = session.sequence.frames.length;
  const position = state.position;
  const go = (p: number) => void session.go(p).catch(onError);
  const note = frameNote(state);
  const low = () => {
    const cells = buildTimeline(session.sequence.frames.map((f, i) => ({ index: i, asset: f.asset })), state.summaries, position);
    const next = nextLowConfidence(cells, position);
    if (next !== null) go(next);
  };
  const saveText = state.saving > 0 ? "saving…" : state.saveError ? "not saved" : modified ? "unsaved changes" : state.shown.ownLabel ? `saved (${state.shown.ownLabel.status})` : "not saved yet";

  return (
    <header className="label-topbar sequence-bar">
      <nav className="label-crumbs">
        <Link to={paths.project(project.id)}>{project.name}</Link>
        <span className="sep">/</span>
        <span title={session.sequence.name}>{session.sequence.name || `Sequence ${session.sequence.id}`}</span>
      </nav>
      <div className="label-nav" role="group" aria-label="Frames">
        <button type="button" className="btn btn-sm" onClick={() => go(stepFrame(position, -1, count))} disabled={position === 0} title="Previous frame (, or ←)" data-testid="frame-previous">
          ‹
        </button>
        <span className="frame-counter" data-testid="frame-counter" data-position={position}>
          Frame {position + 1} / {count}
        </span>
        <button type="button" className="btn btn-sm" onClick={() => go(stepFrame(position, 1, count))} disabled={position >= count - 1} title="Next frame (. or →)" data-testid="frame-next">
          ›
        </button>
        <button type="button" className="btn btn-sm" onClick={playback.toggle} aria-pressed={playback.playing} title="Play or pause (K)" data-testid="frame-play">
          {playback.playing ? "❚❚ Pause" : "▶ Play"}
        </button>
        <button type="button" className="btn btn-sm" onClick={low} title="Next frame where propagation is least sure" data-testid="frame-next-low">
          Next low
        </button>
        <label className="tool-check small" title="Show the previous frame's outlines">
          <input type="checkbox" checked={onion} onChange={(e) => onOnion(e.target.checked)} data-testid="onion-toggle" /> Onion skin
        </label>
      </div>
      {editable && <PropagateControl session={session} onError={onError} />}
      {editable && <CarryOnControl session={session} onError={onError} />}
      {note && (
        <span className="label-note small" data-testid="frame-note" title={note}>
          {note}
        </span>
      )}
      <div className="label-actions">
        {editable && (
          <span className={`small${state.saveError ? " save-failed" : ""}`} data-testid="frame-save-status" data-saving={state.saving > 0 ? "true" : "false"}>
            {saveText}
          </span>
        )}
        <button type="button" className="btn btn-sm btn-ghost" onClick={onHelp} title="Keyboard shortcuts (?)">
          ?
        </button>
        {editable ? (
          <button type="button" className="btn btn-sm btn-primary" onClick={() => void session.submit()} data-testid="frame-save" title="Submit this frame's label with its tracks (Ctrl+Enter: submit and next)">
            Save frame
          </button>
        ) : (
          <span className="badge" data-testid="frame-view-only" title="Your role in this project may look at the frames but not label or propagate them">
            view only
          </span>
        )}
      </div>
    </header>
  );
}
