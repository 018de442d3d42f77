// REST calls of the sequence pages: sequences, upload (video or zip of frames), propagation.
import { resultsOf } from "../api/assets";
import { api } from "../api/client";
import type { Job, Paginated } from "../api/types";
import { postMultipartOk, type UploadProgress } from "../api/upload";
import type { RepropagateAnswer } from "./carryOn";
import type { TrackEdit, TrackInfo } from "./tracks";

/** A frame of a sequence: its position and the asset holding its image; extra fields the server may add are optional. */
export interface SequenceFrame {
  readonly index: number;
  readonly asset: number;
  /** Someone saved a label on the frame (draft or submitted). */
  readonly labeled?: boolean;
  readonly submitted?: boolean;
  /** The newest prediction's confidence (a propagated frame), 0..1. */
  readonly score?: number | null;
  readonly thumbnail_ready?: boolean;
}

export interface SequenceTrack {
  readonly track: number;
  readonly class?: number | null;
  readonly name?: string;
  readonly attributes?: Record<string, unknown>;
  readonly labeled_frames?: number;
  readonly first?: number | null;
  readonly last?: number | null;
}

export interface Sequence {
  readonly id: number;
  readonly name: string;
  readonly project?: number;
  readonly fps?: number | null;
  readonly width?: number | null;
  readonly height?: number | null;
  readonly status?: string;
  /** Why decoding failed (status "failed"). */
  readonly error?: string;
  readonly frame_count?: number;
  readonly frames: readonly SequenceFrame[];
  readonly tracks: readonly SequenceTrack[];
}

/** The list shows sequences without their frames. */
export type SequenceSummary = Omit<Sequence, "frames" | "tracks"> & Partial<Pick<Sequence, "frames" | "tracks">>;

type RawFrame = Omit<Partial<SequenceFrame>, "index" | "asset"> & { index?: unknown; asset?: unknown; asset_id?: unknown };

function assetIdOf(frame: RawFrame): number {
  const asset = frame.asset ?? frame.asset_id;
  if (typeof asset === "number") return asset;
  if (asset && typeof asset === "object" && typeof (asset as { id?: unknown }).id === "number") return (asset as { id: number }).id;
  throw new Error(`frame ${String(frame.index)} names no asset`);
}

/** Frames in index order with the asset as an id (the server may nest the asset). */
export function normalizeSequence(raw: Sequence): Sequence {
  const frames = [...(raw.frames as readonly RawFrame[])]
    .map((f, position) => ({ ...f, index: typeof f.index === "number" ? f.index : position, asset: assetIdOf(f) }))
    .sort((a, b) => a.index - b.index);
  return { ...raw, frames, tracks: raw.tracks ?? [] };
}

export async function listSequences(projectId: number, signal?: AbortSignal): Promise<SequenceSummary[]> {
  const data = await api.get<SequenceSummary[] | Paginated<SequenceSummary>>(`/projects/${projectId}/sequences`, { signal });
  return data ? resultsOf(data) : [];
}

/** Which sequence an asset is a frame of (GET assets/{id}/frame): `index` from 0 as the API counts, `position`
 * from 1 among the frames the caller may see, as the sequence editor's ?frame= and "Frame N / M" count. */
export interface FramePlace {
  readonly sequence: number;
  readonly sequence_name: string;
  readonly index: number;
  readonly position: number;
  readonly frames: number;
}

/** The asset's place in its sequence; null for an image of no sequence (the server answers nulls). */
export async function getFramePlace(assetId: number, signal?: AbortSignal): Promise<FramePlace | null> {
  const place = await api.get<FramePlace | { sequence: null }>(`/assets/${assetId}/frame`, { signal });
  return place.sequence === null ? null : (place as FramePlace);
}

export async function getSequence(id: number, signal?: AbortSignal): Promise<Sequence> {
  return normalizeSequence(await api.get<Sequence>(`/sequences/${id}`, { signal }));
}

/**
 * The job in an answer that starts one: the job itself, `{job: <job>}`, or
 * `{job: <id>}` / `{job_id: <id>}` beside the created object.
 */
export function jobOfAnswer(body: unknown): { id: number; job?: Job } | null {
  if (!body || typeof body !== "object") return null;
  const b = body as Record<string, unknown>;
  if (typeof b.kind === "string" && typeof b.id === "number" && typeof b.status === "string") return { id: b.id, job: b as unknown as Job };
  const job = b.job;
  if (job && typeof job === "object" && typeof (job as { id?: unknown }).id === "number") return { id: (job as Job).id, job: job as Job };
  if (typeof job === "number") return { id: job };
  if (typeof b.job_id === "number") return { id: b.job_id };
  return null;
}

/** POST projects/{id}/sequences (multipart `file`, optional `name`): 202 with the decoding job. */
export async function uploadSequence(
  projectId: number,
  file: File,
  name: string,
  onProgress: (p: UploadProgress) => void,
  signal?: AbortSignal,
): Promise<{ id: number; job?: Job }> {
  const form = new FormData();
  form.append("file", file);
  if (name.trim()) form.append("name", name.trim());
  const job = jobOfAnswer(await postMultipartOk(`/projects/${projectId}/sequences`, form, onProgress, signal));
  if (!job) throw new Error("the server started no decoding job");
  return job;
}

export interface PropagateRequest {
  readonly from: number;
  readonly to?: number;
  readonly tracks?: readonly number[];
}

/** POST sequences/{id}/propagate: a job; its results land as predictions on the frames. */
export async function propagate(sequenceId: number, body: PropagateRequest): Promise<{ id: number; job?: Job }> {
  const answer = await api.post<unknown>(`/sequences/${sequenceId}/propagate`, body);
  const job = jobOfAnswer(answer);
  if (!job) throw new Error("the server started no propagation job");
  return job;
}

/** POST sequences/{id}/frames/{index}/repropagate: after a save, the corrected tracks carried on (0-2 jobs). */
export async function repropagate(sequenceId: number, frameIndex: number, keyframes = true): Promise<RepropagateAnswer> {
  const answer = await api.post<RepropagateAnswer>(`/sequences/${sequenceId}/frames/${frameIndex}/repropagate`, { keyframes });
  return answer ?? { tracks: [], jobs: [], reason: "" };
}

/** GET sequences/{id}/tracks: the track rows and the tracks the current labels use. */
export async function listTracks(sequenceId: number, signal?: AbortSignal): Promise<TrackInfo[]> {
  return (await api.get<TrackInfo[]>(`/sequences/${sequenceId}/tracks`, { signal })) ?? [];
}

/** PUT sequences/{id}/tracks/{track}: the track's class, name and attributes (all three replaced). */
export async function saveTrack(sequenceId: number, track: number, body: TrackEdit): Promise<TrackInfo> {
  const saved = await api.put<TrackInfo>(`/sequences/${sequenceId}/tracks/${track}`, body);
  if (!saved) throw new Error(`the server answered no track ${track}`);
  return saved;
}
