// Which of the auto-segment bar's two status texts to show: while the image's embedding is computed, the
// decoder's "preparing… (job N)" and the click's "Preparing the model (job N)…" name the same job.
import type { BrowserDecoderState } from "./useBrowserDecoder";
import type { SegmentStatus } from "./useSegment";

/** False while the click's status already says the model is being prepared. */
export function showDecoderText(decoder: Pick<BrowserDecoderState, "phase">, status: Pick<SegmentStatus, "phase">): boolean {
  return !(decoder.phase === "preparing" && status.phase === "embedding");
}
