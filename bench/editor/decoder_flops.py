"""Why a browser click costs what it does: one SAM decoder run's arithmetic against this CPU's WASM throughput.

For the whole decoder and the browser's pair (builtin/web_decoder.py) of the installed MobileSAM it runs one click
with a previous mask (3 prompt points with the padding one, as a refining click) and prints:
- the multiply-adds of its dense products (MatMul, Gemm, Conv, ConvTranspose), counted from the shapes onnxruntime
  reports per node, and the time the rest (elementwise, normalisation, softmax, transposes) takes;
- CPU per run in onnxruntime-web's WASM backend (Node, one thread, SIMD: the .wasm the editor runs;
  bench/editor/decoder_wasm.mjs) and in native onnxruntime (one thread), and the throughput the dense products
  reach in each;
- a probe: one bare 4096x256x128 MatMul (the decoder's commonest product) in both runtimes, the best throughput
  this CPU gives a dense product in WASM;
- the floor: the dense products alone at the probe's WASM throughput, i.e. what no JS-side change can beat.
Run from the repository root (after scripts/models and npm ci in frontend/):

    .venv/bin/python -m bench.editor.decoder_flops [--runs 10]

Profiled node times are wall times; on a loaded machine they are scaled to the run's CPU time (their shares are
what is used). CPU per run itself moves by +-30 % between runs on the shared 2-core machine (load 10+): compare the
whole decoder and the pair over several runs, and report the load average printed with the figures.
"""

import argparse
import json
import os
import subprocess
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

import numpy as np
import onnxruntime as ort

MODEL = Path(__file__).resolve().parents[2] / "var" / "models" / "mobilesam"
WASM_SCRIPT = Path(__file__).with_name("decoder_wasm.mjs")
DENSE = {"MatMul", "FusedMatMul", "Gemm", "Conv", "ConvTranspose"}


def macs(op: str, inputs: list[list[int]], outputs: list[list[int]]) -> int:
    """Multiply-adds of one dense node from the shapes onnxruntime's profile reports (0 for any other op). A MatMul's
    inner size is A's size over the output rows (transposed inputs of fused nodes included); a ConvTranspose's
    prepacked weights are not reported, so it is counted for kernel = stride (SAM's 2x2, stride 2 upscaling):
    every output reads each input channel once."""
    out = outputs[0]
    if op in ("MatMul", "FusedMatMul", "Gemm"):
        rows = int(np.prod(out)) // out[-1]
        inner = int(np.prod(inputs[0])) // rows
        return int(np.prod(out)) * inner
    if op == "Conv":
        return int(np.prod(out)) * int(np.prod(inputs[1][1:]))  # weight [Cout, Cin/g, kh, kw]
    if op == "ConvTranspose":
        return int(np.prod(out)) * inputs[0][1]
    return 0


def shapes(entries: list[dict[str, list[int]]]) -> list[list[int]]:
    return [next(iter(entry.values())) for entry in entries]


def last_run_nodes(profile: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The node events of the profile's last model_run."""
    runs = [e for e in profile if e.get("cat") == "Session" and e["name"] == "model_run"]
    last = runs[-1]
    return [e for e in profile if e.get("cat") == "Node" and e["name"].endswith("_kernel_time")
            and last["ts"] <= e["ts"] <= last["ts"] + last["dur"]]


def split(nodes: list[dict[str, Any]]) -> dict[str, float]:
    """Dense multiply-adds, dense node time and other node time (ms) of one run's node events."""
    total_macs, dense_ms, other_ms = 0, 0.0, 0.0
    by_op: dict[str, float] = defaultdict(float)
    for e in nodes:
        op = e["args"]["op_name"]
        ms = e["dur"] / 1000
        by_op[op] += ms
        if op in DENSE:
            total_macs += macs(op, shapes(e["args"]["input_type_shape"]), shapes(e["args"]["output_type_shape"]))
            dense_ms += ms
        else:
            other_ms += ms
    top = sorted(by_op.items(), key=lambda kv: -kv[1])[:6]
    return {"macs": total_macs, "dense_ms": dense_ms, "other_ms": other_ms, "top": top}  # type: ignore[dict-item]


def feeds(with_projections: np.ndarray | None) -> dict[str, np.ndarray]:
    rng = np.random.default_rng(0)
    f = {"image_embeddings": (rng.standard_normal((1, 256, 64, 64)) * 0.1).astype(np.float32),
         "point_coords": np.array([[[500, 400], [620, 500], [0, 0]]], np.float32),
         "point_labels": np.array([[1, 0, -1]], np.float32),
         "mask_input": np.zeros((1, 1, 256, 256), np.float32), "has_mask_input": np.ones(1, np.float32)}
    if with_projections is not None:
        f["image_projections"] = with_projections
    return f


def native(decoder: Path, prepare: Path | None, runs: int) -> tuple[float, list[dict[str, Any]]]:
    """CPU ms per run in native onnxruntime (one thread) and the profile of one more run."""
    options = ort.SessionOptions()
    options.intra_op_num_threads = options.inter_op_num_threads = 1
    projections = None
    if prepare is not None:
        projections = ort.InferenceSession(str(prepare), options).run(None, {"image_embeddings": feeds(None)[
            "image_embeddings"]})[0]
    session = ort.InferenceSession(str(decoder), options)
    inputs = {k: v for k, v in feeds(projections).items() if k in {i.name for i in session.get_inputs()}}
    for _ in range(3):
        session.run(None, inputs)
    t0 = time.process_time()
    for _ in range(runs):
        session.run(None, inputs)
    cpu_ms = (time.process_time() - t0) * 1000 / runs
    with tempfile.TemporaryDirectory() as folder:
        options.enable_profiling = True
        options.profile_file_prefix = str(Path(folder) / "decoder")
        profiled = ort.InferenceSession(str(decoder), options)
        for _ in range(3):
            profiled.run(None, inputs)
        profile = json.loads(Path(profiled.end_profiling()).read_text())
    return cpu_ms, profile


def wasm(decoder: Path, prepare: Path | None, runs: int) -> tuple[float, list[dict[str, Any]]]:
    """CPU ms per run in onnxruntime-web's WASM (Node, one thread) and the profile of one more run."""
    out = subprocess.run(["node", str(WASM_SCRIPT), str(decoder), str(prepare or "-"), str(runs)],
                         capture_output=True, text=True, check=True).stdout
    profile = json.loads(out[out.index("["):out.rindex("]") + 1])
    return wasm_summary(out)["cpu_ms_per_run"], profile


def report(name: str, runtime: str, cpu_ms: float, parts: dict[str, Any]) -> float:
    """Print one line; returns the dense products' GFLOP/s (on CPU time)."""
    node_ms = parts["dense_ms"] + parts["other_ms"]
    dense_cpu = cpu_ms * parts["dense_ms"] / node_ms  # profiled wall times scaled to the run's CPU time
    gflop = 2 * parts["macs"] / 1e9
    rate = float(gflop / (dense_cpu / 1000))
    top = ", ".join(f"{op} {100 * ms / node_ms:.0f} %" for op, ms in parts["top"])
    print(f"  {name:<14} {runtime:<7} CPU {cpu_ms:6.0f} ms/run; dense products {gflop:.2f} GFLOP in "
          f"{dense_cpu:5.0f} ms = {rate:5.1f} GFLOP/s; everything else {cpu_ms - dense_cpu:4.0f} ms  ({top})")
    return rate


def probe(folder: Path) -> Path:
    """A model of one [1, 4096, 256] x [256, 128] MatMul (IR 8: onnxruntime-web reads no newer)."""
    import onnx
    from onnx import TensorProto, helper, numpy_helper

    weight = numpy_helper.from_array(np.random.default_rng(0).standard_normal((256, 128)).astype(np.float32), "w")
    graph = helper.make_graph([helper.make_node("MatMul", ["x", "w"], ["y"])], "probe",
                              [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 4096, 256])],
                              [helper.make_tensor_value_info("y", TensorProto.FLOAT, [1, 4096, 128])], [weight])
    path = folder / "matmul.onnx"
    onnx.save(helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)], ir_version=8), str(path))
    return path


