// Answers the editor's auto-segment requests: in the browser when the backend is a built-in SAM-family model
// whose decoder loaded (no round trip, no debounce), else with POST assets/{id}/segment (debounced, stale
// requests aborted). A browser decoder that fails hands over to the server for the rest of the page.
import { useCallback, useEffect, useRef, useState } from "react";
import { ApiError, NotReadyError, isAbortError } from "../../api/errors";
import { abortableSleep } from "../../api/jobs";
import { type Editor, type SegmentHover, type SegmentRequest, hasSegmentPrompts } from "../../editor";
import { EMBEDDING_MAX_POLLS, EMBEDDING_POLL_MS } from "../../sam/embeddings";
import type { LocalSegmenter } from "../../sam/localSegmenter";
import { type BrowserDecoderState, useBrowserDecoder } from "./useBrowserDecoder";
import { BackendGate } from "./backendGate";
import { BUILT_IN_BACKENDS, GRABCUT, type SegmentBackend, listSegmentBackends, segmentAsset } from "./segmentApi";

/** Clicks (or scribbles) in quick succession send one request to the server, with all of them. */
const DEBOUNCE_MS = 120;
/**
 * How long the pointer rests on a pixel before the browser decoder runs the click it would make there, ahead
 * of it (a run cannot be stopped once started: passing over the image must not start one per pixel).
 */
export const HOVER_REST_MS = 60;

export type SegmentStatus =
  | { readonly phase: "idle" }
  | { readonly phase: "pending" }
  | { readonly phase: "embedding"; readonly jobId: number | null }
  | { readonly phase: "ready"; readonly score: number }
  | { readonly phase: "error"; readonly message: string };

export interface SegmentHandle {
  readonly status: SegmentStatus;
  readonly backend: string;
  readonly backends: readonly SegmentBackend[];
  /** Where masks are computed: "off" = on the server; otherwise the browser decoder's state. */
  readonly decoder: BrowserDecoderState;
  setBackend(value: string): void;
}

const storageKey = (projectId: number) => `labelplatform.segmentBackend.${projectId}`;

/** The labeler's own choice for this project, if any (else the server's default applies). */
function storedBackend(projectId: number): string | null {
  try {
    return window.localStorage.getItem(storageKey(projectId));
  } catch {
    return null;
  }
}

function errorText(error: unknown): string {
  if (error instanceof ApiError) return error.messages().join(" ");
  return error instanceof Error ? error.message : String(error);
}

