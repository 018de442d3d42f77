"""Propagation between keyframes: from one end only against both ends fused (prelabel/engines/keyframes.py).

On the DAVIS 2016 sequences, the ground truth is given on every `--gap`-th frame (and the last) as if a
person had labeled it; every frame in between is propagated (a) forwards from the keyframe before it only,
as the job did before, and (b) from both keyframes and fused. Prints per sequence the mean and worst J
(region IoU) and mean F (boundary) of the frames in between, the propagation CPU seconds per frame in between
(both ends: two passes) and the rank correlation of the frames' confidence with their J.

    .venv/bin/python bench/keyframes.py [--gap 15] [--sequences bear rollerblade soccerball]
"""

import argparse
import math
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.video import BOUND_TH, Clip, embeddings, iou, load_model, spearman  # noqa: E402
from labelplatform.masks.compare import boundary_f  # noqa: E402
from labelplatform.prelabel.engines.keyframes import between  # noqa: E402
from labelplatform.prelabel.engines.propagate import TrackFrame, labeled, propagate  # noqa: E402
from labelplatform.prelabel.engines.sam_frames import SamFrames  # noqa: E402


def run(clip: Clip, segmenter: SamFrames, keys: list[int], fused: bool) -> tuple[dict[int, TrackFrame], float]:
    """Every frame between the keyframes, and the CPU seconds per such frame."""
    out: dict[int, TrackFrame] = {}
    started = time.process_time()
    for a, b in zip(keys, keys[1:], strict=False):
        if b - a < 2:
            continue
        start = {1: labeled(clip.truth[a])}
        results = (
            between(clip, a, start, b - 1, {1: labeled(clip.truth[b])}, segmenter)
            if fused
            else propagate(clip, a, start, b - 1, segmenter)
        )
        for result in results:
            out[result.index] = result.tracks[1]
    return out, (time.process_time() - started) / max(1, len(out))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--gap", type=int, default=15, help="a keyframe every this many frames (and the last)")
    parser.add_argument("--sequences", nargs="*", default=["bear", "rollerblade", "soccerball"])
    args = parser.parse_args()
    model = load_model()
    if model is None:
        sys.exit("MobileSAM is not installed (scripts/models)")
    print(f"keyframes every {args.gap} frames; J, F over the frames between them")
    for name in args.sequences:
        clip = Clip(name, 1, None)
        cached, _ = embeddings(clip, 1, model)
        size = clip.truth[0].shape
        segmenter = SamFrames(model[2], model[0].config, cached.__getitem__, size)
        keys = sorted({*range(0, len(clip), args.gap), len(clip) - 1})
        tolerance = math.ceil(BOUND_TH * math.hypot(*size))
        for fused in (False, True):
            frames, cpu = run(clip, segmenter, keys, fused)
            j = [iou(frames[i].mask, clip.truth[i]) for i in sorted(frames)]
            f = [boundary_f(frames[i].mask, clip.truth[i], tolerance) for i in sorted(frames)]
            rank = spearman([frames[i].confidence for i in sorted(frames)], j)
            print(
                f"{name:12s} {'both ends' if fused else 'one end  '}  frames {len(j):3d}  J {statistics.mean(j):.3f}"
                f"  J min {min(j):.3f}  F {statistics.mean(f):.3f}  conf~J {rank:+.2f}  CPU s/frame {cpu:.2f}"
            )


if __name__ == "__main__":
    main()
