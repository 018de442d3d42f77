"""Comparing masks: IoU, Dice, instance matching and boundary F-score.

These feed quality scores, consensus between labelers and model evaluation.
Masks may be RLEs (compared without decoding) or 2-D arrays.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field
from typing import Any

import cv2
import numpy as np
from numpy.typing import NDArray

from labelplatform.masks.errors import MaskError
from labelplatform.masks.rle import Rle, area, decode, encode, intersect, iou_matrix

MaskLike = Rle | NDArray[Any]


def _as_rle(mask: MaskLike) -> Rle:
    return mask if isinstance(mask, dict) else encode(mask)


def iou(first: MaskLike, second: MaskLike) -> float:
    """Intersection over union in [0, 1]; two empty masks count as identical (1.0)."""
    if isinstance(first, dict) or isinstance(second, dict):
        return float(iou_matrix([_as_rle(first)], [_as_rle(second)])[0, 0])
    a, b = _bool(first), _bool(second)
    if a.shape != b.shape:
        raise MaskError("shape", f"masks differ in shape: {a.shape} and {b.shape}")
    union = np.count_nonzero(a | b)
    return 1.0 if union == 0 else np.count_nonzero(a & b) / union


def dice(first: MaskLike, second: MaskLike) -> float:
    """Dice coefficient ``2|A&B| / (|A|+|B|)``; two empty masks count as identical (1.0)."""
    if isinstance(first, dict) or isinstance(second, dict):
        a, b = _as_rle(first), _as_rle(second)
        total = area(a) + area(b)
        return 1.0 if total == 0 else 2 * area(intersect([a, b])) / total
    x, y = _bool(first), _bool(second)
    if x.shape != y.shape:
        raise MaskError("shape", f"masks differ in shape: {x.shape} and {y.shape}")
    total = int(np.count_nonzero(x)) + int(np.count_nonzero(y))
    return 1.0 if total == 0 else 2 * int(np.count_nonzero(x & y)) / total


def _bool(mask: NDArray[Any]) -> NDArray[np.bool_]:
    return mask if mask.dtype == np.bool_ else mask != 0


@dataclass(frozen=True)
class ClassScores:
    """Matching result for one class at the IoU threshold.

    ``mean_iou`` averages the IoU of matched pairs (0 when none matched);
    precision is matched / predicted, recall matched / reference; a class
    with neither predictions nor references scores 1 everywhere.
    """

    matched: int
    predicted: int
    reference: int
    mean_iou: float
    precision: float
    recall: float


@dataclass(frozen=True)
class MatchResult:
    """Pairs ``(predicted index, reference index, iou)`` at or above the threshold."""

    pairs: list[tuple[int, int, float]]
    per_class: dict[Hashable, ClassScores] = field(default_factory=dict)

    @property
    def mean_iou(self) -> float:
        """Mean of the per-class mean IoU (classes with no matches count as 0)."""
        if not self.per_class:
            return 1.0
        return float(np.mean([s.mean_iou for s in self.per_class.values()]))


def match_instances(
    predicted: Sequence[tuple[Hashable, MaskLike]],
    reference: Sequence[tuple[Hashable, MaskLike]],
    threshold: float = 0.5,
) -> MatchResult:
    """Match instances of the same class one-to-one by IoU (Hungarian assignment).

    Each item is ``(class, mask)``. The assignment maximises total IoU per
    class; pairs below ``threshold`` do not count as matches.
    """
    pred_rles = [_as_rle(mask) for _, mask in predicted]
    ref_rles = [_as_rle(mask) for _, mask in reference]
    classes = sorted({c for c, _ in predicted} | {c for c, _ in reference}, key=repr)
    pairs: list[tuple[int, int, float]] = []
    per_class: dict[Hashable, ClassScores] = {}
    for cls in classes:
        pred_idx = [i for i, (c, _) in enumerate(predicted) if c == cls]
        ref_idx = [i for i, (c, _) in enumerate(reference) if c == cls]
        ious = iou_matrix([pred_rles[i] for i in pred_idx], [ref_rles[j] for j in ref_idx])
        matched: list[float] = []
        if ious.size:
            from scipy.optimize import linear_sum_assignment  # here: scipy.optimize is ~55 MB a worker need not hold

            rows, cols = linear_sum_assignment(ious, maximize=True)
            for r, c in zip(rows.tolist(), cols.tolist(), strict=True):
                if ious[r, c] >= threshold and ious[r, c] > 0:
                    pairs.append((pred_idx[r], ref_idx[c], float(ious[r, c])))
                    matched.append(float(ious[r, c]))
        per_class[cls] = _scores(len(matched), len(pred_idx), len(ref_idx), matched)
    return MatchResult(sorted(pairs), per_class)


def _scores(matched: int, predicted: int, reference: int, ious: list[float]) -> ClassScores:
    if predicted == 0 and reference == 0:
        return ClassScores(0, 0, 0, 1.0, 1.0, 1.0)
    return ClassScores(
        matched=matched,
        predicted=predicted,
        reference=reference,
        mean_iou=float(np.mean(ious)) if ious else 0.0,
        precision=matched / predicted if predicted else 0.0,
        recall=matched / reference if reference else 0.0,
    )


def boundary(mask: NDArray[Any]) -> NDArray[np.bool_]:
    """Inner boundary: foreground pixels with a 4-neighbour outside (the image edge is outside)."""
    pixels = np.pad(_bool(mask), 1).view(np.uint8)
    cross = np.array([[0, 1, 0], [1, 1, 1], [0, 1, 0]], np.uint8)
    eroded = np.asarray(cv2.erode(pixels, cross), np.uint8)
    edge: NDArray[np.bool_] = (pixels > eroded)[1:-1, 1:-1]
    return edge


def boundary_f(predicted: MaskLike, reference: MaskLike, tolerance: int = 2) -> float:
    """Boundary F-score: boundary pixels of each mask within ``tolerance`` px of the other's.

    Two masks with no boundary at all (both empty) score 1.0; one empty, 0.0.
    """
    pred = decode(predicted, trusted=True) if isinstance(predicted, dict) else _bool(predicted)
    ref = decode(reference, trusted=True) if isinstance(reference, dict) else _bool(reference)
    if pred.shape != ref.shape:
        raise MaskError("shape", f"masks differ in shape: {pred.shape} and {ref.shape}")
    pred_edge, ref_edge = boundary(pred), boundary(ref)
    pred_count, ref_count = np.count_nonzero(pred_edge), np.count_nonzero(ref_edge)
    if pred_count == 0 and ref_count == 0:
        return 1.0
    if pred_count == 0 or ref_count == 0:
        return 0.0
    size = 2 * tolerance + 1
    disk = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (size, size))
    near_ref = cv2.dilate(ref_edge.view(np.uint8), disk).view(np.bool_)
    near_pred = cv2.dilate(pred_edge.view(np.uint8), disk).view(np.bool_)
    precision = np.count_nonzero(pred_edge & near_ref) / pred_count
    recall = np.count_nonzero(ref_edge & near_pred) / ref_count
    if precision + recall == 0:
        return 0.0
    return float(2 * precision * recall / (precision + recall))
