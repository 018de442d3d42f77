// Gold standards, label scores and the quality report (labelplatform/quality).
import { api } from "./client";
import type { DateRangeQuery, GoldStandard, LabelScore, QualityReport } from "./workflowTypes";

export function getQualityReport(projectId: number, range: DateRangeQuery, signal?: AbortSignal): Promise<QualityReport> {
  return api.get(`/projects/${projectId}/quality`, { query: { from: range.from, to: range.to }, signal });
}

/** Managers only. */
export function listGold(projectId: number, signal?: AbortSignal): Promise<GoldStandard[]> {
  return api.get(`/projects/${projectId}/gold`, { signal });
}

/** Make a submitted label of the asset its gold reference (managers). */
export function setGold(assetId: number, labelId: number): Promise<GoldStandard> {
  return api.post(`/assets/${assetId}/gold`, { label: labelId });
}

export function removeGold(assetId: number): Promise<null> {
  return api.delete(`/assets/${assetId}/gold`);
}

export function listLabelScores(labelId: number, signal?: AbortSignal): Promise<LabelScore[]> {
  return api.get(`/labels/${labelId}/scores`, { signal });
}
