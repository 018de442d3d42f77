// The decoder worker: holds the onnxruntime-web session (SamDecoder) off the main thread, so a click's
// ~250 ms decoder run never freezes the editor. One session per worker; the last embedding is kept.
import { SamDecoder } from "./decoder";
import type { FromWorker, ToWorker } from "./workerProtocol";

let decoder: Promise<SamDecoder> | null = null;
let embedding: { key: number; data: Float32Array } | null = null;

function reply(message: FromWorker, transfer: Transferable[] = []): void {
  (self as unknown as Worker).postMessage(message, transfer);
}

async function handle(message: ToWorker): Promise<void> {
  if (message.type === "init") {
    decoder ??= SamDecoder.create(message.file, message.config, message.shape);
    await decoder;
    reply({ id: message.id, ok: true });
    return;
  }
  if (!decoder) throw new Error("the decoder worker was not initialised");
  if (message.embedding) embedding = { key: message.embeddingKey, data: message.embedding };
  if (!embedding || embedding.key !== message.embeddingKey) throw new Error("the decoder worker lost the embedding");
  if (message.type === "prepare") {
    await (await decoder).prepare(embedding.data, message.shape);
    reply({ id: message.id, ok: true });
    return;
  }
  const run = await (await decoder).run(embedding.data, message.shape, message.step, message.height, message.width, message.previous);
  reply({ id: message.id, ok: true, run }, [run.lowRes.buffer]);
}

self.onmessage = (event: MessageEvent<ToWorker>) => {
  handle(event.data).catch((error: unknown) => {
    if (event.data.type === "init") decoder = null;
    reply({ id: event.data.id, ok: false, message: error instanceof Error ? error.message : String(error) });
  });
};
