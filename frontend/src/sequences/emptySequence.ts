// What the sequence page says when it has no frame to show.
import type { Sequence } from "./api";

/** Why a sequence shows no frames: still decoding, failed, or (a ready one) none of them is yours to see. */
export function emptyReason(sequence: Pick<Sequence, "status" | "frame_count" | "error">): string {
  if (sequence.status === "failed") return `This sequence could not be decoded${sequence.error ? `: ${sequence.error}` : ""}.`;
  if (sequence.status === "ready" && (sequence.frame_count ?? 0) > 0) {
    return "You see none of this sequence's frames: in this project labelers see only the images they are given. Take its frames from the queue (Start labeling).";
  }
  return "This sequence has no frames yet: its decoding job may still be running (see the project's jobs).";
}
