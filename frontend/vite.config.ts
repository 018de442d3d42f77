/// <reference types="vitest/config" />
import { defaultClientConditions, defineConfig } from "vite";
import react from "@vitejs/plugin-react";

// Django serves the build: assets live under /static/app/, index.html at "/".
export default defineConfig({
  plugins: [react()],
  base: "/static/app/",
  // onnxruntime-web without its runtime inlined: src/sam/decoder.ts imports the .wasm and its .mjs glue
  // with ?url, so the build emits them under assets/ and ort.env.wasm.wasmPaths names them (no CDN).
  resolve: { conditions: ["onnxruntime-web-use-extern-wasm", ...defaultClientConditions] },
  // The SAM decoder runs in a module worker (src/sam/decoderWorker.ts) that loads onnxruntime-web lazily.
  worker: { format: "es" },
  build: { outDir: "dist", emptyOutDir: true, sourcemap: true },
  server: {
    proxy: { "/api": "http://127.0.0.1:8000", "/admin": "http://127.0.0.1:8000" },
  },
  test: { include: ["src/**/*.test.ts"], environment: "node" },
});
