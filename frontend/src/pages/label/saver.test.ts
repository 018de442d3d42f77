import { describe, expect, it } from "vitest";
import { ApiError } from "../../api/errors";
import type { Label, LabelInput, LabelUpdate } from "../../api/types";
import type { Draft } from "./drafts";
import { AUTOSAVE_DELAY_MS, LabelSaver, type SaveStart, type SaveState, retryDelayMs } from "./saver";

function label(id: number, revision: number, status: Label["status"] = "draft"): Label {
  return {
    id, asset: 7, author: { id: 3, username: "ann" }, revision, status, ontology_version: 1, objects: [],
    classifications: {}, time_spent_s: 0, created_at: "2024-01-01T00:00:00Z", updated_at: "2024-01-01T00:00:00Z",
  };
}

type Call = { kind: "create"; body: LabelInput } | { kind: "update"; id: number; body: LabelUpdate };

/** A saver over a scripted server, a manual clock and manual timers. */
function harness(start: Partial<SaveStart> = {}) {
  let now = 1_000;
  let seconds = 0;
  let objects = 1;
  const timers: { at: number; fn: () => void; id: number }[] = [];
  const calls: Call[] = [];
  const answers: ((call: Call) => Promise<Label>)[] = [];
  const drafts: (Draft | null)[] = [];
  const states: SaveState[] = [];
  let nextTimer = 1;
  const answer = (call: Call) => {
    calls.push(call);
    const next = answers.shift();
    if (!next) throw new Error("unexpected request");
    return next(call);
  };
  const saver = new LabelSaver(
    {
      content: () => ({ objects: Array.from({ length: objects }, () => ({ class: 1, mask: { size: [2, 2], counts: "0401" }, attributes: {} })), classifications: {} }),
      activeSeconds: () => seconds,
      create: (body) => answer({ kind: "create", body }),
      update: (id, body) => answer({ kind: "update", id, body }),
      findOwn: async () => label(9, 4),
      drafts: { save: (d) => drafts.push(d), clear: () => drafts.push(null) },
      now: () => now,
      setTimer: (fn, ms) => {
        timers.push({ at: now + ms, fn, id: nextTimer });
        return nextTimer++;
      },
      clearTimer: (id) => {
        const i = timers.findIndex((t) => t.id === id);
        if (i >= 0) timers.splice(i, 1);
      },
      onState: (s) => states.push(s),
    },
    { labelId: null, revision: null, status: null, unsaved: false, ...start },
  );
  return {
    saver, calls, drafts, states, answers,
    /** Advance the clock, firing due timers. */
    async advance(ms: number) {
      now += ms;
      for (;;) {
        timers.sort((a, b) => a.at - b.at);
        const due = timers[0];
        if (!due || due.at > now) break;
        timers.shift();
        due.fn();
        await flush();
      }
      await flush();
    },
    work(s: number) {
      seconds += s;
    },
    draw() {
      objects++;
      saver.changed();
    },
    pendingTimers: () => timers.length,
  };
}

async function flush() {
  for (let i = 0; i < 10; i++) await Promise.resolve();
}

const ok = (l: Label) => async () => l;
const fail = (status: number, body: unknown = { detail: "nope" }) => async () => {
  throw new ApiError(status, body);
};

