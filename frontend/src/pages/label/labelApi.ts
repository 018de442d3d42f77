// REST calls the labeling page makes beyond src/api/: predictions, queue, image bytes, asset order.
import { resultsOf } from "../../api/assets";
import { api, apiUrl } from "../../api/client";
import { ApiError, networkError } from "../../api/errors";
import type { Asset, Paginated, Rle } from "../../api/types";

export interface PredictionObject {
  class: number;
  mask: Rle;
  score?: number | null;
  /** On frames of a sequence: the object's track. */
  track?: number;
}

/** GET assets/{id}/predictions: newest first, `source` "trained", "onnx:<id>", "http:<id>", "import", … */
export interface Prediction {
  id?: number;
  created_at?: string;
  source?: string;
  model_version?: string;
  /** Mean object score: the model's confidence for the asset. */
  score?: number | null;
  objects: PredictionObject[];
}

/** Model pre-labels; an absent endpoint (404) means none. */
export async function listPredictions(assetId: number, signal?: AbortSignal): Promise<Prediction[]> {
  try {
    const data = await api.get<Prediction[] | Paginated<Prediction>>(`/assets/${assetId}/predictions`, { signal });
    return data ? resultsOf(data).filter((p) => Array.isArray(p?.objects)) : [];
  } catch (error) {
    if (error instanceof ApiError && (error.status === 404 || error.status === 405)) return [];
    throw error;
  }
}

export interface QueueItem {
  asset: Asset;
  claim: { id: number; expires_at: string };
  stage: "label" | "review";
}

/** The next item of the project's queue; null when empty (204); "unavailable" while the endpoint is missing. */
export async function queueNext(projectId: number): Promise<QueueItem | null | "unavailable"> {
  try {
    const item = await api.post<QueueItem | null>(`/projects/${projectId}/queue/next`);
    return item && item.asset ? item : null;
  } catch (error) {
    if (error instanceof ApiError && (error.status === 404 || error.status === 405)) return "unavailable";
    throw error;
  }
}

/** The image bytes decoded off the main thread. */
export async function fetchImageBitmap(assetId: number, signal?: AbortSignal): Promise<ImageBitmap> {
  let resp: Response;
  try {
    resp = await fetch(apiUrl(`/assets/${assetId}/image`), { credentials: "same-origin", signal });
  } catch (error) {
    if (error instanceof DOMException && error.name === "AbortError") throw error;
    throw networkError(error);
  }
  if (!resp.ok) throw new ApiError(resp.status, await resp.text().catch(() => null), resp.statusText);
  return createImageBitmap(await resp.blob());
}

const ID_PAGE_SIZE = 500; // the API's max page size: few requests even for large projects
const idCache = new Map<number, Promise<number[]>>();

/** Asset ids of a project in id order (cached for the session; the list only grows by uploads). */
export function projectAssetIds(projectId: number): Promise<number[]> {
  let ids = idCache.get(projectId);
  if (!ids) {
    ids = fetchAllIds(projectId);
    ids.catch(() => idCache.delete(projectId));
    idCache.set(projectId, ids);
  }
  return ids;
}

async function fetchAllIds(projectId: number): Promise<number[]> {
  const ids: number[] = [];
  for (let page = 1; ; page++) {
    const data = await api.get<Paginated<Asset>>(`/projects/${projectId}/assets`, { query: { page, page_size: ID_PAGE_SIZE } });
    ids.push(...data.results.map((a) => a.id));
    if (!data.next) return ids;
  }
}

/** The neighbours of `current` in id order. */
export function neighbourIds(ids: readonly number[], current: number): { previous: number | null; next: number | null } {
  const sorted = [...ids].sort((a, b) => a - b);
  const previous = [...sorted].reverse().find((id) => id < current) ?? null;
  const next = sorted.find((id) => id > current) ?? null;
  return { previous, next };
}
