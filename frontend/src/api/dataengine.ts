// The data engine's state (labelplatform/dataengine): versions, synthetic assets, per-class acceptance.
import { api } from "./client";

export interface ClassAcceptance {
  class: number;
  kept: number;
  changed: number;
  deleted: number;
  added: number;
  kept_rate: number | null;
}

export interface EngineState {
  versions: { version: number; things: number[]; classes: number[]; labels_used: number; synthetic_used: number }[];
  synthetic_assets: number;
  acceptance_by_class: ClassAcceptance[];
}

export function getEngineState(projectId: number, signal?: AbortSignal): Promise<EngineState> {
  return api.get(`/projects/${projectId}/dataengine`, { signal });
}
