import { describe, expect, it } from "vitest";
import type { SegmentRequest } from "../editor";
import type { Embedding } from "./embeddings";
import { LocalSegmenter, type StepDecoder } from "./localSegmenter";
import { LOW_RES, type Step } from "./protocol";

const EMBEDDING: Embedding = { data: new Float32Array(4), shape: [1, 1, 2, 2], inputSize: [1024, 1024], resizedSize: [768, 1024], version: "1" };

/** A decoder that records its runs and answers a square around the newest point, marked with the run's number. */
function fakeDecoder() {
  const calls: { points: Step["points"]; multimask: boolean; previous: number | null }[] = [];
  const decoder: StepDecoder = {
    async run(_embedding, _shape, step, height, width, previous) {
      calls.push({ points: step.points, multimask: step.multimask, previous: previous ? previous[0] : null });
      const lowRes = new Float32Array(LOW_RES * LOW_RES).fill(-1);
      lowRes[0] = -calls.length; // names the run, stays negative
      const [x, y] = step.points[step.points.length - 1];
      const i = Math.floor((y * 768) / height / 4), j = Math.floor((x * 1024) / width / 4);
      for (let r = i - 2; r <= i + 2; r++) lowRes.fill(5, r * LOW_RES + j - 2, r * LOW_RES + j + 3);
      return { lowRes, score: 0.5 + calls.length / 100 };
    },
  };
  return { decoder, calls };
}

const request = (id: number, points: [number, number, 0 | 1][], previousId?: number): SegmentRequest => ({ id, box: null, points, previousId });

