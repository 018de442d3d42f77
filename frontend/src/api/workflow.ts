// Queue, claims, reviews and people stats (labelplatform/workflow).
import { api } from "./client";
import type { Paginated } from "./types";
import type { Claim, DateRangeQuery, Decision, ProjectReview, ProjectStats, QueueItem, QueueSummary, Review, ReviewInput, Stage } from "./workflowTypes";

/** Claim the next item; null when there is nothing for you (204). */
export async function queueNext(projectId: number, stage?: Stage): Promise<QueueItem | null> {
  const item = await api.post<QueueItem | null>(`/projects/${projectId}/queue/next`, undefined, { query: { stage } });
  return item && item.asset ? item : null;
}

export function getQueueSummary(projectId: number, signal?: AbortSignal): Promise<QueueSummary> {
  return api.get(`/projects/${projectId}/queue`, { signal });
}

/** Managers only: the project's open claims. */
export function listOpenClaims(projectId: number, signal?: AbortSignal): Promise<Claim[]> {
  return api.get(`/projects/${projectId}/claims`, { signal });
}

/** Renew a lease; 409 when it already ended or expired, 403 for anyone but the holder. */
export function heartbeatClaim(claimId: number): Promise<Claim> {
  return api.post(`/claims/${claimId}/heartbeat`);
}

export function releaseClaim(claimId: number): Promise<Claim> {
  return api.post(`/claims/${claimId}/release`);
}

export function skipClaim(claimId: number, reason: string): Promise<Claim> {
  return api.post(`/claims/${claimId}/skip`, { reason });
}

export function submitReview(labelId: number, body: ReviewInput): Promise<Review> {
  return api.post(`/labels/${labelId}/review`, body);
}

export function listReviews(labelId: number, signal?: AbortSignal): Promise<Review[]> {
  return api.get(`/labels/${labelId}/reviews`, { signal });
}

export function getProjectStats(projectId: number, range: DateRangeQuery, signal?: AbortSignal): Promise<ProjectStats> {
  return api.get(`/projects/${projectId}/stats`, { query: { from: range.from, to: range.to }, signal });
}

/** GET projects/{id}/reviews: newest first, with the label's asset and author; labelers get those on their own labels. */
export function listProjectReviews(
  projectId: number,
  query: { decision?: Decision; author?: string; page_size?: number },
  signal?: AbortSignal,
): Promise<Paginated<ProjectReview>> {
  return api.get(`/projects/${projectId}/reviews`, { query, signal });
}
