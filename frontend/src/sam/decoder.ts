// The SAM prompt decoder in the browser: onnxruntime-web's WASM backend, its runtime files served by the
// platform (Vite emits them with the build; no CDN). The decoder file is fetched once per version, checked
// against its sha256 and kept in the browser's Cache Storage; one session per version per page.
// Where the server lists the browser's pair (decoder.web: builtin/web_decoder.py), the page runs it instead
// of the whole decoder: a "prepare" model once per embedding (the image-only products of the first attention
// layer, [1, 4096, 384]) and a decoder that takes them and folds its later token-to-image projections into
// their attention, so each click does 7 fewer of its 10 projections of the 4096 image tokens.
import ortWasmUrl from "onnxruntime-web/ort-wasm-simd-threaded.wasm?url";
import ortGlueUrl from "onnxruntime-web/ort-wasm-simd-threaded.mjs?url";
import type { InferenceSession, Tensor } from "onnxruntime-web/wasm";
import { type SamConfig, LOW_RES, type Step, clippedScore, pickCandidate, stepInputs } from "./protocol";

type Ort = typeof import("onnxruntime-web/wasm");

/** The decoder as GET prelabel/builtin describes it. */
export interface DecoderFile {
  readonly url: string;
  readonly sha256: string;
  readonly bytes: number;
  /** The browser's pair made from this decoder, when the server has it. */
  readonly web?: { readonly web: DecoderFile; readonly prepare: DecoderFile };
}

/** The web decoder's extra input: the prepare model's output. */
const PROJECTIONS = "image_projections";

const CACHE_NAME = "labelplatform-models";

let runtime: Promise<Ort> | null = null;

/**
 * onnxruntime-web, loaded on first use (it stays out of the main bundle).
 * Threads only where the page is cross-origin isolated (SharedArrayBuffer);
 * `threads` overrides for measuring.
 */
export function loadRuntime(threads?: number): Promise<Ort> {
  runtime ??= import("onnxruntime-web/wasm").then((ort) => {
    ort.env.wasm.wasmPaths = { wasm: ortWasmUrl, mjs: ortGlueUrl };
    ort.env.wasm.numThreads = threads ?? (globalThis.crossOriginIsolated ? Math.min(4, navigator.hardwareConcurrency || 1) : 1);
    return ort;
  });
  return runtime;
}

async function sha256Hex(bytes: ArrayBuffer): Promise<string | null> {
  if (!globalThis.crypto?.subtle) return null; // not a secure context: the server's ETag still names the version
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
  return [...digest].map((b) => b.toString(16).padStart(2, "0")).join("");
}

/** The decoder's bytes: from Cache Storage when this version was fetched before, else fetched and checked. */
export async function decoderBytes(file: DecoderFile): Promise<ArrayBuffer> {
  const key = `${file.url}?sha256=${file.sha256}`;
  const cache = globalThis.caches ? await caches.open(CACHE_NAME).catch(() => null) : null;
  const cached = await cache?.match(key);
  if (cached) {
    const bytes = await cached.arrayBuffer();
    if (bytes.byteLength === file.bytes) return bytes;
  }
  const resp = await fetch(file.url, { credentials: "same-origin" });
  if (!resp.ok) throw new Error(`the decoder file answered HTTP ${resp.status}`);
  const bytes = await resp.arrayBuffer();
  const digest = await sha256Hex(bytes);
  if (bytes.byteLength !== file.bytes || (digest !== null && digest !== file.sha256)) {
    throw new Error(`the decoder file does not match its checksum (${bytes.byteLength} bytes, sha256 ${digest ?? "unchecked"})`);
  }
  if (cache) {
    // Only this version stays: older decoders of the same URL go.
    for (const old of await cache.keys()) if (old.url.includes(file.url) && !old.url.endsWith(file.sha256)) await cache.delete(old);
    await cache.put(key, new Response(bytes.slice(0), { headers: { "Content-Type": "application/octet-stream" } })).catch(() => undefined);
  }
  return bytes;
}

/** One decoder run's answer: the chosen candidate's 256x256 logits and its score. */
export interface DecoderRun {
  readonly lowRes: Float32Array;
  readonly score: number;
}

export class SamDecoder {
  private readonly noMask = new Float32Array(LOW_RES * LOW_RES);
  private embeddingTensor: { data: Float32Array; tensor: Tensor } | null = null;
  /** The prepare model's output for the last embedding (pair only). */
  private projections: { data: Float32Array; tensor: Tensor } | null = null;
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(
    private readonly ort: Ort,
    private readonly session: InferenceSession,
    private readonly prepareSession: InferenceSession | null,
    readonly config: SamConfig,
  ) {}