describe("local segmenter", () => {
  it("has the decoder prepare the embedding once, before the first click's run", async () => {
    const { decoder, calls } = fakeDecoder();
    const order: string[] = [];
    let finish = () => {};
    const prepared: { data: Float32Array; shape: readonly number[] }[] = [];
    const pair: StepDecoder = {
      run: async (...args) => {
        order.push("run");
        return decoder.run(...args);
      },
      prepare: (data, shape) => {
        prepared.push({ data, shape });
        order.push("prepare started");
        return new Promise<void>((resolve) => (finish = () => (order.push("prepared"), resolve())));
      },
    };
    const segmenter = new LocalSegmenter(pair, EMBEDDING, 640, 480);
    const answer = segmenter.segment(request(1, [[100, 100, 1]]));
    await Promise.resolve();
    expect(order).toEqual(["prepare started"]); // the click waits for the image-only work
    finish();
    expect((await answer)!.runs).toBe(1);
    await segmenter.segment(request(2, [[100, 100, 1], [300, 200, 0]], 1));
    expect(order).toEqual(["prepare started", "prepared", "run", "run"]);
    expect(prepared).toEqual([{ data: EMBEDDING.data, shape: EMBEDDING.shape }]);
    expect(calls).toHaveLength(2);
  });

  it("still answers a click when preparing failed (the run itself then says why, if it cannot)", async () => {
    const { decoder } = fakeDecoder();
    const failing: StepDecoder = { run: decoder.run, prepare: () => Promise.reject(new Error("prepare model failed")) };
    const answer = (await new LocalSegmenter(failing, EMBEDDING, 640, 480).segment(request(1, [[100, 100, 1]])))!;
    expect(answer.runs).toBe(1);
  });

  it("runs the first click with multimask, each next click once on the shown proposal's logits", async () => {
    const { decoder, calls } = fakeDecoder();
    const segmenter = new LocalSegmenter(decoder, EMBEDDING, 640, 480);
    const first = (await segmenter.segment(request(1, [[100, 100, 1]])))!;
    expect(first.runs).toBe(1);
    expect(first.score).toBe(0.51);
    expect(first.mask.bounds.x0).toBeGreaterThan(70);
    expect(first.mask.bounds.x1).toBeLessThan(130);
    const second = (await segmenter.segment(request(2, [[100, 100, 1], [300, 200, 0]], 1)))!;
    expect(second.runs).toBe(1);
    expect(calls).toEqual([
      { points: [[100, 100, 1]], multimask: true, previous: null },
      { points: [[100, 100, 1], [300, 200, 0]], multimask: false, previous: -1 },
    ]);
  });

  it("answers an undone click from the kept run, and replays what it never ran", async () => {
    const { decoder, calls } = fakeDecoder();
    const segmenter = new LocalSegmenter(decoder, EMBEDDING, 640, 480);
    await segmenter.segment(request(1, [[100, 100, 1]]));
    await segmenter.segment(request(2, [[100, 100, 1], [300, 200, 1]], 1));
    const undone = (await segmenter.segment(request(3, [[100, 100, 1]], 2)))!;
    expect(undone.runs).toBe(0);
    expect(undone.score).toBe(0.51);
    // a request that skipped a proposal (debounced clicks): every run from the first new one, in order
    const skipped = (await segmenter.segment(request(4, [[100, 100, 1], [300, 200, 1], [50, 400, 0], [60, 60, 1]], 3)))!;
    expect(skipped.runs).toBe(2);
    expect(calls.map((c) => c.previous)).toEqual([null, -1, -2, -3]);
  });

  it("starts with the box, then its clicks, never multimask", async () => {
    const { decoder, calls } = fakeDecoder();
    const segmenter = new LocalSegmenter(decoder, EMBEDDING, 640, 480);
    await segmenter.segment({ id: 1, box: [10, 10, 200, 100], points: [[50, 50, 1]] });
    expect(calls.map((c) => [c.points.length, c.multimask, c.previous])).toEqual([[2, false, null], [3, false, -1]]);
  });

  it("takes requests one at a time and skips one a newer request replaced", async () => {
    const { decoder, calls } = fakeDecoder();
    const segmenter = new LocalSegmenter(decoder, EMBEDDING, 640, 480);
    let latest = 1;
    const one = segmenter.segment(request(1, [[100, 100, 1]]), () => latest === 1);
    latest = 2;
    const two = segmenter.segment(request(2, [[100, 100, 1], [200, 100, 1]], 1), () => latest === 2);
    latest = 3;
    const three = segmenter.segment(request(3, [[100, 100, 1], [200, 100, 1], [300, 100, 1]], 1), () => latest === 3);
    expect(await one).toBeNull();
    expect(await two).toBeNull();
    expect((await three)?.runs).toBe(3);
    expect(calls.map((c) => c.points.length)).toEqual([1, 2, 3]);
  });

  it("is empty where no logit is positive", async () => {
    const decoder: StepDecoder = { run: async () => ({ lowRes: new Float32Array(LOW_RES * LOW_RES).fill(-3), score: 0.1 }) };
    const answer = (await new LocalSegmenter(decoder, EMBEDDING, 640, 480).segment(request(1, [[1, 1, 1]])))!;
    expect(answer.mask.bits).toHaveLength(0);
  });

  it("answers a click decoded ahead (hovered) from its kept run, with the mask it would have made", async () => {
    const clicks: [number, number, 0 | 1][] = [[100, 100, 1], [300, 200, 1]];
    const plain = fakeDecoder();
    const direct = new LocalSegmenter(plain.decoder, EMBEDDING, 640, 480);
    await direct.segment(request(1, clicks.slice(0, 1)));
    const expected = (await direct.segment(request(2, clicks, 1)))!;

    const ahead = fakeDecoder();
    const segmenter = new LocalSegmenter(ahead.decoder, EMBEDDING, 640, 480);
    await segmenter.segment(request(1, clicks.slice(0, 1)));
    expect(await segmenter.prefetch({ box: null, points: clicks, previousId: 1 }, () => true)).toBe(1);
    const answer = (await segmenter.segment(request(2, clicks, 1)))!;
    expect(answer.runs).toBe(0);
    expect(answer.score).toBe(expected.score);
    expect(answer.mask.bounds).toEqual(expected.mask.bounds);
    expect(answer.mask.bits).toEqual(expected.mask.bits);
    expect(ahead.calls).toEqual(plain.calls); // the same runs, fed the same logits
  });

  it("skips a prefetch no longer wanted by its turn, and one whose runs are kept", async () => {
    const { decoder, calls } = fakeDecoder();
    const segmenter = new LocalSegmenter(decoder, EMBEDDING, 640, 480);
    const first = segmenter.segment(request(1, [[100, 100, 1]]));
    let hovered = 1;
    const stale = segmenter.prefetch({ box: null, points: [[100, 100, 1], [10, 10, 1]] }, () => hovered === 1);
    hovered = 2;
    expect(await stale).toBe(0);
    await first;
    expect(await segmenter.prefetch({ box: null, points: [[100, 100, 1]] }, () => true)).toBe(0);
    expect(calls).toHaveLength(1);
  });
  it("decodes the whole chain again when a kept step's click edits need runs no longer kept", async () => {
    const { decoder, calls } = fakeDecoder();
    const segmenter = new LocalSegmenter(decoder, EMBEDDING, 640, 480);
    const a: [number, number, 0 | 1][] = [[100, 100, 1], [300, 200, 0], [120, 110, 1]];
    let id = 0;
    const other = () => segmenter.segment(request(++id, [[20 + ((id * 37) % 580), 20 + ((id * 53) % 420), 1]]));
    await segmenter.segment(request(++id, a.slice(0, 1)));
    await segmenter.segment(request(++id, a.slice(0, 2), id - 1));
    await segmenter.segment(request(++id, a, id - 1));
    for (let k = 0; k < 3; k++) await other();
    const again = ++id; // the chain shown again: its last run is used (kept newest), its edits are not touched
    expect((await segmenter.segment(request(again, a, 3)))!.runs).toBe(0);
    for (let k = 0; k < 61; k++) await other();
    const before = calls.length;
    const longer: [number, number, 0 | 1][] = [...a, [400, 300, 0]];
    const answer = (await segmenter.segment(request(++id, longer, again)))!;
    expect(answer.runs).toBe(4); // the first steps' runs and edits were evicted: all four steps again
    expect(calls.length - before).toBe(4);
    const fresh = (await new LocalSegmenter(fakeDecoder().decoder, EMBEDDING, 640, 480).segment(request(1, longer)))!;
    expect(answer.mask.bounds).toEqual(fresh.mask.bounds);
  });
});

