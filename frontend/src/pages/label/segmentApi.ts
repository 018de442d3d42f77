// REST calls of the auto-segment tool: POST assets/{id}/segment, the built-in models (GET prelabel/builtin)
// and the SAM-style models of the project.
import { api } from "../../api/client";
import type { Rle } from "../../api/types";
import type { SegmentRequest } from "../../editor";
import type { DecoderFile } from "../../sam/decoder";
import type { SamConfig } from "../../sam/protocol";

export const GRABCUT = "grabcut";

export interface SegmentBackend {
  /** What POST segment takes as `backend`: "grabcut", a built-in model's name or "onnx:<model id>". */
  readonly value: string;
  readonly label: string;
  /** A built-in SAM-family model the browser can decode (its decoder file and config). */
  readonly browser?: BrowserModel;
}

export interface BrowserModel {
  readonly decoder: DecoderFile;
  readonly config: SamConfig;
  readonly version: string;
}

/** One built-in model as GET prelabel/builtin lists it. */
export interface BuiltinModel {
  name: string;
  backend: string;
  installed: boolean;
  reason?: string;
  version?: string;
  config?: SamConfig;
  decoder?: DecoderFile;
}

export interface BuiltinModels {
  default_segment_backend: string;
  models: BuiltinModel[];
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

/** The mask; NotReadyError (a 202 naming the job) while a worker computes the model's image embedding. */
export function segmentAsset(assetId: number, backend: string, request: SegmentRequest, signal: AbortSignal): Promise<SegmentAnswer> {
  return api.post<SegmentAnswer>(`/assets/${assetId}/segment`, segmentBody(backend, request), { signal, computed: true });
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

/** The installed built-in models; those with SAM's low-res decoder can run in the browser. */
export function builtinBackends(builtin: BuiltinModels): SegmentBackend[] {
  return builtin.models
    .filter((m) => m.installed)
    .map((m) => {
      const browser = m.decoder && m.config?.decoder.low_res ? { decoder: m.decoder, config: m.config, version: m.version ?? "" } : undefined;
      return { value: m.backend, label: `${displayName(m.name)} (built in)`, ...(browser ? { browser } : {}) };
    });
}

const displayName = (name: string) => (name === "mobilesam" ? "MobileSAM" : name);

export interface SegmentBackends {
  readonly backends: SegmentBackend[];
  /** The server's default: MobileSAM when installed, else GrabCut. */
  readonly defaultBackend: string;
}

/** GrabCut, the installed built-in models and the project's SAM-style models. */
export async function listSegmentBackends(projectId: number, signal: AbortSignal): Promise<SegmentBackends> {
  const [registered, builtin] = await Promise.all([
    api.get<{ registered?: RegisteredModel[] }>(`/projects/${projectId}/models`, { signal }).catch(() => ({ registered: [] })),
    api.get<BuiltinModels>("/prelabel/builtin", { signal }).catch(() => ({ default_segment_backend: GRABCUT, models: [] })),
  ]);
  const backends = [...BUILT_IN_BACKENDS, ...builtinBackends(builtin), ...samBackends(registered?.registered ?? [])];
  const defaultBackend = backends.some((b) => b.value === builtin.default_segment_backend) ? builtin.default_segment_backend : GRABCUT;
  return { backends, defaultBackend };
}