def probe_rates(runs: int) -> dict[str, float]:
    """GFLOP/s of the probe MatMul on CPU time, native and WASM."""
    gflop = 2 * 4096 * 256 * 128 / 1e9
    with tempfile.TemporaryDirectory() as folder:
        path = probe(Path(folder))
        options = ort.SessionOptions()
        options.intra_op_num_threads = options.inter_op_num_threads = 1
        session = ort.InferenceSession(str(path), options)
        x = np.full((1, 4096, 256), 0.5, np.float32)
        for _ in range(3):
            session.run(None, {"x": x})
        t0 = time.process_time()
        for _ in range(runs * 5):
            session.run(None, {"x": x})
        native_ms = (time.process_time() - t0) * 1000 / (runs * 5)
        out = subprocess.run(["node", str(WASM_SCRIPT), str(path), "-", str(runs * 5)], capture_output=True, text=True,
                             check=True).stdout
    return {"native": gflop / native_ms * 1000, "wasm": gflop / wasm_summary(out)["cpu_ms_per_run"] * 1000}


def wasm_summary(out: str) -> dict[str, float]:
    """The SUMMARY line of decoder_wasm.mjs's output."""
    line = next(line for line in out.splitlines() if line.startswith("SUMMARY "))
    return {key: float(value) for key, value in json.loads(line.removeprefix("SUMMARY ")).items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    whole = MODEL / "decoder.onnx"
    pair = (MODEL / "decoder_web.onnx", MODEL / "decoder_prepare.onnx")
    if not whole.exists():
        raise SystemExit(f"no decoder at {whole}: run scripts/models")
    print(f"load average {os.getloadavg()[0]:.1f}; {os.cpu_count()} CPUs; one refining click (3 points, a mask)")
    floors = []
    for name, decoder, prepare in (("whole decoder", whole, None), ("browser pair", *pair)):
        if not decoder.exists():
            continue
        rates = {}
        for runtime, measure in (("native", native), ("wasm", wasm)):
            cpu_ms, profile = measure(decoder, prepare, args.runs)
            parts = split(last_run_nodes(profile))
            rates[runtime] = report(name, runtime, cpu_ms, parts)
        floors.append((name, 2 * parts["macs"] / 1e9, rates["wasm"]))
    peak = probe_rates(args.runs)
    print(f"  probe, one 4096x256x128 MatMul: native {peak['native']:.1f} GFLOP/s, WASM {peak['wasm']:.1f} GFLOP/s "
          f"(ratio {peak['native'] / peak['wasm']:.1f})")
    for name, gflop, rate in floors:
        print(f"  floor, {name}: {gflop:.2f} GFLOP; at the probe's WASM {peak['wasm']:.1f} GFLOP/s "
              f"{1000 * gflop / peak['wasm']:.0f} ms CPU per click (at the {rate:.1f} it reached: "
              f"{1000 * gflop / rate:.0f} ms) before any other op, drawing or message; the target is 50 ms for the "
              f"whole click at 1 MP, i.e. {gflop / 0.05:.0f} GFLOP/s for these products alone")
    print(f"load average {os.getloadavg()[0]:.1f} at the end")


if __name__ == "__main__":
    main()
