// Answers the editor's segment requests for one asset in the browser, as POST assets/{id}/segment would
// with the same SAM-family model: the same replay of prompts (protocol.ts), the same postprocessing
// (upsample.ts). Each run's logits are kept by the prompts that led to it, so a new click runs the decoder
// once, on the shown proposal's logits (the request's previousId), and an undone click runs it not at all.
// prefetch() decodes a click before it happens (the pointer resting where it will click): the same runs
// by the same keys, so the click then finds its logits, and its mask, already made.
import type { CroppedMask, SegmentRequest } from "../editor";
import type { DecoderRun } from "./decoder";
import type { Embedding } from "./embeddings";
import { LruCache } from "../lib/lru";
import { clickEditsOf } from "./clickEdit";
import { LOW_RES, type Step, replaySteps } from "./protocol";
import { type UpsamplePlan, upsamplePlan } from "./upsample";

/** An earlier step's run, needed again for its click edits, is no longer kept. */
class EvictedRun extends Error {}

/** Decoder runs whose logits are kept (a few objects' clicks). */
const KEPT_RUNS = 64;
/** Masks kept by their last run's key (a 12 MP mask can be megabytes): the shown one and a few hovered. */
const KEPT_MASKS = 4;

export interface LocalAnswer {
  readonly mask: CroppedMask;
  readonly score: number;
  /** Decoder runs this answer took (0: all from earlier runs). */
  readonly runs: number;
}

type Run = DecoderRun;

/** What the segmenter needs of a decoder (SamDecoder; a fake in tests). */
export interface StepDecoder {
  run(embedding: Float32Array, shape: readonly number[], step: Step, height: number, width: number, previous: Float32Array | null): Promise<DecoderRun>;
  /** The embedding's image-only work, ahead of its first click (the browser's decoder pair). */
  prepare?(embedding: Float32Array, shape: readonly number[]): Promise<void>;
}

export class LocalSegmenter {
  private readonly runs = new LruCache<string, Run>(KEPT_RUNS);
  /** Request id -> the key of its last run: what previousId names. */
  private readonly answered = new LruCache<number, string>(KEPT_RUNS);
  private readonly masks = new LruCache<string, CroppedMask>(KEPT_MASKS);
  private plan: UpsamplePlan | null = null;

  constructor(
    private readonly decoder: StepDecoder,
    private readonly embedding: Embedding,
    readonly width: number,
    readonly height: number,
  ) {
    this.upsampling(); // made before the first click, not during it
    // Queued first, so a click waits for it rather than racing it; a failure shows on the click's own run.
    this.queue = (decoder.prepare?.(embedding.data, embedding.shape) ?? Promise.resolve()).catch(() => undefined);
  }

  private queue: Promise<unknown>;

  /**
   * The mask and score for every prompt of the request; throws when the
   * decoder fails. Requests go one at a time, each after the one before has
   * kept its runs; null when `wanted()` says no by the time its turn comes
   * (a newer request replaced it).
   */
  segment(request: SegmentRequest, wanted: () => boolean = () => true): Promise<LocalAnswer | null> {
    const answer = this.queue.then(() => (wanted() ? this.segmentNow(request) : null));
    this.queue = answer.catch(() => undefined);
    return answer;
  }

  /**
   * Decode `body` (a click not made yet) ahead of time, so the request that
   * makes it answers from kept runs. Queued like segment(); skipped when
   * `wanted()` says no by its turn. Returns the decoder runs it took.
   */
  prefetch(body: Omit<SegmentRequest, "id">, wanted: () => boolean): Promise<number> {
    const done = this.queue.then(async () => (wanted() ? (await this.decode(body, "sam ahead")).runs : 0));
    this.queue = done.catch(() => undefined);
    return done;
  }

  private async segmentNow(request: SegmentRequest): Promise<LocalAnswer> {
    const { key, run, runs } = await this.decode(request, "sam");
    this.answered.set(request.id, key);
    return { mask: this.masks.get(key) as CroppedMask, score: run.score, runs };
  }

  /** The last step's run and mask, decoding only the steps whose runs are not kept; timed as `measure` decode/mask. */
  private async decode(request: Omit<SegmentRequest, "id">, measure: string): Promise<{ key: string; run: Run; runs: number }> {
    const steps = replaySteps(request);
    if (steps.length === 0) throw new Error("nothing to segment: no box, click or scribble");
    const t0 = performance.now();
    let decoded: { run: Run; runs: number; t1: number };
    try {
      decoded = await this.decodeFrom(this.firstToRun(steps, request.previousId), steps, request);
    } catch (error) {
      if (!(error instanceof EvictedRun)) throw error;
      // The click edits of a kept step needed an earlier run that is no longer kept (many runs elsewhere
      // since): the whole chain is decoded again, which keeps every run and edit it needs.
      decoded = await this.decodeFrom(0, steps, request);
    }
    // In the browser's performance timeline (devtools, bench/editor/segment.py).
    performance.measure?.(`${measure} decode`, { start: t0, end: decoded.t1 });
    performance.measure?.(`${measure} mask`, { start: decoded.t1 });
    return { key: steps[steps.length - 1].key, run: decoded.run, runs: decoded.runs };
  }

  /** Runs steps[start..] (fed the click edits of the step before) and keeps the last step's shown mask. */
  private async decodeFrom(start: number, steps: readonly Step[], request: Omit<SegmentRequest, "id">): Promise<{ run: Run; runs: number; t1: number }> {
    let previous = start > 0 ? (this.runs.get(steps[start - 1].key) ?? null) : null;
    if (start > 0 && !previous) start = 0;
    const edits = clickEditsOf(this, this.width, this.height);
    const lowResOf = (j: number): Float32Array => {
      const kept = this.runs.get(steps[j].key);
      if (!kept) throw new EvictedRun();
      return kept.lowRes;
    };
    for (let i = start; i < steps.length; i++) {
      previous = await this.runStep(steps[i], previous ? edits.feed(steps, i, request.points, lowResOf, this.upsampling()) : null);
    }
    const t1 = performance.now();
    const key = steps[steps.length - 1].key;
    if (!this.masks.get(key)) this.masks.set(key, edits.shown(steps, request.points, lowResOf, this.upsampling()));
    return { run: previous as Run, runs: steps.length - start, t1 };
  }

  /** Index of the first step whose logits are not kept: the shown proposal's run first, then any other. */
  private firstToRun(steps: readonly Step[], previousId: number | undefined): number {
    const shown = previousId !== undefined ? this.answered.get(previousId) : undefined;
    for (let i = steps.length; i > 0; i--) {
      const key = steps[i - 1].key;
      if (key === shown || this.runs.get(key)) return i;
    }
    return 0;
  }

  private async runStep(step: Step, previous: Float32Array | null): Promise<Run> {
    const { data, shape } = this.embedding;
    const run = await this.decoder.run(data, shape, step, this.height, this.width, previous);
    this.runs.set(step.key, run);
    return run;
  }

  private upsampling(): UpsamplePlan {
    const [paddedHeight, paddedWidth] = this.embedding.inputSize;
    const [inputHeight, inputWidth] = this.embedding.resizedSize;
    this.plan ??= upsamplePlan({ width: this.width, height: this.height, inputWidth, inputHeight, paddedWidth, paddedHeight }, LOW_RES);
    return this.plan;
  }
}
