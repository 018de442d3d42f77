"""Where the data engine's ISBI membrane pre-labels go wrong, and what redrawing thin classes as lines of one
learned width would be worth (docs/dataengine.md, "Thin classes").

The membranes are labeled as lines of about one width, while the engine's map draws them as wide as the dark
bands look. This bench measures, on the engine's own calibrated membrane probability:
- the error budget: the map's wrong pixels by where they lie (a membrane drawn too thick, missed, or far from
  any membrane), and the mean IoU each kind would be worth if it alone were fixed (oracles, not pre-labelers);
- the ceiling of one-width rendering: the ground truth's own centre lines redrawn at one radius;
- one-width rendering of the prediction: centre lines (skeleton of the thresholded map, or the probability's
  ridge across the line) redrawn at the radius learned from the labeled images, the same centre lines kept
  only where they are within 2.5 px of a true one (oracle), and the map's width capped at that radius;
- the probability map itself post-processed: thresholds, median filtering.

    .venv/bin/python -u bench/dataengine_lines.py [--split dev|held-out]

dev (decisions): trained on pool images 0-2, 4-6 and 8-10, each scored on pool images 12-21. held-out:
trained on pool images 0-2 (the bench's 3 labeled images), scored on the 8 held-out images.
"""

import argparse
from pathlib import Path

import cv2
import numpy as np
from dataengine import DATA, Sam  # (it also puts the repository on sys.path)
from dataengine_sets import Sample, isbi
from scipy import ndimage

from labelplatform.dataengine.engines.engine import (
    Example,
    Prelabels,
    _planes,
    calibrated,
    engine_predict,
    engine_train,
)
from labelplatform.prelabel.engines.pixel_classifier import predict_proba

MEMBRANE, CELL = 1, 2
NEAR = 2.5  # px: a predicted centre line this close to a true one counts as found (oracle filter)


def _thinning_tables() -> tuple[np.ndarray, np.ndarray]:
    """Zhang-Suen's two deletion tests for each 8-neighbourhood code (bit i = neighbour P(i+2), clockwise
    from north)."""
    first, second = np.zeros(256, bool), np.zeros(256, bool)
    for code in range(256):
        p = [(code >> i) & 1 for i in range(8)]
        crossings = sum(p[i] == 0 and p[(i + 1) % 8] == 1 for i in range(8))
        if 2 <= sum(p) <= 6 and crossings == 1:
            n, e, s, w = p[0], p[2], p[4], p[6]
            first[code] = not (n and e and s) and not (e and s and w)
            second[code] = not (n and e and w) and not (n and s and w)
    return first, second


TABLES = _thinning_tables()
CODE_WEIGHTS = np.array([[128, 1, 2], [64, 0, 4], [32, 16, 8]], np.float32)


def skeleton(mask: np.ndarray) -> np.ndarray:
    """One-pixel-wide centre lines of `mask` (Zhang-Suen thinning)."""
    thin = mask.astype(np.uint8)
    while True:
        changed = False
        for table in TABLES:
            code = cv2.filter2D(thin.astype(np.float32), -1, CODE_WEIGHTS, borderType=cv2.BORDER_CONSTANT)
            remove = (thin == 1) & table[code.astype(np.intp)]
            if remove.any():
                thin[remove] = 0
                changed = True
        if not changed:
            return thin.astype(bool)


def ridge(probability: np.ndarray, threshold: float) -> np.ndarray:
    """Pixels at least `threshold` that are a maximum across the line (along the Hessian's most negative
    eigenvector, where that curvature outweighs the other: on a line, not at its flanks): non-maximum
    suppression of the probability."""
    dxx, dyy, dxy = (cv2.Sobel(probability, cv2.CV_32F, dx, dy, ksize=3) for dx, dy in ((2, 0), (0, 2), (1, 1)))
    across = 0.5 * np.arctan2(2 * dxy, dxx - dyy) + np.pi / 2
    half_trace, root = 0.5 * (dxx + dyy), np.sqrt((0.5 * (dxx - dyy)) ** 2 + dxy**2)
    smallest, largest = half_trace - root, half_trace + root
    nx, ny = np.cos(across).astype(np.float32), np.sin(across).astype(np.float32)
    rows, cols = np.mgrid[0:probability.shape[0], 0:probability.shape[1]].astype(np.float32)
    ahead, behind = (cv2.remap(probability, cols + sign * nx, rows + sign * ny, cv2.INTER_LINEAR,
                               borderMode=cv2.BORDER_REFLECT) for sign in (1, -1))
    return np.asarray((probability >= ahead) & (probability >= behind) & (probability >= threshold)
                      & (smallest < -np.abs(largest)), bool)


def drawn(lines: np.ndarray, radius: float) -> np.ndarray:
    return np.asarray(ndimage.distance_transform_edt(~lines) <= radius, bool)


def learned_radius(masks: list[np.ndarray]) -> float:
    """The radius at which the labeled masks' own centre lines, redrawn, best match them (mean IoU of the
    class and the rest): what a renderer of this class would learn from the labeled images."""
    candidates = np.arange(1.5, 5.01, 0.25)
    scores = np.zeros(candidates.size)
    for mask in masks:
        distance = ndimage.distance_transform_edt(~skeleton(mask))
        for i, radius in enumerate(candidates):
            scores[i] += two_class_iou(distance <= radius, mask)
    return float(candidates[int(np.argmax(scores))])


