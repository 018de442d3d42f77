import { useEffect, useMemo, useState, useSyncExternalStore } from "react";
import { getJob } from "../api/jobs";
import { ProgressBar } from "../components/ProgressBar";
import { localStorageOrNull } from "../pages/label/session";
import { repropagate } from "./api";
import { type CarriedJob, CarryOn } from "./carryOn";
import type { SequenceSession } from "./sequenceSession";

const SWITCH_KEY = "lp.sequence.carryOn";

/** The person's choice, kept in the browser: on unless turned off. */
function useCarrySwitch(): [boolean, (on: boolean) => void] {
  const [on, setOn] = useState(() => localStorageOrNull()?.getItem(SWITCH_KEY) !== "off");
  const set = (value: boolean) => {
    setOn(value);
    localStorageOrNull()?.setItem(SWITCH_KEY, value ? "on" : "off");
  };
  return [on, set];
}

function jobLabel(job: CarriedJob): string {
  const arrow = job.to >= job.from ? "▶" : "◀";
  const where = `from frame ${job.from + 1} ${arrow}`;
  if (job.status === "failed") return `${where}: failed`;
  if (job.status === "succeeded") return `${where}: done`;
  return job.total ? `${where} ${job.done} / ${job.total}` : `${where}: ${job.status}`;
}

/**
 * "Carry corrections on": after each save of a frame, the tracks the person
 * changed against its propagated pre-label are re-propagated by themselves
 * (carryOn.ts); their progress shows here and the frames they rewrite are
 * reloaded as they arrive. A switch turns it off for this browser.
 */
export function CarryOnControl({ session, onError }: { session: SequenceSession; onError(error: unknown): void }) {
  const [enabled, setEnabled] = useCarrySwitch();
  const carry = useMemo(
    () =>
      new CarryOn({
        repropagate: (index) => repropagate(session.sequence.id, index),
        job: (id, signal) => getJob(id, signal),
        refresh: (positions) => void session.refresh(positions).catch(onError),
        positionOf: (index) => session.sequence.frames.findIndex((f) => f.index === index),
      }),
    [session, onError],
  );
  useEffect(() => () => carry.dispose(), [carry]);
  useEffect(() => {
    if (!enabled) return;
    return session.onSaved((position) => void carry.saved(session.sequence.frames[position].index).catch(onError));
  }, [session, carry, enabled, onError]);
  const jobs = useSyncExternalStore(
    (notify) => carry.subscribe(notify),
    () => carry.jobs,
  );

  return (
    <div className="carry-on" data-testid="carry-on">
      <label className="tool-check small" title="After a save, re-propagate the tracks you corrected on a propagated frame">
        <input type="checkbox" checked={enabled} onChange={(e) => setEnabled(e.target.checked)} data-testid="carry-on-toggle" /> Carry corrections on
      </label>
      {jobs.map((job) => (
        <div key={job.id} className="propagate-job" data-testid="carry-on-job" data-job-status={job.status} data-from={job.from} data-to={job.to}>
          <ProgressBar
            done={job.status === "succeeded" ? Math.max(1, job.total) : job.done}
            total={Math.max(1, job.total)}
            indeterminate={job.status === "queued"}
            tone={job.status === "failed" ? "error" : job.status === "succeeded" ? "success" : "default"}
            label={jobLabel(job)}
          />
          {job.status === "failed" && job.error && <div className="job-error">{job.error}</div>}
        </div>
      ))}
    </div>
  );
}
