// Wires the editor's auto-segment requests to POST assets/{id}/segment: debounced, stale requests aborted.
import { useCallback, useEffect, useRef, useState } from "react";
import { ApiError, isAbortError } from "../../api/errors";
import { getJob } from "../../api/jobs";
import { isJobFinished } from "../../api/types";
import { type Editor, type SegmentRequest, hasSegmentPrompts } from "../../editor";
import { BUILT_IN_BACKENDS, GRABCUT, type SegmentBackend, embeddingJobId, listSegmentBackends, segmentAsset } from "./segmentApi";

/** Clicks (or scribbles) in quick succession send one request, with all of them. */
const DEBOUNCE_MS = 120;
/** While a SAM-style embedding is computed (409): how often to look again, and for how long. */
const EMBEDDING_POLL_MS = 1500;
const EMBEDDING_MAX_POLLS = 200;

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
  setBackend(value: string): void;
}

const storageKey = (projectId: number) => `labelplatform.segmentBackend.${projectId}`;

function storedBackend(projectId: number): string {
  try {
    return window.localStorage.getItem(storageKey(projectId)) ?? GRABCUT;
  } catch {
    return GRABCUT;
  }
}

function errorText(error: unknown): string {
  if (error instanceof ApiError) return error.messages().join(" ");
  return error instanceof Error ? error.message : String(error);
}

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener("abort", () => {
      clearTimeout(timer);
      reject(new DOMException("aborted", "AbortError"));
    }, { once: true });
  });

export function useSegment(editor: Editor, projectId: number, assetId: number): SegmentHandle {
  const [backends, setBackends] = useState<readonly SegmentBackend[]>(BUILT_IN_BACKENDS);
  const [backend, setBackendState] = useState(() => storedBackend(projectId));
  const [status, setStatus] = useState<SegmentStatus>({ phase: "idle" });
  const backendRef = useRef(backend);

  useEffect(() => {
    const controller = new AbortController();
    listSegmentBackends(projectId, controller.signal)
      .then((list) => {
        setBackends(list);
        // A remembered model that is gone: back to the built-in backend.
        if (!list.some((b) => b.value === backendRef.current)) {
          backendRef.current = GRABCUT;
          setBackendState(GRABCUT);
        }
      })
      .catch(() => undefined); // GrabCut needs no model list
    return () => controller.abort();
  }, [projectId]);

  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    let controller: AbortController | null = null;
    const stop = () => {
      clearTimeout(timer);
      controller?.abort();
      controller = null;
    };

    const run = async (request: SegmentRequest, signal: AbortSignal) => {
      for (let poll = 0; ; poll++) {
        try {
          const answer = await segmentAsset(assetId, backendRef.current, request, signal);
          if (signal.aborted) return;
          editor.setSegmentProposal(answer.mask, answer.score, request.id);
          setStatus({ phase: "ready", score: answer.score });
          return;
        } catch (error) {
          if (signal.aborted || isAbortError(error)) return;
          if (error instanceof ApiError && error.status === 409 && poll < EMBEDDING_MAX_POLLS) {
            // The model's image embedding is being computed by a job: wait for it, then ask again.
            const jobId = embeddingJobId(error.detail);
            setStatus({ phase: "embedding", jobId });
            await sleep(EMBEDDING_POLL_MS, signal);
            if (jobId !== null) await waitForJob(jobId, signal);
            continue;
          }
          editor.rejectSegmentRequest(request.id);
          setStatus({ phase: "error", message: errorText(error) });
          return;
        }
      }
    };

    const offRequest = editor.on("segmentRequest", (request) => {
      stop();
      setStatus({ phase: "pending" });
      const current = new AbortController();
      controller = current;
      timer = setTimeout(() => void run(request, current.signal).catch(() => undefined), DEBOUNCE_MS);
    });
    const offState = editor.on("segment", (state) => {
      if (state.awaiting) return;
      if (!hasSegmentPrompts(state)) {
        stop(); // Escape, accepted, or tool changed: answers still on their way are of no use
        setStatus({ phase: "idle" });
      } else if (!state.proposal) {
        setStatus({ phase: "idle" }); // only background clicks or scribbles so far
      }
    });
    return () => {
      stop();
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

  return { status, backend, backends, setBackend };
}

/** Poll the embedding job until it finished (either way: the next segment call tells). */
async function waitForJob(jobId: number, signal: AbortSignal): Promise<void> {
  for (let i = 0; i < EMBEDDING_MAX_POLLS; i++) {
    try {
      if (isJobFinished(await getJob(jobId, signal))) return;
    } catch (error) {
      if (isAbortError(error)) throw error;
      return; // cannot read the job: just retry the segment call
    }
    await sleep(EMBEDDING_POLL_MS, signal);
  }
}
