"""Mask propagation on DAVIS 2016 (issue 18): from the first frame's ground truth only, each sequence is
propagated to its end (labelplatform/prelabel/engines/propagate.py) and scored, then a robot user corrects.

Figures per sequence:
- J: region IoU, F: boundary F-measure (DAVIS: tolerance ceil(0.008 x the image diagonal) = 8 px at
  854x480), means over every frame after the first (the first is the given label);
- confidence: its range and its rank correlation with J (does "least confident first" find the drift?);
- seconds per frame in CPU time on one core (onnxruntime and OpenCV single-threaded): the encoder's
  embedding (computed ahead by the workers in the product) apart from propagation;
- the robot user: while some frame is below IoU 0.90, click the worst frame at the centre (deepest
  pixel) of its largest error region, positive where the object was missed, negative where the mask is
  extra; `correct()` with the frame's clicks so far and its image (as the editor has it); then re-propagate
  from that frame forwards until the masks agree with the old ones or the next corrected frame. Clicks per
  frame = all clicks / frames. A frame stops getting clicks after CLICKS_PER_FRAME_CAP.
  --as-editor gives `correct()` logits made from the shown mask (what the editor's correction endpoint
  sends) instead of propagation's own; --carry back-too also re-propagates backwards from a corrected frame
  to the previous corrected one, --carry product does what the product's carry-on of a saved correction
  does (see `carried`; figures in docs/propagation.md).

Embeddings are cached under var/cache/video-embeddings (keyed by model version, sequence and frame), so
only the first run pays the encoder; its CPU time is kept with them.

--verbose prints J and confidence per frame, the robot's clicks per frame (frame:clicks) and each clicked
frame's IoU before and after each of its clicks.

    .venv/bin/python bench/video.py [--sequences bear,...] [--every N] [--frames N] [--no-sam] [--no-robot]
        [--to-anchor] [--carry forward|back-too|product] [--as-editor] [--verbose]
"""

import argparse
import json
import math
import os
import statistics
import sys
import time
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import cv2
import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from labelplatform.masks.compare import boundary_f  # noqa: E402
from labelplatform.prelabel.engines.keyframes import between  # noqa: E402
from labelplatform.prelabel.engines.propagate import (  # noqa: E402
    FrameResult,
    Settings,
    TrackFrame,
    correct,
    labeled,
    mask_logits,
    propagate,
    repropagate,
)

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "davis2016_video"
if not DATA.exists():
    DATA = Path("/work/shared/data/davis2016_video")
CACHE = ROOT / "var" / "cache" / "video-embeddings"
TARGETS = {"J": 0.80, "F": 0.80, "clicks per frame": 0.2, "propagation CPU s per frame": 0.5}
GOOD_IOU = 0.90
CLICKS_PER_FRAME_CAP = 5
BOUND_TH = 0.008  # DAVIS: boundary tolerance as a share of the image diagonal


class Clip:
    """One sequence's frames (read lazily) and ground-truth masks, every `every`-th frame."""

    def __init__(self, name: str, every: int, limit: int | None) -> None:
        self.name = name
        names = sorted(p.name for p in (DATA / name / "frames").iterdir())[::every][:limit]
        self.paths = [DATA / name / "frames" / n for n in names]
        self.truth = [read(DATA / name / "masks" / (Path(n).stem + ".png")).max(axis=2) > 0 for n in names]

    def __len__(self) -> int:
        return len(self.paths)

    def image(self, index: int) -> np.ndarray:
        return np.asarray(cv2.cvtColor(read(self.paths[index]), cv2.COLOR_BGR2RGB), np.uint8)


def read(path: Path) -> np.ndarray:
    image = cv2.imread(str(path))
    if image is None:
        raise FileNotFoundError(path)
    return np.asarray(image)


def iou(a: np.ndarray, b: np.ndarray) -> float:
    union = np.count_nonzero(a | b)
    return np.count_nonzero(a & b) / union if union else 1.0


