import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { Job } from "../api/types";
import { CARRY_POLL_MS, CarryOn, type RepropagateAnswer, reachedPositions } from "./carryOn";

function job(id: number, from: number, to: number, status: Job["status"], done: number, total: number, last?: number): Job & { params: Record<string, unknown> } {
  return {
    id,
    kind: "sequence_propagate",
    status,
    progress: { done, total },
    error: status === "failed" ? "worker lost" : null,
    result: last === undefined ? null : { last },
    created_at: "",
    finished_at: null,
    params: { from, to },
  };
}

/** A fake server: the answers to repropagate and the job's states, polled in turn. */
function fakes(answer: RepropagateAnswer, states: Job[]) {
  const refreshed: number[][] = [];
  const asked: number[] = [];
  let poll = 0;
  const carry = new CarryOn({
    repropagate: async (index) => {
      asked.push(index);
      return answer;
    },
    job: async () => states[Math.min(poll++, states.length - 1)],
    refresh: (positions) => refreshed.push([...positions]),
    positionOf: (index) => (index >= 0 && index < 10 ? index : -1),
  });
  return { carry, refreshed, asked };
}

describe("reachedPositions", () => {
  it("counts frames from the job's start in its direction, within its range", () => {
    expect(reachedPositions({ from: 2, to: 9 }, 3, (i) => i)).toEqual([3, 4, 5]);
    expect(reachedPositions({ from: 4, to: 0 }, 9, (i) => i)).toEqual([3, 2, 1, 0]);
    expect(reachedPositions({ from: 4, to: 0 }, 0, (i) => i)).toEqual([]);
  });
});

describe("CarryOn", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("follows the jobs a save started and refreshes the frames they pass, then every frame they wrote", async () => {
    const started = job(7, 3, 9, "queued", 0, 0);
    const { carry, refreshed, asked } = fakes({ tracks: [4], jobs: [{ job: started, reused: false }], reason: "" }, [
      job(7, 3, 9, "running", 2, 6),
      job(7, 3, 9, "running", 4, 6),
      job(7, 3, 9, "succeeded", 4, 6, 7),
    ]);
    const seen: number[] = [];
    carry.subscribe((jobs) => seen.push(jobs[0]?.done ?? -1));
    await carry.saved(3);
    expect(asked).toEqual([3]);
    expect(carry.jobs[0]).toMatchObject({ id: 7, from: 3, to: 9, status: "queued" });
    await vi.advanceTimersByTimeAsync(CARRY_POLL_MS);
    expect(refreshed).toEqual([[4, 5]]);
    await vi.advanceTimersByTimeAsync(CARRY_POLL_MS);
    expect(refreshed).toEqual([[4, 5], [6, 7]]);
    await vi.advanceTimersByTimeAsync(CARRY_POLL_MS);
    expect(refreshed.at(-1)).toEqual([4, 5, 6, 7]); // at the end: up to the result's last frame
    expect(carry.jobs[0].status).toBe("succeeded");
    await vi.advanceTimersByTimeAsync(5 * CARRY_POLL_MS);
    expect(refreshed).toHaveLength(3); // no polling after the end
    expect(seen).toContain(4);
  });

  it("keeps one entry for a job a later save joined, and says why nothing started", async () => {
    const queued = job(7, 3, 0, "queued", 0, 0);
    const { carry } = fakes({ tracks: [4], jobs: [{ job: queued, reused: false }], reason: "" }, [job(7, 3, 0, "queued", 0, 0)]);
    await carry.saved(3);
    await carry.saved(3);
    expect(carry.jobs.map((j) => j.id)).toEqual([7]);
    const none = fakes({ tracks: [], jobs: [], reason: "frame 3 has no propagated pre-label" }, []);
    await none.carry.saved(3);
    expect(none.carry.jobs).toEqual([]);
    expect(none.carry.reason).toBe("frame 3 has no propagated pre-label");
    carry.dispose();
  });

  it("stops polling once disposed", async () => {
    const { carry, refreshed } = fakes({ tracks: [4], jobs: [{ job: job(7, 3, 9, "queued", 0, 0), reused: false }], reason: "" }, [job(7, 3, 9, "running", 2, 6)]);
    await carry.saved(3);
    carry.dispose();
    await vi.advanceTimersByTimeAsync(3 * CARRY_POLL_MS);
    expect(refreshed).toEqual([]);
  });
});
