"""Memory of a process holding MobileSAM after computing embeddings, as a worker's embedding job does.

    .venv/bin/python -m bench.sam_memory [--images 10] [--sizes "1 MP,12 MP"] [--worker]

For each size, a fresh process (Django set up as in a Celery worker child) writes `--images` photos of
../shared/data/grabcut scaled to that size as JPEG files, and for each does what
labelplatform.prelabel.backends.sam_embedding does on a worker: read the file, decode it (images.decoded_rgb,
a JPEG at the smallest DCT scale covering the encoder's input), run the encoder (MOBILESAM_ENCODER's, in two
parts when the install has them: engines/sam_split.py) from the shared session cache, keep the embedding in
the per-asset LRU (PREPARED). Prints VmRSS before the model, after the first image and after the last, and
the peak: the kernel's VmHWM, reset (/proc/self/clear_refs) once the JPEG files are written, so it counts
from the model's first load and misses no short spike. Not a Celery worker itself (no broker or database
here); the worker child runs the same code with Celery's own ~30 MB on top. Nothing is asserted.

`--worker` (needs PostgreSQL and Redis: DATABASE_URL, REDIS_URL): a real Celery worker instead, through
tests/prelabel/test_sam_worker.py with SAM_WORKER_BENCH=1: the JPEGs uploaded, one prelabel job embedding them
all, the worker child's VmRSS before and after the job and its VmHWM over the job.
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PHOTOS = ROOT.parent / "shared" / "data" / "grabcut" / "GrabCut" / "data_GT"
SIZES = {"1 MP": (1155, 866), "12 MP": (4000, 3000)}
TARGET_MB = 500


def child(size: str, count: int) -> dict[str, object]:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "labelplatform.settings")
    import django

    django.setup()
    import cv2
    import numpy as np

    from bench.exports import rss_mib
    from labelplatform.prelabel.backends import builtin_pair, sam_session
    from labelplatform.prelabel.builtin import mobilesam
    from labelplatform.prelabel.engines.onnx_models import release_freed_memory
    from labelplatform.prelabel.engines.sam import encoder_input_size, sam_embed_input, sam_input
    from labelplatform.prelabel.images import PREPARED, decoded_rgb

    width, height = SIZES[size]
    folder = Path(tempfile.mkdtemp(prefix="sam-memory-"))
    jpegs = []
    for path in sorted(PHOTOS.glob("*.jpg"))[:count]:
        scaled = cv2.resize(cv2.imread(str(path)), (width, height), interpolation=cv2.INTER_CUBIC)
        jpegs.append(folder / path.name)
        cv2.imwrite(str(jpegs[-1]), scaled, [cv2.IMWRITE_JPEG_QUALITY, 90])
        del scaled
    release_freed_memory()
    start = rss_mib()
    Path("/proc/self/clear_refs").write_text("5")  # VmHWM := VmRSS now
    pair = builtin_pair(mobilesam.NAME)
    after: list[float] = []
    for i, jpeg in enumerate(jpegs):
        def compute(jpeg: Path = jpeg) -> np.ndarray:  # backends.sam_embedding
            input_h, input_w = encoder_input_size(pair.config, height, width)
            pixels = sam_input(pair.config, decoded_rgb(jpeg.read_bytes(), at_least=(input_w, input_h)),
                               (height, width))
            return sam_embed_input(sam_session(pair, "encoder"), pair.config, pixels)

        PREPARED.get_or_make(("embedding", pair.key, i, "bench"), compute)
        after.append(rss_mib())
    shutil.rmtree(folder)
    return {"size": size, "images": len(jpegs), "version": pair.version, "split": "encoder_stem" in pair.files,
            "start": start, "first": after[0], "last": after[-1], "peak": peak_mib()}


def peak_mib() -> float:
    """VmHWM: the highest resident memory since the last reset, kept by the kernel."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmHWM in /proc/self/status")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--images", type=int, default=10)
    parser.add_argument("--sizes", default=",".join(SIZES))
    parser.add_argument("--worker", action="store_true", help="a real Celery worker (PostgreSQL and Redis)")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.child, args.images)))
        return
    print(f"load average {' '.join(f'{v:.2f}' for v in os.getloadavg())}")
    if args.worker:
        for size in args.sizes.split(","):
            width, height = SIZES[size]
            env = {**os.environ, "SAM_WORKER_BENCH": "1", "SAM_WORKER_IMAGES": str(args.images),
                   "SAM_WORKER_SIZE": f"{width}x{height}"}
            run = subprocess.run([sys.executable, "-m", "pytest", "tests/prelabel/test_sam_worker.py", "-q", "-s",
                                  "-p", "no:cacheprovider"], cwd=ROOT, env=env, capture_output=True, text=True)
            figures = [line[line.index("FIGURE") + 7:] for line in run.stdout.splitlines() if "FIGURE" in line]
            print(f"{size}: {figures[0] if figures else run.stdout[-2000:]}")
        return
    for size in args.sizes.split(","):
        out = subprocess.run([sys.executable, "-m", "bench.sam_memory", "--child", size, "--images", str(args.images)],
                             cwd=ROOT, capture_output=True, text=True, check=True)
        r = json.loads(out.stdout.strip().splitlines()[-1])
        print(f"{size}: {r['images']} embeddings (MobileSAM {r['version']}, encoder "
              f"{'in two parts' if r['split'] else 'whole'}); VmRSS before the model "
              f"{r['start']:.0f} MB, after the first "
              f"{r['first']:.0f} MB, after the last {r['last']:.0f} MB, peak {r['peak']:.0f} MB "
              f"(target <= {TARGET_MB} MB, ratio {r['peak'] / TARGET_MB:.2f})")


if __name__ == "__main__":
    main()