def load_model() -> Any:
    from labelplatform.prelabel.builtin.manifest import manifest_read
    from labelplatform.prelabel.engines.onnx_models import load_session
    from labelplatform.prelabel.engines.sam_prepared import decoder_of

    folder = Path(os.environ.get("MODELS_ROOT", ROOT / "var" / "models")) / "mobilesam"
    if not (folder / "manifest.json").exists():
        return None
    manifest = manifest_read(folder)
    files = manifest.files  # the decoder pair when installed, as the workers load it (backends.sam_decoder)
    decoder = decoder_of(files, lambda role: load_session(str(files[role].path)))
    return manifest, load_session(str(files["encoder"].path)), decoder


def embeddings(clip: Clip, every: int, model) -> tuple[dict[int, np.ndarray], list[float]]:  # type: ignore[no-untyped-def]
    """Every frame's embedding (cached on disk) and the encoder's CPU seconds of each computed one."""
    from labelplatform.prelabel.engines.sam import sam_embed

    manifest, encoder, _ = model
    folder = CACHE / manifest.version / clip.name
    folder.mkdir(parents=True, exist_ok=True)
    times_path = folder / "encoder_cpu_s.json"
    times = json.loads(times_path.read_text()) if times_path.exists() else {}
    out = {}
    for index, path in enumerate(clip.paths):
        file = folder / (path.stem + ".npy")
        if not file.exists():
            started = time.process_time()
            np.save(file, sam_embed(encoder, manifest.config, clip.image(index)))
            times[path.stem] = time.process_time() - started
            times_path.write_text(json.dumps(times))
        out[index] = np.load(file)
    return out, [times[p.stem] for p in clip.paths if p.stem in times]


def largest_error_click(truth: np.ndarray, mask: np.ndarray) -> tuple[float, float, bool]:
    """The deepest pixel of the largest connected error region; positive when it is missed object."""
    best: tuple[int, float, float, bool] = (0, 0.0, 0.0, True)
    for region, positive in ((truth & ~mask, True), (mask & ~truth, False)):
        count, labels, stats, _ = cv2.connectedComponentsWithStats(region.astype(np.uint8), connectivity=8)
        if count < 2:
            continue
        label = 1 + int(np.argmax(stats[1:, cv2.CC_STAT_AREA]))
        area = int(stats[label, cv2.CC_STAT_AREA])
        if area > best[0]:
            component = np.pad((labels == label).astype(np.uint8), 1)
            distance = cv2.distanceTransform(component, cv2.DIST_L2, 5)[1:-1, 1:-1]
            y, x = np.unravel_index(int(np.argmax(distance)), distance.shape)
            best = (area, float(x), float(y), positive)
    return best[1], best[2], best[3]


def robot_user(  # type: ignore[no-untyped-def]
    clip: Clip,
    state: dict[int, TrackFrame],
    segmenter,
    to_anchor: bool,
    history: dict[int, list[float]] | None = None,
    carry: str = "forward",
    as_editor: bool = False,
) -> tuple[dict[int, int], int]:
    """Clicks until every frame is >= GOOD_IOU (or capped); returns (clicks per clicked frame, frames still below).
    `history`, when given, gets each clicked frame's IoU before its first click and after each click."""
    anchors = {0}
    clicks: dict[int, list[tuple[float, float, bool]]] = {}
    while True:
        ious = {i: iou(state[i].mask, clip.truth[i]) for i in range(len(clip))}
        bad = [i for i in ious if ious[i] < GOOD_IOU and len(clicks.get(i, [])) < CLICKS_PER_FRAME_CAP]
        if not bad:
            return {i: len(c) for i, c in sorted(clicks.items())}, sum(v < GOOD_IOU for v in ious.values())
        worst = min(bad, key=lambda i: ious[i])
        clicks.setdefault(worst, []).append(largest_error_click(clip.truth[worst], state[worst].mask))
        shown = replace(state[worst], logits=mask_logits(state[worst].mask)) if as_editor else state[worst]
        state[worst] = correct(segmenter, worst, shown, clicks[worst], clip.image(worst))
        if history is not None:
            history.setdefault(worst, [ious[worst]]).append(iou(state[worst].mask, clip.truth[worst]))
        anchors.add(worst)
        for results in carried(clip, state, worst, anchors, segmenter, carry, to_anchor):
            for result in results:
                state[result.index] = result.tracks[1]