  /** A session on the decoder (the pair where listed), warmed with one run (a session's first run is several times slower). */
  static async create(file: DecoderFile, config: SamConfig, embeddingShape: readonly number[]): Promise<SamDecoder> {
    const ort = await loadRuntime();
    const options: InferenceSession.SessionOptions = { executionProviders: ["wasm"], graphOptimizationLevel: "all" };
    const open = async (f: DecoderFile) => ort.InferenceSession.create(new Uint8Array(await decoderBytes(f)), options);
    const [session, prepare] = await Promise.all([open(file.web?.web ?? file), file.web ? open(file.web.prepare) : null]);
    const decoder = new SamDecoder(ort, session, prepare, config);
    const zeros = new Float32Array(embeddingShape.reduce((a, b) => a * b, 1));
    await decoder.run(zeros, embeddingShape, { points: [[0, 0, 1]], multimask: true, key: "warm-up" }, 1, 1, null);
    return decoder;
  }

  /** The embedding's image-only work, done before its first click (the pair's prepare model; nothing otherwise). */
  prepare(embedding: Float32Array, shape: readonly number[]): Promise<void> {
    const next = this.queue.then(() => this.projectionsOf(embedding, shape)).then(() => undefined);
    this.queue = next.catch(() => undefined);
    return next;
  }

  /** One run of SAM's decoder; runs on one session go one at a time. */
  run(embedding: Float32Array, shape: readonly number[], step: Step, height: number, width: number, previous: Float32Array | null): Promise<DecoderRun> {
    const next = this.queue.then(() => this.runNow(embedding, shape, step, height, width, previous));
    this.queue = next.catch(() => undefined);
    return next;
  }

  private embeddingOf(embedding: Float32Array, shape: readonly number[]): Tensor {
    if (this.embeddingTensor?.data !== embedding) this.embeddingTensor = { data: embedding, tensor: new this.ort.Tensor("float32", embedding, [...shape]) };
    return this.embeddingTensor.tensor;
  }

  private async projectionsOf(embedding: Float32Array, shape: readonly number[]): Promise<Tensor | null> {
    if (!this.prepareSession) return null;
    if (this.projections?.data !== embedding) {
      this.projections = null; // the last embedding's go first: 6 MB each
      const out = await this.prepareSession.run({ [this.config.decoder.embedding_input]: this.embeddingOf(embedding, shape) });
      this.projections = { data: embedding, tensor: out[PROJECTIONS] };
    }
    return this.projections.tensor;
  }

  private async runNow(embedding: Float32Array, shape: readonly number[], step: Step, height: number, width: number, previous: Float32Array | null): Promise<DecoderRun> {
    const { Tensor } = this.ort;
    const names = this.config.decoder;
    const projections = await this.projectionsOf(embedding, shape);
    const { coords, labels, count } = stepInputs(step, this.config, height, width);
    const feeds: Record<string, Tensor> = {
      [names.embedding_input]: this.embeddingOf(embedding, shape),
      ...(projections ? { [PROJECTIONS]: projections } : {}),
      [names.points_input]: new Tensor("float32", coords, [1, count, 2]),
      [names.labels_input]: new Tensor("float32", labels, [1, count]),
    };
    if (names.mask_input) feeds[names.mask_input] = new Tensor("float32", previous ?? this.noMask, [1, 1, LOW_RES, LOW_RES]);
    if (names.has_mask_input) feeds[names.has_mask_input] = new Tensor("float32", new Float32Array([previous ? 1 : 0]), [1]);
    const fetches = [names.mask_output, ...(names.score_output ? [names.score_output] : [])];
    const out = await this.session.run(feeds, fetches);
    const masks = out[names.mask_output];
    const dims = masks.dims;
    if (dims.length !== 4 || dims[2] !== LOW_RES || dims[3] !== LOW_RES || !names.score_output) {
      throw new Error(`the decoder answered [${dims.join(", ")}] logits; the browser needs [1, K, ${LOW_RES}, ${LOW_RES}] and their scores`);
    }
    const scores = out[names.score_output].data as Float32Array;
    const pick = pickCandidate(scores, dims[1], step.multimask);
    const plane = LOW_RES * LOW_RES;
    const lowRes = (masks.data as Float32Array).slice(pick * plane, (pick + 1) * plane);
    for (const tensor of Object.values(out)) tensor.dispose();
    return { lowRes, score: clippedScore(scores[pick]) };
  }
}
