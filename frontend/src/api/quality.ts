// Gold standards, label scores, the quality report and consensus choices (labelplatform/quality).
import { api } from "./client";
import type { Paginated } from "./types";
import type { AssetConsensus, ConsensusAsset, DateRangeQuery, GoldStandard, LabelScore, QualityReport } from "./workflowTypes";

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

/** Consensus assets with all their labels in, lowest agreement first; `needsPick`: only those wanting a pick. */
export function listConsensus(projectId: number, needsPick: boolean, page = 1, signal?: AbortSignal): Promise<Paginated<ConsensusAsset>> {
  return api.get(`/projects/${projectId}/consensus`, { query: { needs_pick: needsPick || undefined, page }, signal });
}

export function getConsensus(assetId: number, signal?: AbortSignal): Promise<AssetConsensus> {
  return api.get(`/assets/${assetId}/consensus`, { signal });
}

/** Make a submitted label (not your own) the asset's answer (reviewers, managers). */
export function pickConsensus(assetId: number, labelId: number): Promise<AssetConsensus> {
  return api.post(`/assets/${assetId}/consensus`, { label: labelId });
}
