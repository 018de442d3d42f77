// One SAM decoder in onnxruntime-web's WASM backend under Node (the same .wasm the editor runs, one thread, SIMD):
// CPU per run over `runs` runs after a warm-up; onnxruntime's per-node profile (JSON) then a SUMMARY line on stdout.
// Used by bench/editor/decoder_flops.py: node decoder_wasm.mjs <decoder.onnx> [prepare.onnx|-] [runs] (a model with one
// input "x" is the MatMul throughput probe instead)
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

const frontend = path.resolve(path.dirname(new URL(import.meta.url).pathname), "../../frontend");
const ort = await import(pathToFileURL(path.join(frontend, "node_modules/onnxruntime-web/dist/ort.wasm.mjs")).href);
ort.env.wasm.numThreads = 1;
const [decoderPath, preparePath, runsArg] = process.argv.slice(2);
const runs = Number(runsArg ?? 10);
const options = { executionProviders: ["wasm"], graphOptimizationLevel: "all" };
const bytes = fs.readFileSync(decoderPath);
const session = await ort.InferenceSession.create(bytes, options);
const profiled = await ort.InferenceSession.create(bytes, { ...options, enableProfiling: true }); // its own runs: profiling costs time
const embedding = new Float32Array(256 * 64 * 64).map((_, i) => Math.sin(i * 0.37) * 0.1);
const feeds = {
  image_embeddings: new ort.Tensor("float32", embedding, [1, 256, 64, 64]),
  point_coords: new ort.Tensor("float32", new Float32Array([500, 400, 620, 500, 0, 0]), [1, 3, 2]),
  point_labels: new ort.Tensor("float32", new Float32Array([1, 0, -1]), [1, 3]),
  mask_input: new ort.Tensor("float32", new Float32Array(256 * 256), [1, 1, 256, 256]),
  has_mask_input: new ort.Tensor("float32", new Float32Array([1]), [1]),
};
if (session.inputNames.length === 1 && session.inputNames[0] === "x") {
  // the throughput probe of decoder_flops.py: one [1, 4096, 256] x [256, 128] product, the decoder's commonest
  for (const name of Object.keys(feeds)) delete feeds[name];
  feeds.x = new ort.Tensor("float32", new Float32Array(4096 * 256).fill(0.5), [1, 4096, 256]);
}
if (preparePath && preparePath !== "-") {
  const prepare = await ort.InferenceSession.create(fs.readFileSync(preparePath), options);
  feeds.image_projections = (await prepare.run({ image_embeddings: feeds.image_embeddings })).image_projections;
}
for (let i = 0; i < 3; i++) await session.run(feeds);
const start = process.cpuUsage();
const wall = performance.now();
for (let i = 0; i < runs; i++) await session.run(feeds);
const cpu = process.cpuUsage(start);
const summary = { cpu_ms_per_run: (cpu.user + cpu.system) / 1000 / runs, wall_ms_per_run: (performance.now() - wall) / runs, runs };
for (let i = 0; i < 3; i++) await profiled.run(feeds); // the last one is read
profiled.endProfiling(); // the WASM runtime writes the profile (a JSON list) to stdout
console.log(`SUMMARY ${JSON.stringify(summary)}`);
