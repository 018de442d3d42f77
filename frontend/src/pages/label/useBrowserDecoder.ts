// Prepares the browser decoder for a built-in SAM-family backend once the auto-segment tool is picked:
// the asset's embedding (GET assets/{id}/embedding, waiting while a worker computes it) and the decoder
// session. useSegment answers requests with it and falls back to the server when it fails.
import { useEffect, useRef, useState } from "react";
import { isAbortError } from "../../api/errors";
import type { Editor } from "../../editor";
import { samDecoder } from "../../sam/workerDecoder";
import { cachedEmbedding } from "../../sam/embeddings";
import { LocalSegmenter } from "../../sam/localSegmenter";
import type { SegmentBackend } from "./segmentApi";

export type BrowserDecoderState =
  /** The backend has no browser decoder: the server computes every mask. */
  | { readonly phase: "off" }
  /** Waiting for the auto-segment tool before loading anything. */
  | { readonly phase: "idle" }
  | { readonly phase: "preparing"; readonly jobId: number | null }
  | { readonly phase: "ready" }
  /** Loading or decoding failed: the server answers instead. */
  | { readonly phase: "failed"; readonly message: string };

export interface BrowserDecoder {
  /** The backend it decodes for ("" when none). */
  readonly backend: string;
  readonly state: BrowserDecoderState;
  /** The segmenter while it loads or is ready; null when off or failed. */
  readonly segmenter: { readonly current: Promise<LocalSegmenter> | null };
  /** A request failed in the browser: stop using it for this asset. */
  fail(message: string): void;
}

export function useBrowserDecoder(editor: Editor, assetId: number, backend: SegmentBackend | undefined): BrowserDecoder {
  const browser = backend?.browser;
  const backendName = backend?.value ?? "";
  const [state, setState] = useState<BrowserDecoderState>({ phase: browser ? "idle" : "off" });
  const segmenter = useRef<Promise<LocalSegmenter> | null>(null);

  useEffect(() => {
    segmenter.current = null;
    if (!browser) {
      setState({ phase: "off" });
      return;
    }
    setState({ phase: "idle" });
    const controller = new AbortController();
    let started = false;
    const start = () => {
      if (started) return;
      started = true;
      setState({ phase: "preparing", jobId: null });
      const loading = (async () => {
        const embedding = await cachedEmbedding(assetId, backendName, controller.signal, (jobId) => setState({ phase: "preparing", jobId }));
        const decoder = await samDecoder(browser.decoder, browser.config, embedding.shape);
        return new LocalSegmenter(decoder, embedding, editor.width, editor.height);
      })();
      segmenter.current = loading;
      loading.then(
        () => !controller.signal.aborted && setState({ phase: "ready" }),
        (error: unknown) => {
          if (controller.signal.aborted || isAbortError(error)) return;
          segmenter.current = null;
          setState({ phase: "failed", message: error instanceof Error ? error.message : String(error) });
        },
      );
    };
    // Nothing is loaded (and no embedding job started) until someone picks the tool.
    if (editor.tool === "segment") start();
    const off = editor.on("tool", (tool) => tool.tool === "segment" && start());
    return () => {
      off();
      controller.abort();
      segmenter.current = null;
    };
  }, [editor, assetId, backendName, browser]);

  const fail = (message: string) => {
    segmenter.current = null;
    setState({ phase: "failed", message });
  };
  return { backend: browser ? backendName : "", state, segmenter, fail };
}
