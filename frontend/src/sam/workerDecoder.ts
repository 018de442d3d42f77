// The page's side of the decoder worker: the same run() as SamDecoder, answered by decoderWorker.ts.
// The embedding is posted once per asset (it stays in the worker), the logits come back transferred.
import { type DecoderFile, type DecoderRun, SamDecoder } from "./decoder";
import type { StepDecoder } from "./localSegmenter";
import type { SamConfig, Step } from "./protocol";
import type { FromWorker, ToWorker } from "./workerProtocol";

type Pending = { resolve: (run: DecoderRun | undefined) => void; reject: (error: Error) => void };

export class WorkerDecoder implements StepDecoder {
  private nextId = 0;
  private readonly pending = new Map<number, Pending>();
  private readonly embeddingKeys = new WeakMap<Float32Array, number>();
  private sentEmbedding: Float32Array | null = null;

  private constructor(private readonly worker: Worker) {
    worker.onmessage = (event: MessageEvent<FromWorker>) => {
      const message = event.data;
      const waiting = this.pending.get(message.id);
      if (!waiting) return;
      this.pending.delete(message.id);
      if (message.ok) waiting.resolve(message.run);
      else waiting.reject(new Error(message.message));
    };
    worker.onerror = (event: ErrorEvent) => {
      event.preventDefault();
      this.failAll(new Error(`the decoder worker failed: ${event.message || "could not start"}`));
    };
  }

  /** A worker with a warmed session on the decoder; rejects (and ends the worker) when it cannot make one. */
  static async create(file: DecoderFile, config: SamConfig, shape: readonly number[]): Promise<WorkerDecoder> {
    const worker = new Worker(new URL("./decoderWorker.ts", import.meta.url), { type: "module", name: "sam-decoder" });
    const decoder = new WorkerDecoder(worker);
    try {
      await decoder.post({ type: "init", id: decoder.nextId++, file, config, shape: [...shape] });
    } catch (error) {
      worker.terminate();
      throw error;
    }
    return decoder;
  }

  async prepare(embedding: Float32Array, shape: readonly number[]): Promise<void> {
    await this.withEmbedding(embedding, (embeddingKey, sent) => this.post({ type: "prepare", id: this.nextId++, embeddingKey, ...sent, shape: [...shape] }));
  }

  async run(embedding: Float32Array, shape: readonly number[], step: Step, height: number, width: number, previous: Float32Array | null): Promise<DecoderRun> {
    const run = await this.withEmbedding(embedding, (embeddingKey, sent) =>
      this.post({ type: "run", id: this.nextId++, embeddingKey, ...sent, shape: [...shape], step, height, width, previous }),
    );
    if (!run) throw new Error("the decoder worker answered no run");
    return run;
  }

  /** Posts with the embedding's key, and the embedding itself the first time the worker needs it. */
  private async withEmbedding<T>(embedding: Float32Array, post: (key: number, sent: { embedding?: Float32Array }) => Promise<T>): Promise<T> {
    let embeddingKey = this.embeddingKeys.get(embedding);
    if (embeddingKey === undefined) {
      embeddingKey = this.nextId++;
      this.embeddingKeys.set(embedding, embeddingKey);
    }
    const send = this.sentEmbedding !== embedding; // copied, not transferred: the page keeps its embedding cache
    this.sentEmbedding = embedding;
    return post(embeddingKey, send ? { embedding } : {}).catch((error: unknown) => {
      if (send) this.sentEmbedding = null;
      throw error;
    });
  }

  private post(message: ToWorker): Promise<DecoderRun | undefined> {
    return new Promise((resolve, reject) => {
      this.pending.set(message.id, { resolve, reject });
      this.worker.postMessage(message);
    });
  }

  private failAll(error: Error): void {
    for (const waiting of this.pending.values()) waiting.reject(error);
    this.pending.clear();
  }
}

/**
 * The decoder session in a worker, so the page stays responsive while it runs; on the page itself where
 * workers are missing or the worker cannot start its session (the same answers, only the page waits).
 */
async function createDecoder(file: DecoderFile, config: SamConfig, shape: readonly number[]): Promise<StepDecoder> {
  if (typeof Worker === "undefined") return SamDecoder.create(file, config, shape);
  try {
    return await WorkerDecoder.create(file, config, shape);
  } catch (error) {
    console.warn("SAM decoder worker failed, decoding on the page:", error);
    return SamDecoder.create(file, config, shape);
  }
}

const decoders = new Map<string, Promise<StepDecoder>>();

/** The decoder of one model version, created once per page; a failed load is forgotten so a later try loads again. */
export function samDecoder(file: DecoderFile, config: SamConfig, shape: readonly number[]): Promise<StepDecoder> {
  let decoder = decoders.get(file.sha256);
  if (!decoder) {
    decoder = createDecoder(file, config, shape);
    decoders.set(file.sha256, decoder);
    decoder.catch(() => decoders.delete(file.sha256));
  }
  return decoder;
}
