import type { BucketSource, SyncResult } from "../../api/buckets";
import { isJobFinished } from "../../api/types";

/** Whether the source's last sync is still queued or running (the panel polls until it ends). */
export function syncInFlight(source: Pick<BucketSource, "last_sync">): boolean {
  return source.last_sync !== null && !isJobFinished(source.last_sync);
}

/** One line on the source's last sync: what it registered and skipped, or why it failed. */
export function syncSummary(source: Pick<BucketSource, "last_sync">): string {
  const job = source.last_sync;
  if (job === null) return "never synced";
  if (job.status === "queued") return "sync queued";
  if (job.status === "running") {
    return job.progress.total > 0 ? `syncing: ${job.progress.done} of ${job.progress.total} new` : "listing the bucket";
  }
  if (job.status === "failed") return `failed: ${job.error ?? "unknown error"}`;
  if (job.status === "cancelled") return "cancelled";
  const result = job.result as SyncResult | null;
  if (!result) return "synced";
  const parts = [`${result.registered} new`];
  if (result.skipped) parts.push(`${result.skipped} skipped`);
  if (result.not_images) parts.push(`${result.not_images} not images`);
  if (result.missing) parts.push(`${result.missing} missing`);
  if (result.changed) parts.push(`${result.changed} changed`);
  if (result.capped) parts.push("more to come (capped)");
  if (!result.complete) parts.push("listing cut short");
  return `${parts.join(", ")} of ${result.listed} listed`;
}
