"""Proposal recall on the coco128 project's dev split: for each of its 86 objects, the best IoU of a SAM mask
offered by the engine's prompts, by refinements of those masks, and by prompts taken from the object itself
(oracles, no pre-labeler has them). Where the engine's SAM masks miss an object, this says whether better
prompts, SAM's iterative refinement or nothing would have drawn it at IoU >= 0.75 (docs/dataengine.md).

    .venv/bin/python -u bench/dataengine_recall.py

Trained as bench/dataengine.py trains on the first 10 labeled images (no synthetic ones); the engine's
prompts are pre-labeling's (candidates.component_points() on the thing map, skip_covered, PREDICT_PROMPTS).
Figures are counts of objects at IoU >= 0.75, of all 86 and of the 51 of the classes the labeled images show
(person, car: the only ones the engine can name).
"""

import os
import sys
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")

import cv2  # noqa: E402
import numpy as np  # noqa: E402
from numpy.typing import NDArray  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from dataengine import DATA, KEPT_IOU, Sam  # noqa: E402
from dataengine_sets import coco128_dev  # noqa: E402

from labelplatform.dataengine.engines.candidates import component_points, min_area  # noqa: E402
from labelplatform.dataengine.engines.engine import (  # noqa: E402
    PREDICT_PROMPTS,
    EngineModel,
    Example,
    _planes,
    engine_train,
    nearest,
    work_size,
)
from labelplatform.masks.cleanup import fill_small_holes, remove_small_components  # noqa: E402
from labelplatform.masks.compare import iou  # noqa: E402
from labelplatform.prelabel.engines.pixel_classifier import predict_proba  # noqa: E402
from labelplatform.prelabel.engines.sam import LOW_RES, Step, decoder_outputs, upsampled  # noqa: E402

Masks = list[tuple[NDArray[np.bool_], NDArray[np.float32], float]]  # (mask at work size, its 256x256 logits,
# SAM's predicted IoU)
POINT, TOP_LEFT, BOTTOM_RIGHT = 1.0, 2.0, 3.0


def decode(
    sam: Sam,
    embedding: NDArray[np.float32],
    size: tuple[int, int],
    points: list[tuple[float, float, float]],
    previous: NDArray[np.float32] | None = None,
    which: range = range(4),
) -> Masks:
    """SAM's masks `which` (0: the single-mask answer, 1-3: the multimask candidates), cleaned as the engine
    cleans them."""
    logits, scores = decoder_outputs(sam.decoder, sam.config, embedding, Step(points, multimask=True), size, previous)
    smallest = min_area(size)
    masks = []
    for index in which:
        mask = upsampled(logits[0, index], sam.config, size) > 0.0
        mask = fill_small_holes(remove_small_components(mask, smallest), smallest)
        if np.count_nonzero(mask) >= smallest:
            masks.append((mask, logits[0, index], 1.0 if scores is None else float(scores[index])))
    return masks


def corners(mask: NDArray[np.bool_]) -> list[tuple[float, float, float]]:
    ys, xs = np.nonzero(mask)
    return [(float(xs.min()), float(ys.min()), TOP_LEFT), (float(xs.max() + 1), float(ys.max() + 1), BOTTOM_RIGHT)]


def innermost(mask: NDArray[np.bool_]) -> tuple[float, float]:
    distance = cv2.distanceTransform(np.pad(mask.view(np.uint8), 1), cv2.DIST_L2, 3)[1:-1, 1:-1]
    row, col = np.unravel_index(int(np.argmax(distance)), distance.shape)
    return float(col) + 0.5, float(row) + 0.5


def as_logits(mask: NDArray[np.bool_], size: tuple[int, int]) -> NDArray[np.float32]:
    """`mask` as SAM's 256x256 low-res logits of the padded 1024-px input (+-10 inside / outside)."""
    side = max(size)
    height, width = round(size[0] * 1024 / side), round(size[1] * 1024 / side)
    padded = np.zeros((1024, 1024), np.float32)
    padded[:height, :width] = cv2.resize(mask.astype(np.float32), (width, height), interpolation=cv2.INTER_LINEAR)
    low = cv2.resize(padded, (LOW_RES, LOW_RES), interpolation=cv2.INTER_AREA)
    return np.asarray((low - 0.5) * 20.0, np.float32)


def best(truth: NDArray[np.bool_], masks: Masks) -> float:
    return max((iou(nearest(mask, truth.shape), truth) for mask, _, _ in masks), default=0.0)


def engine_runs(
    sam: Sam, model: EngineModel, image: NDArray[np.uint8], embedding: NDArray[np.float32], size: tuple[int, int]
) -> list[tuple[tuple[float, float], Masks]]:
    """Pre-labeling's decoder runs (candidates.sam_scored_masks with skip_covered) with their logits."""
    proba = predict_proba(model.semantic, image, _planes(model.basis, embedding, size))
    things = np.isin(np.asarray(model.semantic.classes)[np.argmax(proba, axis=2)], model.things)
    covered = np.zeros(size, np.bool_)
    runs = []
    for (x, y), _ in component_points(things, limit=PREDICT_PROMPTS):
        if covered[min(int(y), size[0] - 1), min(int(x), size[1] - 1)]:
            continue
        masks = decode(sam, embedding, size, [(x, y, POINT)])
        if masks:
            covered |= max(masks, key=lambda m: m[2])[0]
        runs.append(((x, y), masks))
    return runs


