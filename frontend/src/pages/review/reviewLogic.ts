// Pure helpers of the review page: lease renewal timing, what an error means to a reviewer, draft pins.
import { ApiError, errorMessages } from "../../api/errors";
import type { Pin, QueueFrame, ReviewInput } from "../../api/workflowTypes";

const MIN_HEARTBEAT_MS = 10_000;
const MAX_HEARTBEAT_MS = 5 * 60_000;

/** Renew a lease at a third of its remaining time (so two beats may fail before it lapses). */
export function heartbeatDelay(expiresAt: string, now: number = Date.now()): number {
  const left = Date.parse(expiresAt) - now;
  if (!Number.isFinite(left)) return MIN_HEARTBEAT_MS;
  return Math.max(MIN_HEARTBEAT_MS, Math.min(MAX_HEARTBEAT_MS, Math.floor(left / 3)));
}

export type ErrorContext = "claim" | "review" | "heartbeat" | "skip";

/** One sentence for the reviewer; the server's own words when we have nothing better. */
export function explainError(error: unknown, context: ErrorContext): string {
  const server = errorMessages(error).join(" ");
  if (!(error instanceof ApiError)) return server;
  if (error.status === 0) return `The server could not be reached. ${server}`;
  if (error.status === 403) {
    if (context === "claim") return `You may not review in this project: only reviewers and managers review. (${server})`;
    if (context === "review") return `You cannot review this label: ${server}.`;
    return `This item is not yours any more: ${server}.`;
  }
  if (error.status === 409) {
    if (context === "review") return `This label cannot be reviewed now: ${server}. Take the next item.`;
    return `Your claim on this item ended or expired (someone else may have it now): ${server}. Take the next item.`;
  }
  if (error.status === 404) return `This item no longer exists: ${server}.`;
  return server;
}

/** A rejection must say what to fix: a comment or at least one pin. */
export function rejectionProblem(comment: string, pins: readonly Pin[]): string | null {
  return comment.trim() || pins.length > 0 ? null : "Say what to fix: write a comment or click on the image to place a pin.";
}

export function reviewBody(decision: "accept" | "reject", comment: string, pins: readonly Pin[]): ReviewInput {
  if (decision === "accept") return comment.trim() ? { decision, comment: comment.trim() } : { decision };
  return { decision, comment: comment.trim(), pins: pins.map((p) => ({ x: p.x, y: p.y, text: p.text.trim() })) };
}

/** The review toolbar's words for a frame of a sequence: where it is and how sure propagation was. */
export function frameSummary(frame: QueueFrame): string {
  // Counted from 1, as the sequence editor's "Frame N / M" and the labeling page's "Frame N of ...": the API's index is from 0.
  const where = `${frame.sequence_name} · frame ${frame.index + 1}`;
  return frame.confidence === null ? where : `${where} · confidence ${Math.round(frame.confidence * 100)}%`;
}
