import { api } from "./client";
import type { Job } from "./types";

export function getJob(id: number, signal?: AbortSignal): Promise<Job> {
  return api.get(`/jobs/${id}`, { signal });
}

/** Cancel a queued or running job (its creator or a manager); a running one stops at its next progress update. */
export function cancelJob(id: number): Promise<Job> {
  return api.post(`/jobs/${id}/cancel`);
}

/** Run a failed or cancelled job again; 503 while the job queue is unreachable. */
export function retryJob(id: number): Promise<Job> {
  return api.post(`/jobs/${id}/retry`);
}

/** Resolves after `ms`, or rejects with an AbortError when `signal` aborts first. */
export function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    if (signal.aborted) return reject(new DOMException("aborted", "AbortError"));
    const timer = setTimeout(resolve, ms);
    signal.addEventListener("abort", () => {
      clearTimeout(timer);
      reject(new DOMException("aborted", "AbortError"));
    }, { once: true });
  });
}
