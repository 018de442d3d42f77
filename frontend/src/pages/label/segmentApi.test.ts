import { describe, expect, it } from "vitest";
import { builtinBackends, samBackends, segmentBody } from "./segmentApi";

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

  it("lists installed built-in models; a low-res SAM decoder runs in the browser", () => {
    const decoder = { url: "/api/v1/prelabel/builtin/mobilesam/decoder.onnx", sha256: "ab", bytes: 10 };
    const config = {
      encoder: { size: [1024, 1024] as [number, number], resize: "longest" },
      decoder: { embedding_input: "e", points_input: "p", labels_input: "l", mask_output: "m", low_res: true },
    };
    const backends = builtinBackends({
      default_segment_backend: "mobilesam",
      models: [
        { name: "mobilesam", backend: "mobilesam", installed: true, version: "1", config, decoder },
        { name: "other", backend: "other", installed: false, reason: "run scripts/models" },
      ],
    });
    expect(backends).toEqual([{ value: "mobilesam", label: "MobileSAM (built in)", browser: { decoder, config, version: "1" } }]);
    const plain = builtinBackends({ default_segment_backend: "grabcut", models: [{ name: "x", backend: "x", installed: true, config: { ...config, decoder: { ...config.decoder, low_res: false } }, decoder }] });
    expect(plain[0].browser).toBeUndefined();
  });
});