export function useSegment(editor: Editor, projectId: number, assetId: number): SegmentHandle {
  const [backends, setBackends] = useState<readonly SegmentBackend[]>(BUILT_IN_BACKENDS);
  const [backend, setBackendState] = useState(() => storedBackend(projectId) ?? GRABCUT);
  const [status, setStatus] = useState<SegmentStatus>({ phase: "idle" });
  const backendRef = useRef(backend);
  const gate = useRef<BackendGate | null>(null);
  gate.current ??= new BackendGate(storedBackend(projectId) !== null);
  const browser = useBrowserDecoder(editor, assetId, backends.find((b) => b.value === backend));
  const browserRef = useRef(browser);
  browserRef.current = browser;

  useEffect(() => {
    const controller = new AbortController();
    listSegmentBackends(projectId, controller.signal)
      .then(({ backends: list, defaultBackend }) => {
        setBackends(list);
        // No choice of their own, or a remembered model that is gone: the server's default.
        const stored = storedBackend(projectId);
        const chosen = stored !== null && list.some((b) => b.value === stored) ? stored : defaultBackend;
        backendRef.current = chosen;
        setBackendState(chosen);
      })
      .catch(() => undefined) // GrabCut needs no model list
      .finally(() => {
        // A click made before the list came is asked again of the backend now known.
        if (!controller.signal.aborted && gate.current?.open()) editor.requestSegment();
      });
    return () => controller.abort();
  }, [editor, projectId]);

  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    let controller: AbortController | null = null;
    const stop = () => {
      clearTimeout(timer);
      controller?.abort();
      controller = null;
    };

    let latest = 0;
    let hoverTimer: ReturnType<typeof setTimeout> | undefined;
    let hovers = 0;

    /** The pointer rests: decode the click it would make, unless a newer hover or a request came since. */
    const prefetch = (body: SegmentHover) => {
      clearTimeout(hoverTimer);
      const local = browserRef.current;
      if (local.state.phase !== "ready" || local.backend !== backendRef.current || !local.segmenter.current) return;
      const segmenter = local.segmenter.current;
      const id = ++hovers;
      hoverTimer = setTimeout(() => {
        segmenter.then((s) => s.prefetch(body, () => hovers === id)).catch(() => undefined); // a click reports failures
      }, HOVER_REST_MS);
    };

    /** In the browser: at once, one decode at a time, skipping requests a newer one replaced. */
    const runLocal = async (request: SegmentRequest, segmenter: Promise<LocalSegmenter>) => {
      const wanted = () => latest === request.id;
      let answer;
      try {
        answer = await (await segmenter).segment(request, wanted);
      } catch (error) {
        if (isAbortError(error) || !wanted()) return;
        // The browser decoder failed: the server answers this request and the next ones.
        browserRef.current.fail(errorText(error));
        const current = new AbortController();
        controller = current;
        await runServer(request, current.signal);
        return;
      }
      if (!answer || !wanted()) return;
      editor.setSegmentProposal(answer.mask, answer.score, request.id);
      setStatus({ phase: "ready", score: answer.score });
    };

    const runServer = async (request: SegmentRequest, signal: AbortSignal) => {
      for (let poll = 0; ; poll++) {
        try {
          const answer = await segmentAsset(assetId, backendRef.current, request, signal);
          if (signal.aborted) return;
          editor.setSegmentProposal(answer.mask, answer.score, request.id);
          setStatus({ phase: "ready", score: answer.score });
          return;
        } catch (error) {
          if (signal.aborted || isAbortError(error)) return;
          if (error instanceof NotReadyError && poll < EMBEDDING_MAX_POLLS) {
            // 202: the model's image embedding is being computed by a job: wait, then ask again (see fetchEmbedding).
            setStatus({ phase: "embedding", jobId: error.jobId });
            await abortableSleep(EMBEDDING_POLL_MS, signal);
            continue;
          }
          editor.rejectSegmentRequest(request.id);
          setStatus({ phase: "error", message: errorText(error) });
          return;
        }
      }
    };

    const offHover = editor.on("segmentHover", prefetch);
    const offRequest = editor.on("segmentRequest", (request) => {
      stop();
      clearTimeout(hoverTimer);
      hovers++; // a prefetch not started yet is of no use to this request
      latest = request.id;
      if (!gate.current?.pass()) {
        setStatus({ phase: "pending" });
        return;
      }
      const local = browserRef.current;
      const segmenter = local.backend === backendRef.current ? local.segmenter.current : null;
      if (segmenter) {
        // Still loading: say so; once ready no status flickers between clicks.
        if (local.state.phase !== "ready") setStatus({ phase: "embedding", jobId: local.state.phase === "preparing" ? local.state.jobId : null });
        void runLocal(request, segmenter);
        return;
      }
      setStatus({ phase: "pending" });
      const current = new AbortController();
      controller = current;
      timer = setTimeout(() => void runServer(request, current.signal).catch(() => undefined), DEBOUNCE_MS);
    });
    const offState = editor.on("segment", (state) => {
      if (state.awaiting) return;
      if (!hasSegmentPrompts(state)) {
        stop(); // Escape, accepted, or tool changed: answers still on their way are of no use
        latest = 0;
        setStatus({ phase: "idle" });
      } else if (!state.proposal) {
        setStatus({ phase: "idle" }); // only background clicks or scribbles so far
      }
    });
    return () => {
      stop();
      clearTimeout(hoverTimer);
      offHover();
      offRequest();
      offState();
    };
  }, [editor, assetId]);

  const setBackend = useCallback(
    (value: string) => {
      backendRef.current = value;
      setBackendState(value);
      try {
        window.localStorage.setItem(storageKey(projectId), value);
      } catch {
        // private mode: the choice lasts for this page only
      }
      editor.requestSegment(); // the same prompts, answered by the new backend
    },
    [editor, projectId],
  );

  return { status, backend, backends, decoder: browser.state, setBackend };
}
