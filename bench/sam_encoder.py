"""MobileSAM's encoder on the CPU: seconds per image under onnxruntime session options, and an int8 variant.

    .venv/bin/python -m bench.sam_encoder [--images 5] [--int8]

Runs the installed encoder (scripts/models) on photos of ../shared/data/grabcut, one session per variant,
each image once after one warm-up run; prints wall and process CPU seconds per image (median) with the load
average, since other processes share the cores. `--int8` adds an encoder whose MatMul weights are
dynamically quantized (onnxruntime.quantization, written to a temporary folder) and prints the cosine of its
embeddings against the float encoder's. Nothing is asserted.
"""

import argparse
import os
import statistics
import tempfile
import time
from pathlib import Path

import cv2
import django
import numpy as np
import onnxruntime as ort

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "labelplatform.settings")
django.setup()  # MODELS_ROOT: where scripts/models installed the model

from labelplatform.prelabel.builtin import mobilesam  # noqa: E402
from labelplatform.prelabel.builtin.installed import builtin_status  # noqa: E402
from labelplatform.prelabel.engines.sam import sam_embed  # noqa: E402

PHOTOS = Path(__file__).resolve().parents[2] / "shared" / "data" / "grabcut" / "GrabCut" / "data_GT"
TARGET_S = 1.5

LEVELS = {"basic": ort.GraphOptimizationLevel.ORT_ENABLE_BASIC,
          "extended": ort.GraphOptimizationLevel.ORT_ENABLE_EXTENDED,
          "all": ort.GraphOptimizationLevel.ORT_ENABLE_ALL}


def session(path: Path, threads: int, level: str = "all", arena: bool = True,
            parallel: bool = False) -> ort.InferenceSession:
    options = ort.SessionOptions()
    options.intra_op_num_threads = threads
    options.inter_op_num_threads = 1
    options.graph_optimization_level = LEVELS[level]
    options.enable_cpu_mem_arena = arena
    options.execution_mode = ort.ExecutionMode.ORT_PARALLEL if parallel else ort.ExecutionMode.ORT_SEQUENTIAL
    return ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])


def load_average() -> str:
    return " ".join(f"{v:.2f}" for v in os.getloadavg())


def timed(encoder: ort.InferenceSession, config: dict, images: list[np.ndarray]) -> tuple[float, float, list]:
    sam_embed(encoder, config, images[0])  # warm-up: the first run allocates
    walls, cpus, outs = [], [], []
    for image in images:
        w0, c0 = time.perf_counter(), time.process_time()
        outs.append(sam_embed(encoder, config, image))
        walls.append(time.perf_counter() - w0)
        cpus.append(time.process_time() - c0)
    return statistics.median(walls), statistics.median(cpus), outs


def cosine(a: np.ndarray, b: np.ndarray) -> float:
    a, b = a.ravel().astype(np.float64), b.ravel().astype(np.float64)
    return float(a @ b / (np.linalg.norm(a) * np.linalg.norm(b)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--images", type=int, default=5)
    parser.add_argument("--int8", action="store_true", help="also a dynamically quantized encoder")
    parser.add_argument("--variants", default="1,2,basic,noarena,parallel",
                        help="of: 1, 2 (threads, opt level all), basic, extended, noarena, parallel (1 thread)")
    args = parser.parse_args()
    model, reason = builtin_status(mobilesam.NAME)
    if model is None:
        raise SystemExit(f"MobileSAM is not installed ({reason}): run scripts/models")
    path = model.files["encoder"]
    images = [cv2.cvtColor(cv2.imread(str(p)), cv2.COLOR_BGR2RGB) for p in sorted(PHOTOS.glob("*.jpg"))[:args.images]]
    print(f"{len(images)} photos of {PHOTOS} (about 640x480, scaled to 1024 by the encoder); load average at "
          f"start {load_average()}; target <= {TARGET_S} s per image")
    variants = {"1": dict(threads=1), "2": dict(threads=2), "basic": dict(threads=1, level="basic"),
                "extended": dict(threads=1, level="extended"), "noarena": dict(threads=1, arena=False),
                "parallel": dict(threads=1, parallel=True)}
    reference = None
    for name in args.variants.split(","):
        wall, cpu, outs = timed(session(path, **variants[name]), model.config, images)
        reference = reference or outs
        print(f"  float {name:9s} {variants[name]}: wall {wall:.2f} s  CPU {cpu:.2f} s per image  "
              f"(load {load_average()})")
    if args.int8:
        from onnxruntime.quantization import QuantType, quantize_dynamic

        with tempfile.TemporaryDirectory() as folder:
            quantized = Path(folder) / "encoder_int8.onnx"
            quantize_dynamic(str(path), str(quantized), weight_type=QuantType.QUInt8, op_types_to_quantize=["MatMul"])
            wall, cpu, outs = timed(session(quantized, 1), model.config, images)
            cosines = [cosine(a, b) for a, b in zip(outs, reference or outs, strict=True)]
            print(f"  int8 MatMul, 1 thread: wall {wall:.2f} s  CPU {cpu:.2f} s per image  "
                  f"({quantized.stat().st_size / 1e6:.1f} MB); embedding cosine vs float: min {min(cosines):.4f} "
                  f"mean {statistics.mean(cosines):.4f}  (load {load_average()})")


if __name__ == "__main__":
    main()
