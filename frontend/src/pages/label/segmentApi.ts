// REST calls of the auto-segment tool: POST assets/{id}/segment and the SAM-style models of the project.
import { api } from "../../api/client";
import type { Rle } from "../../api/types";
import type { SegmentRequest } from "../../editor";

export const GRABCUT = "grabcut";

export interface SegmentBackend {
  /** What POST segment takes as `backend`: "grabcut" or "onnx:<model id>". */
  readonly value: string;
  readonly label: string;
}

export const BUILT_IN_BACKENDS: readonly SegmentBackend[] = [{ value: GRABCUT, label: "GrabCut (built in)" }];

export interface SegmentAnswer {
  mask: Rle;
  score: number;
}

/**
 * The editor's request as the endpoint's body (all prompts so far, in image
 * pixels). Scribbles arrive already thinned and within the backend's limits
 * (at most MAX_SCRIBBLES, each at most MAX_SCRIBBLE_POINTS points, radius 0.5..100).
 */
export function segmentBody(backend: string, request: SegmentRequest): Record<string, unknown> {
  const body: Record<string, unknown> = { backend, points: request.points.map((p) => [...p]) };
  if (request.box) body.box = [...request.box];
  if (request.scribbles && request.scribbles.length > 0) {
    body.scribbles = request.scribbles.map((s) => ({ points: s.points.map((p) => [...p]), label: s.label, radius: s.radius }));
  }
  return body;
}

export function segmentAsset(assetId: number, backend: string, request: SegmentRequest, signal: AbortSignal): Promise<SegmentAnswer> {
  return api.post<SegmentAnswer>(`/assets/${assetId}/segment`, segmentBody(backend, request), { signal });
}

/** A registered model as GET projects/{id}/models lists it. */
export interface RegisteredModel {
  id: number;
  backend: string;
  name: string;
  kind: string;
  /** "sam" or "semantic" for ONNX models (the checked config's type), "http" for model servers. */
  type: string;
}

/** Only an ONNX encoder + decoder pair (config type "sam") can answer box and click prompts. */
export function samBackends(registered: readonly RegisteredModel[]): SegmentBackend[] {
  return registered
    .filter((m) => m.kind === "onnx" && m.type === "sam")
    .map((m) => ({ value: m.backend || `onnx:${m.id}`, label: `${m.name} (SAM-style)` }));
}

/** GrabCut plus the project's SAM-style models. */
export async function listSegmentBackends(projectId: number, signal: AbortSignal): Promise<SegmentBackend[]> {
  const data = await api.get<{ registered?: RegisteredModel[] }>(`/projects/${projectId}/models`, { signal });
  return [...BUILT_IN_BACKENDS, ...samBackends(data?.registered ?? [])];
}

/** "… being computed by job 12 …" -> 12 (the 409 while a SAM-style embedding is computed). */
export function embeddingJobId(detail: string): number | null {
  const match = /job (\d+)/.exec(detail);
  return match ? Number(match[1]) : null;
}
