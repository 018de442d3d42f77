import { api, apiUrl } from "./client";
import type { Asset, AssetStatus, Label, LabelInput, LabelUpdate, Paginated } from "./types";

export function listAssets(
  projectId: number,
  params: { status?: AssetStatus | ""; page?: number; pageSize?: number },
  signal?: AbortSignal,
): Promise<Paginated<Asset>> {
  return api.get(`/projects/${projectId}/assets`, {
    query: { status: params.status || undefined, page: params.page && params.page > 1 ? params.page : undefined, page_size: params.pageSize },
    signal,
  });
}

export function getAsset(id: number, signal?: AbortSignal): Promise<Asset> {
  return api.get(`/assets/${id}`, { signal });
}

export function assetImageUrl(id: number): string {
  return apiUrl(`/assets/${id}/image`);
}

/** `bust` changes the URL so a retried <img> does not reuse a cached 404. */
export function assetThumbnailUrl(id: number, bust?: number): string {
  return apiUrl(`/assets/${id}/thumbnail`, bust ? { r: bust } : undefined);
}

export function listLabels(assetId: number, signal?: AbortSignal): Promise<Label[] | Paginated<Label>> {
  return api.get(`/assets/${assetId}/labels`, { signal });
}

export function createLabel(assetId: number, body: LabelInput): Promise<Label> {
  return api.post(`/assets/${assetId}/labels`, body);
}

export function getLabel(id: number, signal?: AbortSignal): Promise<Label> {
  return api.get(`/labels/${id}`, { signal });
}

/** 409 (ApiError with body.current) when `revision` is stale. */
export function updateLabel(id: number, body: LabelUpdate): Promise<Label> {
  return api.put(`/labels/${id}`, body);
}

/** Lists that may or may not be paginated. */
export function resultsOf<T>(data: T[] | Paginated<T>): T[] {
  return Array.isArray(data) ? data : data.results;
}
