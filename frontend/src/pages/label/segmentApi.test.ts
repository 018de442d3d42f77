import { describe, expect, it } from "vitest";
import { embeddingJobId, samBackends, segmentBody } from "./segmentApi";

describe("segment API helpers", () => {
  it("sends every prompt, the box only when there is one", () => {
    expect(segmentBody("grabcut", { id: 3, box: null, points: [[4, 5, 1], [9, 2, 0]] })).toEqual({
      backend: "grabcut",
      points: [[4, 5, 1], [9, 2, 0]],
    });
    expect(segmentBody("onnx:7", { id: 4, box: [1, 2, 30, 40], points: [] })).toEqual({ backend: "onnx:7", points: [], box: [1, 2, 30, 40] });
  });

  it("sends scribbles as the endpoint takes them, only when there are any", () => {
    const scribbles = [{ points: [[4, 5], [9, 5]] as const, label: 1 as const, radius: 5 }];
    expect(segmentBody("grabcut", { id: 5, box: null, points: [[2, 2, 0]], scribbles })).toEqual({
      backend: "grabcut",
      points: [[2, 2, 0]],
      scribbles: [{ points: [[4, 5], [9, 5]], label: 1, radius: 5 }],
    });
    expect(segmentBody("grabcut", { id: 6, box: null, points: [[2, 2, 1]], scribbles: [] })).not.toHaveProperty("scribbles");
  });

  it("offers only ONNX models with a SAM-style config", () => {
    const registered = [
      { id: 1, backend: "onnx:1", name: "unet", kind: "onnx", type: "semantic" },
      { id: 2, backend: "onnx:2", name: "sam-vit-b", kind: "onnx", type: "sam" },
      { id: 3, backend: "http:3", name: "maskrcnn", kind: "http", type: "http" },
    ];
    expect(samBackends(registered)).toEqual([{ value: "onnx:2", label: "sam-vit-b (SAM-style)" }]);
  });

  it("reads the embedding job from a 409 detail", () => {
    expect(embeddingJobId("the embedding of asset 7 is being computed by job 42; retry when it has finished")).toBe(42);
    expect(embeddingJobId("conflict")).toBeNull();
  });
});