describe("LabelSaver", () => {
  it("autosaves a draft 5 s after the last change, creating the label first and updating it later", async () => {
    const h = harness();
    h.answers.push(ok(label(9, 1)), ok(label(9, 2)));
    h.work(12);
    h.draw();
    await h.advance(AUTOSAVE_DELAY_MS - 1);
    h.draw(); // a new change restarts the delay
    await h.advance(AUTOSAVE_DELAY_MS - 1);
    expect(h.calls).toHaveLength(0);
    await h.advance(1);
    expect(h.calls).toHaveLength(1);
    expect(h.calls[0]).toMatchObject({ kind: "create", body: { status: "draft", time_spent_s: 12 } });
    expect(h.saver.current).toMatchObject({ phase: "saved", labelId: 9, revision: 1 });

    h.work(3.25);
    h.draw();
    await h.advance(AUTOSAVE_DELAY_MS);
    // only the seconds since the last save are sent
    expect(h.calls[1]).toMatchObject({ kind: "update", id: 9, body: { revision: 1, status: "draft", time_spent_s: 3.3 } });
    expect(h.saver.current.revision).toBe(2);
    expect(h.drafts.at(-1)).toBeNull(); // the local draft is dropped once the server has everything
  });

  it("resubmits an unchanged submitted label only when asked to (rework sent back as it is)", async () => {
    const h = harness({ labelId: 4, revision: 6, status: "submitted" });
    await expect(h.saver.save("submitted")).resolves.toBe(true);
    expect(h.calls).toHaveLength(0); // the server already holds it
    h.answers.push(ok(label(4, 7, "submitted")));
    await expect(h.saver.save("submitted", true)).resolves.toBe(true);
    expect(h.calls[0]).toMatchObject({ kind: "update", id: 4, body: { revision: 6, status: "submitted" } });
  });

  it("submits over the revision the edit started from", async () => {
    const h = harness({ labelId: 4, revision: 6, status: "draft" });
    h.answers.push(ok(label(4, 7, "submitted")));
    h.draw();
    await expect(h.saver.save("submitted")).resolves.toBe(true);
    expect(h.calls[0]).toMatchObject({ kind: "update", id: 4, body: { revision: 6, status: "submitted" } });
    expect(h.pendingTimers()).toBe(0); // the pending autosave was folded into the submit
    expect(h.saver.current.serverStatus).toBe("submitted");
  });

  it("keeps the draft locally and retries with growing delays after network and server errors", async () => {
    const h = harness();
    h.answers.push(fail(0), fail(503), ok(label(9, 1)));
    h.draw();
    await expect(h.saver.save("draft")).resolves.toBe(false);
    expect(h.saver.current).toMatchObject({ phase: "retrying", attempt: 1, retryAt: 1_000 + retryDelayMs(1) });
    expect(h.drafts[0]?.objects).toHaveLength(2); // written before the request went out
    await h.advance(retryDelayMs(1));
    expect(h.saver.current).toMatchObject({ phase: "retrying", attempt: 2 });
    await h.advance(retryDelayMs(2));
    expect(h.calls).toHaveLength(3);
    expect(h.saver.current).toMatchObject({ phase: "saved", attempt: 0, labelId: 9 });
    expect(retryDelayMs(1)).toBeLessThan(retryDelayMs(2));
    expect(retryDelayMs(50)).toBe(30_000);
  });

  it("stays unsaved when the label changed while a save was in flight", async () => {
    const h = harness();
    let release: (l: Label) => void = () => {};
    h.answers.push(() => new Promise<Label>((resolve) => (release = resolve)), ok(label(9, 2)));
    h.draw();
    const saving = h.saver.save("draft");
    await flush();
    h.draw();
    release(label(9, 1));
    await saving;
    expect(h.saver.current.phase).toBe("unsaved");
    expect(h.drafts.includes(null)).toBe(false);
    await h.advance(AUTOSAVE_DELAY_MS);
    expect(h.calls[1]).toMatchObject({ kind: "update", body: { revision: 1 } });
    expect(h.saver.current.phase).toBe("saved");
  });

  it("shows the server's reasons for a 400 and does not retry", async () => {
    const h = harness();
    h.answers.push(fail(400, { objects: ["objects[1]: 'occluded' is required"] }));
    h.draw();
    await h.saver.save("submitted");
    expect(h.saver.current.phase).toBe("invalid");
    expect(h.saver.current.messages.join()).toContain("objects[1]: 'occluded' is required");
    expect(h.pendingTimers()).toBe(0);
  });

  describe("409", () => {
    it("keep mine: saves over the newer revision", async () => {
      const h = harness({ labelId: 9, revision: 2, status: "draft" });
      h.answers.push(fail(409, { detail: "stale", current: label(9, 5) }), ok(label(9, 6)));
      h.draw();
      await h.saver.save("submitted");
      expect(h.saver.current).toMatchObject({ phase: "conflict", conflict: { revision: 5 } });
      h.draw(); // edits during the conflict do not autosave over it
      expect(h.pendingTimers()).toBe(0);
      await expect(h.saver.keepMine()).resolves.toBe(true);
      expect(h.calls[1]).toMatchObject({ kind: "update", body: { revision: 5, status: "submitted" } });
      expect(h.saver.current).toMatchObject({ phase: "saved", revision: 6, conflict: null });
    });

    it("take theirs: hands back the newer label and forgets the local draft", async () => {
      const h = harness({ labelId: 9, revision: 2, status: "draft" });
      h.answers.push(fail(409, { detail: "stale", current: label(9, 5) }));
      h.draw();
      await h.saver.save("draft");
      const theirs = h.saver.takeTheirs();
      expect(theirs?.revision).toBe(5);
      expect(h.saver.current).toMatchObject({ phase: "saved", revision: 5, conflict: null });
      expect(h.saver.hasUnsaved).toBe(false);
      expect(h.drafts.at(-1)).toBeNull();
    });

    it("a POST that finds the caller's label already there becomes a conflict with that label", async () => {
      const h = harness();
      h.answers.push(fail(409, { detail: "you already have label 9 on this asset; PUT labels/9" }));
      h.draw();
      await h.saver.save("draft");
      expect(h.saver.current).toMatchObject({ phase: "conflict", conflict: { id: 9, revision: 4 } });
    });
  });

  it("a restored draft starts unsaved and autosaves", async () => {
    const h = harness({ labelId: 9, revision: 3, status: "draft", unsaved: true });
    h.answers.push(ok(label(9, 4)));
    expect(h.saver.current.phase).toBe("unsaved");
    await h.advance(AUTOSAVE_DELAY_MS);
    expect(h.calls[0]).toMatchObject({ kind: "update", body: { revision: 3 } });
  });
});