def carried(  # type: ignore[no-untyped-def]
    clip: Clip, state: dict[int, TrackFrame], corrected: int, anchors: set[int], segmenter, carry: str, to_anchor: bool
) -> list[Iterator[FrameResult]]:
    """The re-propagations a correction on frame `corrected` starts, between the corrected frames (`anchors`).
    forward: onwards until the masks agree with the old ones or the next corrected frame; back-too: the same
    backwards as well; product: what the product's carry-on does (sequences/repropagation.py): onwards until
    they agree, or fused from both ends (keyframes.between) up to the next corrected frame, and the frames
    back to the previous corrected frame fused from both ends."""
    later, earlier = [a for a in anchors if a > corrected], [a for a in anchors if a < corrected]
    following = min(later) if later else None
    stop = following - 1 if following is not None else len(clip) - 1
    start = {1: state[corrected]}
    out: list[Iterator[FrameResult]] = []
    if carry == "product":
        start = {1: labeled(state[corrected].mask)}  # the saved label, as the job reads it
        if following is not None and stop > corrected:
            out.append(between(clip, corrected, start, stop, {1: labeled(state[following].mask)}, segmenter))
        elif stop > corrected:
            out.append(repropagate(clip, corrected, start, stop, lambda i: {1: state[i].mask}, segmenter))
        previous = max(earlier) if earlier else None
        if previous is not None and corrected - 1 > previous:
            out.append(between(clip, previous, {1: labeled(state[previous].mask)}, corrected - 1, start, segmenter))
        return out
    stops = [stop] + ([max(earlier) + 1] if carry == "back-too" and earlier else [])
    for end in stops:
        if end == corrected:
            continue
        out.append(
            propagate(clip, corrected, start, end, segmenter)
            if to_anchor
            else repropagate(clip, corrected, start, end, lambda i: {1: state[i].mask}, segmenter)
        )
    return out


def spearman(a: list[float], b: list[float]) -> float:
    if len(a) < 3:
        return float("nan")
    ra, rb = np.argsort(np.argsort(a)), np.argsort(np.argsort(b))
    return float(np.corrcoef(ra, rb)[0, 1])


