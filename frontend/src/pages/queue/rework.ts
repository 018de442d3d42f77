// Rework waiting for one labeler: their labels whose newest review rejected them, on images still in rework.
import { listAssets } from "../../api/assets";
import type { ProjectReview } from "../../api/workflowTypes";
import { listProjectReviews } from "../../api/workflow";

/** The images whose rework waits for `userId`, from the project's reviews and its images in `rework`. */
export function reworkAssetIds(reviews: readonly ProjectReview[], reworkAssets: ReadonlySet<number>, userId: number): number[] {
  const newest = new Map<number, ProjectReview>();
  for (const r of reviews) {
    const seen = newest.get(r.label);
    if (!seen || r.id > seen.id) newest.set(r.label, r);
  }
  const out = new Set<number>();
  for (const r of newest.values()) {
    if (r.author.id === userId && r.decision === "reject" && reworkAssets.has(r.asset)) out.add(r.asset);
  }
  return [...out].sort((a, b) => a - b);
}

// One page of each is enough for a badge: a labeler with more than this much rework waiting sees "500+".
export const REWORK_PAGE = 500;

export async function loadReworkWaiting(projectId: number, user: { id: number; username: string }, signal: AbortSignal): Promise<{ assets: number[]; more: boolean }> {
  const [reviews, rework] = await Promise.all([
    listProjectReviews(projectId, { author: user.username, page_size: REWORK_PAGE }, signal),
    listAssets(projectId, { status: "rework", pageSize: REWORK_PAGE }, signal),
  ]);
  const assets = reworkAssetIds(reviews.results, new Set(rework.results.map((a) => a.id)), user.id);
  return { assets, more: !!reviews.next || !!rework.next };
}
