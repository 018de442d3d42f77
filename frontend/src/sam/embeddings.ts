// An asset's image embedding from GET assets/{id}/embedding: raw little-endian float32, its shape and the
// encoder's frames in headers; 202 naming the job while a worker computes it. A few assets are kept in
// memory (Submit & next, back and forth) so a revisit decodes at once.
import { apiUrl } from "../api/client";
import { ApiError, NotReadyError, networkError } from "../api/errors";
import { abortableSleep } from "../api/jobs";
import { LruCache } from "../lib/lru";

/** While the embedding is computed (202): how often to look again, and for how long. */
export const EMBEDDING_POLL_MS = 1500;
export const EMBEDDING_MAX_POLLS = 200;
/** Assets whose embedding stays in memory (about 4 MB each for SAM). */
export const EMBEDDING_CACHE_SIZE = 4;

export interface Embedding {
  readonly data: Float32Array;
  /** [1, 256, 64, 64] for SAM. */
  readonly shape: readonly number[];
  /** The padded encoder input (h, w): 1024 x 1024 for SAM. */
  readonly inputSize: readonly [number, number];
  /** The image inside it after resizing (h, w). */
  readonly resizedSize: readonly [number, number];
  readonly version: string;
}

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

function intList(value: string | null, name: string): number[] {
  const list = (value ?? "").split(",").map((v) => Number(v.trim()));
  if (list.length === 0 || list.some((n) => !Number.isInteger(n) || n <= 0)) throw new Error(`embedding answer without a valid ${name} header`);
  return list;
}

/** The embedding from a 200 answer's headers and body; throws when they disagree. */
export function parseEmbedding(headers: Headers, body: ArrayBuffer): Embedding {
  const shape = intList(headers.get("X-Embedding-Shape"), "X-Embedding-Shape");
  const [inputH, inputW] = intList(headers.get("X-Encoder-Input-Size"), "X-Encoder-Input-Size");
  const [resizedH, resizedW] = intList(headers.get("X-Resized-Size"), "X-Resized-Size");
  const count = shape.reduce((a, b) => a * b, 1);
  if (body.byteLength !== count * 4) throw new Error(`embedding has ${body.byteLength} bytes, its shape [${shape}] needs ${count * 4}`);
  let data: Float32Array;
  if (LITTLE_ENDIAN) {
    data = new Float32Array(body);
  } else {
    data = new Float32Array(count);
    const view = new DataView(body);
    for (let i = 0; i < count; i++) data[i] = view.getFloat32(4 * i, true);
  }
  return { data, shape, inputSize: [inputH, inputW], resizedSize: [resizedH, resizedW], version: headers.get("X-Model-Version") ?? "" };
}

async function bodyOf(resp: Response): Promise<unknown> {
  const text = await resp.text().catch(() => "");
  try {
    return JSON.parse(text);
  } catch {
    return text; // not JSON: the text is the message
  }
}

/**
 * One answer of GET assets/{id}/embedding: the embedding (200), NotReadyError naming the job while a worker
 * computes it (202: its JSON body is not the embedding), or an ApiError thrown for any other status.
 */
export async function embeddingAnswer(resp: Response): Promise<Embedding | NotReadyError> {
  if (resp.status === 202) return new NotReadyError(await bodyOf(resp));
  if (resp.status === 200) return parseEmbedding(resp.headers, await resp.arrayBuffer());
  throw new ApiError(resp.status, await bodyOf(resp), resp.statusText);
}

/**
 * The embedding of one asset for a SAM-family backend; waits (calling
 * `waiting` with the job id) while a worker computes it.
 */
export async function fetchEmbedding(assetId: number, backend: string, signal: AbortSignal, waiting: (jobId: number | null) => void): Promise<Embedding> {
  for (let poll = 0; ; poll++) {
    let resp: Response;
    try {
      resp = await fetch(apiUrl(`/assets/${assetId}/embedding`, { backend }), { credentials: "same-origin", signal });
    } catch (err) {
      if (err instanceof DOMException && err.name === "AbortError") throw err;
      throw networkError(err);
    }
    const answer = await embeddingAnswer(resp);
    if (!(answer instanceof NotReadyError)) return answer;
    if (poll >= EMBEDDING_MAX_POLLS) throw answer;
    waiting(answer.jobId);
    // Ask the embedding again, not the job: a labeler who sees only the handed images cannot read a job the
    // server started (GET jobs/N is a 404 for them), and the 202 says as much as the job would.
    await abortableSleep(EMBEDDING_POLL_MS, signal);
  }
}

const embeddings = new LruCache<string, Promise<Embedding>>(EMBEDDING_CACHE_SIZE);

/**
 * fetchEmbedding, kept in memory for the last few assets. An aborted or
 * failed fetch is forgotten at once, so the next caller fetches again.
 */
export function cachedEmbedding(assetId: number, backend: string, signal: AbortSignal, waiting: (jobId: number | null) => void): Promise<Embedding> {
  const key = `${backend}:${assetId}`;
  const known = embeddings.get(key);
  if (known) return known;
  const loading = fetchEmbedding(assetId, backend, signal, waiting);
  embeddings.set(key, loading);
  const forget = () => {
    if (embeddings.get(key) === loading) embeddings.delete(key);
  };
  signal.addEventListener("abort", forget, { once: true });
  loading.then(() => signal.removeEventListener("abort", forget), forget);
  return loading;
}