def bench_sequence(name: str, args: argparse.Namespace, model, settings: Settings) -> dict[str, float]:  # type: ignore[no-untyped-def]
    from labelplatform.prelabel.engines.sam_frames import SamFrames

    clip = Clip(name, args.every, args.frames)
    size = clip.truth[0].shape
    segmenter, encoder_cpu = None, list[float]()
    if model is not None:
        cached, encoder_cpu = embeddings(clip, args.every, model)
        segmenter = SamFrames(model[2], model[0].config, cached.__getitem__, size)
    state = {0: labeled(clip.truth[0])}
    started = time.process_time()
    for result in propagate(clip, 0, {1: state[0]}, len(clip) - 1, segmenter, settings):
        state[result.index] = result.tracks[1]
    propagation_cpu = (time.process_time() - started) / max(1, len(clip) - 1)
    tolerance = math.ceil(BOUND_TH * math.hypot(*size))
    later = range(1, len(clip))
    j = [iou(state[i].mask, clip.truth[i]) for i in later]
    f = [boundary_f(state[i].mask, clip.truth[i], tolerance) for i in later]
    confidence = [state[i].confidence for i in later]
    row = {
        "frames": len(clip),
        "J": statistics.mean(j),
        "F": statistics.mean(f),
        "J min": min(j),
        "conf min": min(confidence),
        "conf max": max(confidence),
        "conf~J": spearman(confidence, j),
        "prop s": propagation_cpu,
        "embed s": statistics.mean(encoder_cpu) if encoder_cpu else float("nan"),
    }
    if args.verbose:
        print("   J per frame:", " ".join(f"{v:.2f}" for v in j))
        print("   confidence: ", " ".join(f"{v:.2f}" for v in confidence))
    if segmenter is not None and not args.no_robot:
        history: dict[int, list[float]] = {}
        per_frame, below = robot_user(clip, state, segmenter, args.to_anchor, history, args.carry, args.as_editor)
        clicks = sum(per_frame.values())
        row.update({"clicks": clicks, "clicks/frame": clicks / len(clip), "below 0.90": below})
        if args.verbose:
            print("   clicks on frame:", " ".join(f"{i}:{n}" for i, n in per_frame.items()))
            print("   IoU per click:", " ".join(f"{i}:" + ">".join(f"{v:.2f}" for v in h) for i, h in history.items()))
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sequences", default="bear,rollerblade,soccerball")
    parser.add_argument("--every", type=int, default=1, help="use every N-th frame (development)")
    parser.add_argument("--frames", type=int, default=None, help="at most N frames per sequence")
    parser.add_argument("--no-sam", action="store_true", help="flow only (what runs without the model)")
    parser.add_argument("--no-robot", action="store_true")
    parser.add_argument("--mask-input", action="store_true", help="warped logits as SAM's mask prompt")
    parser.add_argument("--positives", type=int, default=Settings.positives)
    parser.add_argument("--negatives", type=int, default=Settings.negatives)
    parser.add_argument("--reach", type=float, default=Settings.reach)
    parser.add_argument(
        "--to-anchor",
        action="store_true",
        help="the robot re-propagates to the next corrected frame, not only until it agrees",
    )
    parser.add_argument(
        "--carry",
        choices=("forward", "back-too", "product"),
        default="forward",
        help="what a correction re-propagates (robot_user's `carried`)",
    )
    parser.add_argument(
        "--as-editor",
        action="store_true",
        help="correct() gets logits made from the shown mask, as the editor's endpoint sends it",
    )
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args()
    cv2.setNumThreads(1)  # one core, as the targets say
    model = None if args.no_sam else load_model()
    if model is None and not args.no_sam:
        print("MobileSAM is not installed (scripts/models): flow only")
    settings = Settings(
        mask_input=args.mask_input, positives=args.positives, negatives=args.negatives, reach=args.reach
    )
    print(f"DAVIS 2016 from {DATA}, every {args.every} frame(s), {settings}")
    rows = {}
    for name in args.sequences.split(","):
        rows[name] = bench_sequence(name, args, model, settings)
        print(
            f"{name:>12}: "
            + "  ".join(f"{k} {v:.3f}" if isinstance(v, float) else f"{k} {v}" for k, v in rows[name].items()),
            flush=True,
        )
    frames = sum(r["frames"] - 1 for r in rows.values())
    mean_j = sum(r["J"] * (r["frames"] - 1) for r in rows.values()) / frames
    mean_f = sum(r["F"] * (r["frames"] - 1) for r in rows.values()) / frames
    prop = sum(r["prop s"] * (r["frames"] - 1) for r in rows.values()) / frames
    print(
        f"{'all':>12}: J {mean_j:.3f} (target >= {TARGETS['J']})  F {mean_f:.3f} (target >= {TARGETS['F']})  "
        f"propagation CPU {prop:.3f} s/frame (target <= {TARGETS['propagation CPU s per frame']})"
    )
    if all("clicks" in r for r in rows.values()):
        clicks = sum(r["clicks"] for r in rows.values()) / sum(r["frames"] for r in rows.values())
        print(
            f"{'robot user':>12}: {clicks:.3f} clicks per frame (target <= {TARGETS['clicks per frame']}), "
            f"frames still below {GOOD_IOU}: {sum(r['below 0.90'] for r in rows.values())}"
        )


if __name__ == "__main__":
    main()
