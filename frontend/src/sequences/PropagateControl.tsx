import { useState } from "react";
import type { Job } from "../api/types";
import { JobProgress } from "../components/JobProgress";
import { propagate } from "./api";
import type { SequenceSession } from "./sequenceSession";
import { propagateRange, propagateRefusal } from "./timeline";

export const DEFAULT_PROPAGATE_FRAMES = 10;

/** The positions between two frames, both ends included. */
function between(a: number, b: number): number[] {
  const lo = Math.min(a, b);
  return Array.from({ length: Math.abs(b - a) + 1 }, (_, i) => lo + i);
}

/**
 * "Propagate N frames" backwards or forwards from the shown frame: saves the
 * frame first (the job reads it from the server), starts the job, shows its
 * progress and reloads the frames it wrote predictions on.
 */
export function PropagateControl({ session, onError }: { session: SequenceSession; onError(error: unknown): void }) {
  const [frames, setFrames] = useState(DEFAULT_PROPAGATE_FRAMES);
  const [running, setRunning] = useState<{ id: number; job?: Job; positions: number[] } | null>(null);
  const [starting, setStarting] = useState(false);
  const count = session.sequence.frames.length;

  const start = async (direction: 1 | -1) => {
    const from = session.position;
    const range = propagateRange(from, frames, direction, count);
    if (!range || starting) return;
    setStarting(true);
    try {
      const refusal = propagateRefusal(session.editor.objects.length, session.editor.segmentState.proposal !== null);
      if (refusal) throw new Error(refusal);
      if (session.editor.historyState.modified || !session.state.shown.ownLabel) {
        // Not announced: the corrections' carry-on (CarryOnControl) would start jobs beside this one.
        if (!(await session.save("submitted", false))) throw session.state.saveError ?? new Error("the frame could not be saved");
      }
      const framesOf = session.sequence.frames;
      const job = await propagate(session.sequence.id, { from: framesOf[range.from].index, to: framesOf[range.to].index });
      setRunning({ ...job, positions: between(range.from, range.to).filter((p) => p !== from) });
    } catch (error) {
      onError(error);
    } finally {
      setStarting(false);
    }
  };

  return (
    <div className="propagate-control" data-testid="propagate-control">
      <button type="button" className="btn btn-sm" disabled={starting || session.position === 0} onClick={() => void start(-1)} data-testid="propagate-backward" title="Carry this frame's objects to the frames before it">
        ◀ Propagate
      </button>
      <input
        type="number"
        min={1}
        max={Math.max(1, count - 1)}
        value={frames}
        aria-label="Frames to propagate"
        data-testid="propagate-frames"
        onChange={(e) => setFrames(Math.max(1, Math.floor(Number(e.target.value) || 1)))}
      />
      <button type="button" className="btn btn-sm" disabled={starting || session.position >= count - 1} onClick={() => void start(1)} data-testid="propagate-forward" title="Carry this frame's objects to the frames after it">
        Propagate ▶
      </button>
      {running && (
        <div className="propagate-job" data-testid="propagate-job">
          <JobProgress
            key={running.id}
            jobId={running.id}
            initial={running.job}
            compact
            onFinished={(job) => {
              if (job.status === "succeeded") void session.refresh(running.positions);
            }}
          />
        </div>
      )}
    </div>
  );
}