def main() -> None:
    cv2.setNumThreads(1)
    sam = Sam(Path(__file__).resolve().parents[1] / "var" / "bench-cache")
    data = coco128_dev(DATA / "coco128_seg" / "coco128-seg", 8)
    stem = "coco128_seg"
    model = engine_train(
        [
            Example(s.image, s.classes, s.instances, sam.embedding(f"{stem}-{s.name}", s.image), s.valid)
            for s in data.pool[:10]
        ],
        data.things,
        sam.decoder,
        sam.config,
    )
    seen = {c for s in data.pool[:10] for c, _ in s.instances}
    rows: list[dict[str, float]] = []
    kernel = np.ones((3, 3), np.uint8)
    for sample in data.test:
        embedding = sam.embedding(f"{stem}-{sample.name}", sample.image)
        size = work_size(sample.classes.shape)
        image = np.asarray(cv2.resize(sample.image, (size[1], size[0]), interpolation=cv2.INTER_AREA), np.uint8)
        runs = engine_runs(sam, model, image, embedding, size)
        offered = [m for _, masks in runs for m in masks]
        refined: dict[str, Masks] = {
            "point + box + logits": [],
            "point + logits": [],
            "box + logits": [],
            "box": [],
            "point + box": [],
        }
        for (x, y), masks in runs:
            for mask, logits, _ in masks:
                box = corners(mask)
                refined["point + box + logits"] += decode(sam, embedding, size, [(x, y, POINT)] + box, logits, range(1))
                refined["point + logits"] += decode(sam, embedding, size, [(x, y, POINT)], logits, range(1))
                refined["box + logits"] += decode(sam, embedding, size, box, logits, range(1))
                refined["box"] += decode(sam, embedding, size, box, None, range(1))
                refined["point + box"] += decode(sam, embedding, size, [(x, y, POINT)] + box, None, range(1))
        for value, truth in sample.instances:
            small = nearest(truth, size)
            if not small.any():
                continue
            x, y = innermost(small)
            box = corners(small)
            at_point = decode(sam, embedding, size, [(x, y, POINT)])
            peaks = [(px, py, POINT) for (px, py), _ in component_points(small, limit=3)] or [(x, y, POINT)]
            row = {
                "class": float(value),
                "seen": float(value in seen),
                "share": float(truth.mean()),
                "engine's prompts (all four masks)": best(truth, offered),
                **{f"engine's masks refined: {k}": best(truth, v) for k, v in refined.items()},
                "oracle: innermost point": best(truth, at_point),
                "oracle: box": best(truth, decode(sam, embedding, size, box, None, range(1))),
                "oracle: innermost point, then refined (point + box + logits)": best(
                    truth,
                    [
                        r
                        for mask, logits, _ in at_point
                        for r in decode(sam, embedding, size, [(x, y, POINT)] + corners(mask), logits, range(1))
                    ],
                ),
                "oracle: up to 3 points (the truth's distance maxima)": best(
                    truth, decode(sam, embedding, size, peaks)
                ),
                "oracle: point + box + the truth itself as logits": best(
                    truth, decode(sam, embedding, size, [(x, y, POINT)] + box, as_logits(small, size), range(1))
                ),
                "the truth through SAM's 256x256 logits grid": iou(
                    nearest(upsampled(as_logits(small, size), sam.config, size) > 0.0, truth.shape), truth
                ),
                "the truth at the engine's work size": iou(nearest(small, truth.shape), truth),
                "the truth dilated by 1 px": iou(cv2.dilate(truth.view(np.uint8), kernel) > 0, truth),
                "the truth eroded by 1 px": iou(cv2.erode(truth.view(np.uint8), kernel) > 0, truth),
            }
            rows.append(row)
        print(f"  {sample.name}: {len(runs)} runs, {len(sample.instances)} objects", flush=True)
    shown = [r for r in rows if r["seen"]]
    print(f"objects at IoU >= {KEPT_IOU}: of all {len(rows)} / of the {len(shown)} of seen classes; mean IoU (all)")
    for key in [k for k in rows[0] if k not in ("class", "seen", "share")]:
        print(
            f"  {key:66s} {sum(r[key] >= KEPT_IOU for r in rows):3d} / {sum(r[key] >= KEPT_IOU for r in shown):3d}"
            f"   {np.mean([r[key] for r in rows]):.3f}"
        )
    engine = [k for k in rows[0] if k.startswith("engine")]
    print(
        f"  {'any of the engine rows':66s} {sum(max(r[k] for k in engine) >= KEPT_IOU for r in rows):3d} / "
        f"{sum(max(r[k] for k in engine) >= KEPT_IOU for r in shown):3d}"
    )
    tiny = [r for r in rows if r["share"] < 0.005]
    print(
        f"objects under 0.5 % of the image: {len(tiny)}, of them at IoU >= {KEPT_IOU} with the oracle point: "
        f"{sum(r['oracle: innermost point'] >= KEPT_IOU for r in tiny)}; mean IoU of the truth with itself "
        f"dilated by 1 px {np.mean([r['the truth dilated by 1 px'] for r in tiny]):.3f}, eroded "
        f"{np.mean([r['the truth eroded by 1 px'] for r in tiny]):.3f}"
    )


if __name__ == "__main__":
    main()
