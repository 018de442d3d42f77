"""Memory of a process holding MobileSAM after computing embeddings, as a worker's embedding job does.

    .venv/bin/python -m bench.sam_memory [--images 10] [--sizes "1 MP,12 MP"]

For each size, a fresh process (Django set up as in a Celery worker child) takes `--images` photos of
../shared/data/grabcut scaled to that size and JPEG-encoded, and for each does what
labelplatform.prelabel.backends.sam_embedding does on a worker: decode the image (images.decoded_rgb, a
JPEG at the smallest DCT scale covering the encoder's input), run the encoder session (MOBILESAM_ENCODER's)
from the shared session cache, keep the embedding in the per-asset LRU (PREPARED). Prints VmRSS before the
model, after the first image and after the last, and the peak sampled every 10 ms, against the 500 MB target.
Not a Celery worker itself (no broker or database here); the worker child runs the same code with Celery's own
~30 MB on top. Nothing is asserted.
"""

import argparse
import json
import os
import subprocess
import sys
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

    from bench.exports import PeakRss, rss_mib
    from labelplatform.prelabel.backends import builtin_pair, sam_session
    from labelplatform.prelabel.builtin import mobilesam
    from labelplatform.prelabel.engines.sam import encoder_input_size, sam_embed
    from labelplatform.prelabel.images import PREPARED, decoded_rgb

    width, height = SIZES[size]
    jpegs = []
    for path in sorted(PHOTOS.glob("*.jpg"))[:count]:
        scaled = cv2.resize(cv2.imread(str(path)), (width, height), interpolation=cv2.INTER_CUBIC)
        jpegs.append(cv2.imencode(".jpg", scaled, [cv2.IMWRITE_JPEG_QUALITY, 90])[1].tobytes())
    start = rss_mib()
    sampler = PeakRss()
    pair = builtin_pair(mobilesam.NAME)
    after: list[float] = []
    for i, jpeg in enumerate(jpegs):
        def compute(jpeg: bytes = jpeg) -> np.ndarray:  # backends.sam_embedding
            input_h, input_w = encoder_input_size(pair.config, height, width)
            rgb = decoded_rgb(jpeg, at_least=(input_w, input_h))
            return sam_embed(sam_session(pair, "encoder"), pair.config, rgb, (height, width))

        PREPARED.get_or_make(("embedding", pair.key, i, "bench"), compute)
        after.append(rss_mib())
    return {"size": size, "images": len(jpegs), "version": pair.version, "start": start, "first": after[0],
            "last": after[-1], "peak": sampler.stop()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--images", type=int, default=10)
    parser.add_argument("--sizes", default=",".join(SIZES))
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.child, args.images)))
        return
    print(f"load average {' '.join(f'{v:.2f}' for v in os.getloadavg())}")
    for size in args.sizes.split(","):
        out = subprocess.run([sys.executable, "-m", "bench.sam_memory", "--child", size, "--images", str(args.images)],
                             cwd=ROOT, capture_output=True, text=True, check=True)
        r = json.loads(out.stdout.strip().splitlines()[-1])
        print(f"{size}: {r['images']} embeddings (MobileSAM {r['version']}); VmRSS before the model "
              f"{r['start']:.0f} MB, after the first "
              f"{r['first']:.0f} MB, after the last {r['last']:.0f} MB, peak {r['peak']:.0f} MB "
              f"(target <= {TARGET_MB} MB, ratio {r['peak'] / TARGET_MB:.2f})")


if __name__ == "__main__":
    main()
