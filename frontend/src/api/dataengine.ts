// The data engine's state (labelplatform/dataengine): versions, synthetic assets, per-class acceptance.
import { api } from "./client";
import type { Job } from "./types";

export interface ClassAcceptance {
  class: number;
  kept: number;
  changed: number;
  deleted: number;
  added: number;
  kept_rate: number | null;
}

export interface EngineState {
  versions: { version: number; things: number[]; classes: number[]; labels_used: number; synthetic_used: number; created_at: string }[];
  synthetic_assets: number;
  acceptance_by_class: ClassAcceptance[];
}

export function getEngineState(projectId: number, signal?: AbortSignal): Promise<EngineState> {
  return api.get(`/projects/${projectId}/dataengine`, { signal });
}

/** Managers: train a new version on the project's submitted labels (and its synthetic ones). */
export function trainEngine(projectId: number): Promise<Job> {
  return api.post(`/projects/${projectId}/dataengine/train`, {});
}

/** Managers: pre-label the real images without a submitted label with the newest version. */
export function prelabelWithEngine(projectId: number): Promise<Job> {
  return api.post(`/projects/${projectId}/dataengine/prelabel`, {});
}
