import { describe, expect, it } from "vitest";
import { embeddingJobId, parseEmbedding } from "./embeddings";

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

  it("names the job of a 409", () => {
    expect(embeddingJobId("the embedding of asset 7 is being computed by job 42; retry when it has finished")).toBe(42);
    expect(embeddingJobId("conflict")).toBeNull();
  });
});