def iou(a: np.ndarray, b: np.ndarray) -> float:
    return int(np.count_nonzero(a & b)) / max(1, int(np.count_nonzero(a | b)))


def two_class_iou(predicted: np.ndarray, truth: np.ndarray) -> float:
    """Mean IoU of the class and the rest (bench/dataengine.py's mean IoU of a two-class set)."""
    return float(np.mean([iou(predicted, truth), iou(~predicted, ~truth)]))


def variants(probability: np.ndarray, truth: np.ndarray, radius: float) -> dict[str, np.ndarray]:
    """Membrane masks to score: the post-processings and the oracles."""
    mapped = probability >= 0.5
    too_thick = mapped & ~truth & (ndimage.distance_transform_edt(~truth) <= 2)
    inside = ndimage.distance_transform_edt(truth)
    true_lines = ndimage.distance_transform_edt(~skeleton(truth))
    thinned = skeleton(mapped)
    crest = ridge(probability, 0.5)
    median = cv2.medianBlur(np.round(probability * 255).astype(np.uint8), 7) >= 0.6 * 255
    return {
        "map (calibrated probability >= 0.5)": mapped,
        "map, threshold 0.6": probability >= 0.6,
        "map, 7x7 median then 0.6": median,
        "skeleton of the map redrawn at the learned radius": drawn(thinned, radius),
        "ridge of the probability redrawn at the learned radius": drawn(crest, radius),
        "map capped at the learned radius around its skeleton": mapped & drawn(thinned, radius),
        "oracle: true centre lines redrawn at the learned radius": true_lines <= radius,
        f"oracle: skeleton of the map within {NEAR} px of a true one, redrawn": drawn(
            thinned & (true_lines <= NEAR), radius),
        f"oracle: ridge within {NEAR} px of a true one, redrawn": drawn(crest & (true_lines <= NEAR), radius),
        "oracle: too thick fixed (wrong membrane <= 2 px from one)": mapped & ~too_thick,
        "oracle: far fixed (wrong membrane > 2 px from one)": mapped & (truth | too_thick),
        "oracle: edges fixed (also missed membrane <= 1 px deep)": (mapped & ~too_thick) | (truth & (inside <= 1)),
        "oracle: gaps fixed (missed membrane > 1 px deep)": mapped | (truth & (inside > 1)),
    }


def membrane_probability(train: list[Sample], test: list[Sample], sam: Sam) -> tuple[list[Prelabels], list[np.ndarray]]:
    """The engine trained on `train`: its pre-labels of `test` and its calibrated membrane probability."""
    def embedding(sample: Sample) -> np.ndarray:
        return sam.embedding(f"isbi_membrane-{sample.name}", sample.image)

    model = engine_train([Example(s.image, s.classes, [], embedding(s), s.valid) for s in train], [], None, {})
    column = model.semantic.classes.index(MEMBRANE)
    answers, maps = [], []
    for sample in test:
        answers.append(engine_predict(model, sample.image, embedding(sample), None, {}))
        proba = predict_proba(model.semantic, sample.image, _planes(model.basis, embedding(sample),
                                                                    sample.classes.shape))
        maps.append(calibrated(proba, model.priors)[:, :, column])
    return answers, maps


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--split", choices=("dev", "held-out"), default="dev")
    parser.add_argument("--cache", default=str(Path(__file__).resolve().parents[1] / "var" / "bench-cache"))
    args = parser.parse_args()
    cv2.setNumThreads(1)
    data = isbi(DATA / "isbi_membrane" / "data" / "membrane" / "train", 8)
    sam = Sam(Path(args.cache))
    runs: list[tuple[list[Sample], list[Sample]]] = (
        [(data.pool[start:start + 3], data.pool[12:22]) for start in (0, 4, 8)] if args.split == "dev"
        else [(data.pool[:3], data.test)])
    scores: dict[str, list[float]] = {}

    def add(name: str, value: float) -> None:
        scores.setdefault(name, []).append(value)
    for train, test in runs:
        radius = learned_radius([s.classes == MEMBRANE for s in train])
        print(f"trained on {[s.name for s in train]}: learned radius {radius:.2f} px", flush=True)
        answers, maps = membrane_probability(train, test, sam)
        for answer, probability, sample in zip(answers, maps, test, strict=True):
            truth = sample.classes == MEMBRANE
            add("engine's pre-labels (bench/dataengine.py's figure)", float(np.mean(
                [iou(answer.class_map == c, sample.classes == c) for c in (MEMBRANE, CELL)])))
            for name, predicted in variants(probability, truth, radius).items():
                add(name, two_class_iou(predicted, truth))
    print(f"{args.split}: mean IoU (membrane and cell) over {sum(len(t) for _, t in runs)} scored images")
    for name, values in scores.items():
        print(f"  {np.mean(values):.3f}  {name}")


if __name__ == "__main__":
    main()
