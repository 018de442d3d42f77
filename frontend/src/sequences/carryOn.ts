/**
 * Corrections carried on by themselves: after each save of a frame the
 * sequence editor asks the server to re-propagate the tracks the person
 * changed against the frame's propagated pre-label (POST
 * sequences/{id}/frames/{index}/repropagate; the server decides which tracks
 * and which ways, and joins a job already queued for the same range). This
 * follows the jobs it started: their progress, and the frames they rewrote,
 * refreshed as the job's progress passes them (a job between two labeled
 * frames first carries the far end, so its frames are refreshed again when it
 * ends). No React: the sequence bar subscribes.
 */
import type { Job } from "../api/types";
import { isJobFinished } from "../api/types";

export interface CarriedJob {
  readonly id: number;
  /** Frame indexes (not positions) the job runs between; `to` is the sequence's end in its direction. */
  readonly from: number;
  readonly to: number;
  readonly status: Job["status"];
  readonly done: number;
  readonly total: number;
  readonly error: string | null;
}

export interface RepropagateAnswer {
  readonly tracks: readonly number[];
  readonly jobs: readonly { readonly job: Job & { params?: Record<string, unknown> }; readonly reused: boolean }[];
  readonly reason: string;
}

export interface CarryOnDeps {
  repropagate(frameIndex: number): Promise<RepropagateAnswer>;
  job(id: number, signal: AbortSignal): Promise<Job>;
  /** The frames at these positions were rewritten: refetch them (the shown one too when it holds no edits). */
  refresh(positions: readonly number[]): void;
  /** Position in the sequence of a frame index, or -1. */
  positionOf(frameIndex: number): number;
}

export const CARRY_POLL_MS = 1000;
const FINISHED_KEPT = 3; // ended jobs still shown, newest first

function carried(job: Job, previous?: CarriedJob): CarriedJob {
  const params = (job as Job & { params?: Record<string, unknown> }).params ?? {};
  return {
    id: job.id,
    from: typeof params.from === "number" ? params.from : (previous?.from ?? 0),
    to: typeof params.to === "number" ? params.to : (previous?.to ?? 0),
    status: job.status,
    done: job.progress?.done ?? 0,
    total: job.progress?.total ?? 0,
    error: job.error,
  };
}

/** Positions a job of `from` -> `to` has reached after `steps` frames (both ends' passes count: capped at the range). */
export function reachedPositions(job: Pick<CarriedJob, "from" | "to">, steps: number, positionOf: (index: number) => number): number[] {
  const direction = job.to >= job.from ? 1 : -1;
  const span = Math.abs(job.to - job.from);
  const out: number[] = [];
  for (let step = 1; step <= Math.min(steps, span); step++) {
    const position = positionOf(job.from + direction * step);
    if (position >= 0) out.push(position);
  }
  return out;
}

/** Frames a finished job wrote, counted from its start: up to its result's `last` frame (none when it wrote none). */
function writtenSteps(job: Job, carriedJob: CarriedJob): number {
  const result = (job.result ?? {}) as { last?: unknown };
  if (typeof result.last === "number") return Math.abs(result.last - carriedJob.from);
  return job.status === "succeeded" ? 0 : carriedJob.done;
}

export class CarryOn {
  private readonly listeners = new Set<(jobs: readonly CarriedJob[]) => void>();
  private readonly controller = new AbortController();
  private readonly polling = new Set<number>();
  private current: CarriedJob[] = [];
  private lastReason = "";

  constructor(private readonly deps: CarryOnDeps) {}

  get jobs(): readonly CarriedJob[] {
    return this.current;
  }

  /** Why the last save started nothing (or what it started). */
  get reason(): string {
    return this.lastReason;
  }

  subscribe(listener: (jobs: readonly CarriedJob[]) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** After a save of the frame with this index: ask, then follow what started. */
  async saved(frameIndex: number): Promise<RepropagateAnswer> {
    const answer = await this.deps.repropagate(frameIndex);
    this.lastReason = answer.reason;
    for (const { job } of answer.jobs) {
      const known = this.current.find((j) => j.id === job.id);
      this.put(carried(job, known));
      if (!this.polling.has(job.id) && !isJobFinished(job)) void this.follow(job.id);
    }
    if (answer.jobs.length === 0) this.emit();
    return answer;
  }

  dispose(): void {
    this.controller.abort();
    this.listeners.clear();
  }

  private async follow(id: number): Promise<void> {
    this.polling.add(id);
    let refreshed = 0;
    try {
      for (;;) {
        await new Promise((resolve) => setTimeout(resolve, CARRY_POLL_MS));
        if (this.controller.signal.aborted) return;
        let job: Job;
        try {
          job = await this.deps.job(id, this.controller.signal);
        } catch {
          if (this.controller.signal.aborted) return;
          continue; // polled again on the next tick
        }
        const now = carried(job, this.current.find((j) => j.id === id));
        this.put(now);
        const finished = isJobFinished(job);
        if (now.done > refreshed || finished) {
          const positions = reachedPositions(now, finished ? writtenSteps(job, now) : now.done, this.deps.positionOf);
          // While running only the frames newly passed; at the end every frame it may have written.
          this.deps.refresh(finished ? positions : positions.slice(refreshed));
          refreshed = now.done;
        }
        if (finished) return;
      }
    } finally {
      this.polling.delete(id);
    }
  }

  private put(job: CarriedJob): void {
    const others = this.current.filter((j) => j.id !== job.id);
    const running = [job, ...others].filter((j) => !isJobFinished(j));
    const ended = [job, ...others].filter((j) => isJobFinished(j)).slice(0, FINISHED_KEPT);
    this.current = [...running, ...ended].sort((a, b) => b.id - a.id);
    this.emit();
  }

  private emit(): void {
    for (const listener of this.listeners) listener(this.current);
  }
}
