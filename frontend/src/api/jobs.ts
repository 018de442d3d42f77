import { api } from "./client";
import type { Job } from "./types";

export function getJob(id: number, signal?: AbortSignal): Promise<Job> {
  return api.get(`/jobs/${id}`, { signal });
}
