import { describe, expect, it } from "vitest";
import { ApiError, NotReadyError } from "../api/errors";
import { embeddingAnswer, parseEmbedding } from "./embeddings";

function headers(shape = "1,2,2,2"): Headers {
  return new Headers({ "X-Embedding-Shape": shape, "X-Encoder-Input-Size": "1024,1024", "X-Resized-Size": "768,1024", "X-Model-Version": "1.0.2" });
}

describe("embedding answer", () => {
  it("reads little-endian float32 with its shape and frames", () => {
    const body = new ArrayBuffer(32);
    const view = new DataView(body);
    for (let i = 0; i < 8; i++) view.setFloat32(4 * i, i - 3.5, true);
    const embedding = parseEmbedding(headers(), body);
    expect([...embedding.data]).toEqual([-3.5, -2.5, -1.5, -0.5, 0.5, 1.5, 2.5, 3.5]);
    expect(embedding.shape).toEqual([1, 2, 2, 2]);
    expect(embedding.inputSize).toEqual([1024, 1024]);
    expect(embedding.resizedSize).toEqual([768, 1024]);
    expect(embedding.version).toBe("1.0.2");
  });

  it("refuses a body that does not fit its shape, or a missing header", () => {
    expect(() => parseEmbedding(headers(), new ArrayBuffer(28))).toThrow(/28 bytes/);
    expect(() => parseEmbedding(new Headers(), new ArrayBuffer(32))).toThrow(/X-Embedding-Shape/);
  });

  it("takes a 202 as not computed yet, naming the job, never as the embedding's bytes", async () => {
    const detail = "the embedding of asset 7 is being computed by job 42; ask again when it has finished";
    const accepted = new Response(JSON.stringify({ detail, job: 42 }), { status: 202, headers: { "Content-Type": "application/json", "Retry-After": "1" } });
    const answer = await embeddingAnswer(accepted);
    expect(answer).toBeInstanceOf(NotReadyError);
    expect(answer).toMatchObject({ jobId: 42, detail });
  });

  it("reads a 200 as the embedding and throws any other status as an ApiError", async () => {
    const body = new ArrayBuffer(32);
    const answer = await embeddingAnswer(new Response(body, { status: 200, headers: headers() }));
    expect(answer).not.toBeInstanceOf(NotReadyError);
    expect((answer as { shape: readonly number[] }).shape).toEqual([1, 2, 2, 2]);
    const refused = embeddingAnswer(new Response(JSON.stringify({ detail: "backend: no model x" }), { status: 400 }));
    await expect(refused).rejects.toBeInstanceOf(ApiError);
    await expect(embeddingAnswer(new Response("{}", { status: 409 }))).rejects.toMatchObject({ status: 409 });
  });
});
