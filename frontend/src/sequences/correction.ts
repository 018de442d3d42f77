/**
 * The correction path of the sequence editor: with the auto-segment tool, a click on a frame whose selected
 * object has a mask there edits that mask (POST sequences/{id}/frames/{index}/correct: SAM with the mask as
 * its prompt, bounded to the click, and the thin-structure and colour edits) instead of redrawing it from the
 * clicks. Each answer replaces the object's mask as one undo step. A click is inside (positive) or outside as
 * the tool says: left click inside, Shift+click or right click outside.
 */
import { api } from "../api/client";
import { NotReadyError } from "../api/errors";
import { type CocoRle, type Editor, type SegmentPoint, type SegmentState, encodeRle } from "../editor";
import type { FrameContent } from "./frameContent";

/** The server's limit on clicks per object and frame; older ones are dropped past it. */
export const MAX_CLICKS = 20;
/** How long a click waits for the frame's embedding (a worker computes it) before it gives up. */
export const NOT_READY_WAIT_MS = 120_000;
const RETRY_MS = 1000; // the server's Retry-After

export interface CorrectionClick {
  readonly x: number;
  readonly y: number;
  readonly positive: boolean;
}

export interface CorrectBody {
  readonly mask: CocoRle;
  readonly clicks: readonly CorrectionClick[];
  /** Propagation's confidence for an untouched pre-label (under 0.7 the server redraws it); absent: 1. */
  readonly confidence?: number;
}

export interface CorrectAnswer {
  readonly mask: CocoRle;
  readonly area: number;
}

/** POST sequences/{id}/frames/{index}/correct; NotReadyError while the frame's embedding is being computed. */
export function correctFrame(sequenceId: number, frameIndex: number, body: CorrectBody): Promise<CorrectAnswer> {
  return api.post<CorrectAnswer>(`/sequences/${sequenceId}/frames/${frameIndex}/correct`, body, { computed: true });
}

/**
 * The clicks so far on one object of one frame, as the server takes them: it edits the mask it is sent with
 * all of them. A new frame, another object or a mask changed by anything but the last correction (a brush,
 * an undo) starts a new list.
 */
export class ClickLog {
  private key = "";
  private clicks: CorrectionClick[] = [];
  private after: string | null = null;

  /** The clicks to send for `click` on object `object` of frame `frame` whose mask's counts are `counts` now. */
  add(frame: number, object: number, counts: string, click: CorrectionClick): readonly CorrectionClick[] {
    const key = `${frame}:${object}`;
    if (key !== this.key || counts !== this.after) this.clicks = [];
    this.key = key;
    this.clicks = [...this.clicks, click].slice(-MAX_CLICKS);
    return this.clicks;
  }

  /** The correction landed: the object's mask is now `counts`. */
  landed(counts: string): void {
    this.after = counts;
  }

  /** The newest click failed: forget it (the mask did not change). */
  drop(): void {
    this.clicks = this.clicks.slice(0, -1);
  }
}

export interface CorrectionHost {
  readonly editor: Editor;
  readonly sequenceId: number;
  /** The shown frame's index in the sequence. */
  frameIndex(): number;
  /** Propagation's confidence for object `index` of the shown frame when it is a pre-label, else null. */
  prelabelScore(index: number): number | null;
}

/** Propagation's confidence for object `index` of a frame opened with its pre-label (the editor loads them as 1, 2, ...). */
export function prelabelScoreOf(shown: FrameContent, index: number): number | null {
  if (shown.source !== "predictions") return null;
  return shown.prelabel?.objectScores[index - 1] ?? null;
}

export interface CorrectionDeps {
  correct(sequenceId: number, frameIndex: number, body: CorrectBody): Promise<CorrectAnswer>;
  sleep(ms: number): Promise<void>;
  onError(error: unknown): void;
  now(): number;
}

const DEFAULT_DEPS: Omit<CorrectionDeps, "onError"> = {
  correct: correctFrame,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  now: () => Date.now(),
};

function objectCounts(editor: Editor, index: number): string | null {
  return encodeRle(editor.labelMap, editor.width, editor.height).get(index)?.counts ?? null;
}

/**
 * Take the auto-segment tool's clicks in the sequence editor as corrections of the selected object (when it
 * has pixels on the frame; otherwise the tool is left alone). One correction at a time: a click while one is
 * on its way is dropped with the tool's prompts when it lands. Returns the unsubscribe function.
 */
export function attachCorrection(host: CorrectionHost, deps: Partial<CorrectionDeps> & Pick<CorrectionDeps, "onError">): () => void {
  const { correct, sleep, now, onError } = { ...DEFAULT_DEPS, ...deps };
  const { editor } = host;
  const log = new ClickLog();
  let seen = 0;
  let busy = false;

  async function answer(frame: number, body: CorrectBody): Promise<CorrectAnswer> {
    const until = now() + NOT_READY_WAIT_MS;
    for (;;) {
      try {
        return await correct(host.sequenceId, frame, body);
      } catch (error) {
        if (!(error instanceof NotReadyError) || now() >= until) throw error;
        await sleep(RETRY_MS);
      }
    }
  }

  async function onClick(point: SegmentPoint): Promise<void> {
    const object = editor.selectedObject;
    const counts = object === 0 ? null : objectCounts(editor, object);
    if (counts === null) return; // no mask to correct: the tool's own behaviour
    busy = true;
    const frame = host.frameIndex();
    const untouched = !editor.historyState.modified;
    const clicks = log.add(frame, object, counts, { x: point.x, y: point.y, positive: point.positive });
    const score = clicks.length === 1 && untouched ? host.prelabelScore(object) : null;
    try {
      const body: CorrectBody = { mask: { size: [editor.height, editor.width], counts }, clicks, ...(score !== null && { confidence: score }) };
      const corrected = await answer(frame, body);
      // Only onto what was corrected: the same frame and the object's mask as it was sent.
      if (host.frameIndex() === frame && objectCounts(editor, object) === counts) {
        editor.replaceObjectMask(object, corrected.mask, "correct");
        log.landed(objectCounts(editor, object) ?? "");
      }
    } catch (error) {
      log.drop();
      onError(error);
    } finally {
      busy = false;
      if (editor.tool === "segment") editor.cancel(); // the click was the correction's, not a prompt to keep
    }
  }

  return editor.on("segment", (state: SegmentState) => {
    const count = state.points.length;
    const added = count > seen && state.box === null && state.scribbles.length === 0;
    seen = count;
    if (added && !busy && editor.tool === "segment") void onClick(state.points[count - 1]);
  });
}
