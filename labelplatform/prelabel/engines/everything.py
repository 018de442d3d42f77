"""Segment everything with a SAM-family low_res decoder: a proposal for every object, none overlapping.

SAM's automatic mask generator, on one embedding: a grid of single positive clicks (GRID x GRID points at
cell centres; the decoder takes one prompt per run, so one run each), the three multimask candidates of
each kept when their predicted IoU and stability score (IoU of the mask at logit thresholds +1 and -1)
are high, non-maximum suppression by box IoU, then at the image's size the mask library's clean-up
(specks dropped, small holes filled) and pixels given to the better proposal where two overlap. The
decisions run on the 256x256 logits; only survivors are upsampled. SAM knows no classes: a proposal is a
mask with its score, box and area, which the editor turns into an object of the current class.
"""

from dataclasses import dataclass
from typing import Any

import cv2
import numpy as np
from numpy.typing import NDArray

from labelplatform.masks.cleanup import fill_small_holes, remove_small_components
from labelplatform.prelabel.engines.sam import LOW_RES, Step, decoder_outputs, encoder_input_size, upsampled
from labelplatform.prelabel.engines.sam_prepared import Decoder, prepared

GRID = 16  # 256 decoder runs (docs/prelabel.md: CPU); SAM's default 32 finds little more
PRED_IOU_MIN = 0.86  # SAM's automatic generator uses 0.88 with ViT-H; MobileSAM's predictions run lower
STABILITY_MIN = 0.92  # SAM: 0.95
STABILITY_OFFSET = 1.0
BOX_NMS_IOU = 0.7
MIN_AREA_FRACTION = 0.0005  # proposals (and specks, holes) under this part of the image are dropped
KEEP_AFTER_OVERLAP = 0.5  # a proposal that lost more than half its pixels to better ones is dropped


@dataclass(frozen=True)
class Proposal:
    mask: NDArray[np.bool_]  # the image's size
    score: float  # predicted IoU x stability
    bbox: tuple[int, int, int, int]  # x, y, w, h
    area: int


@dataclass(frozen=True)
class _Candidate:
    logits: NDArray[np.float32]  # 256x256
    score: float
    box: tuple[int, int, int, int]  # x0, y0, x1, y1 in low-res pixels (inclusive)


def grid_points(image_size: tuple[int, int], grid: int) -> list[tuple[float, float]]:
    height, width = image_size
    steps = (np.arange(grid) + 0.5) / grid
    return [(float(x * width), float(y * height)) for y in steps for x in steps]


def stability(logits: NDArray[np.float32]) -> float:
    high = np.count_nonzero(logits > STABILITY_OFFSET)
    low = np.count_nonzero(logits > -STABILITY_OFFSET)
    return float(high / low) if low else 0.0


def _box(mask: NDArray[np.bool_]) -> tuple[int, int, int, int] | None:
    ys, xs = np.nonzero(mask)
    if ys.size == 0:
        return None
    return int(xs.min()), int(ys.min()), int(xs.max()), int(ys.max())


def box_iou(a: tuple[int, int, int, int], b: tuple[int, int, int, int]) -> float:
    ix = max(0, min(a[2], b[2]) - max(a[0], b[0]) + 1)
    iy = max(0, min(a[3], b[3]) - max(a[1], b[1]) + 1)
    inter = ix * iy
    area_a = (a[2] - a[0] + 1) * (a[3] - a[1] + 1)
    area_b = (b[2] - b[0] + 1) * (b[3] - b[1] + 1)
    return inter / float(area_a + area_b - inter)


def _candidates(decoder: Decoder, config: dict[str, Any], embedding: NDArray[Any],
                image_size: tuple[int, int], grid: int) -> list[_Candidate]:
    input_h, input_w = encoder_input_size(config, *image_size)
    side = max(config["encoder"]["size"])
    valid_h, valid_w = max(1, input_h * LOW_RES // side), max(1, input_w * LOW_RES // side)
    found = []
    decoder = prepared(decoder, embedding)  # a decoder pair's image-only work once for the grid's runs
    for x, y in grid_points(image_size, grid):
        for candidate, score in _all_candidates(decoder, config, embedding, (x, y), image_size):
            logits = candidate.copy()
            logits[valid_h:, :] = -20.0  # the padding below and right of the resized image is never object
            logits[:, valid_w:] = -20.0
            steady = stability(logits)
            if score < PRED_IOU_MIN or steady < STABILITY_MIN:
                continue
            box = _box(logits > 0)
            if box is not None:
                found.append(_Candidate(logits, score * steady, box))
    return found


def _all_candidates(decoder: Decoder, config: dict[str, Any], embedding: NDArray[Any],
                    point: tuple[float, float], image_size: tuple[int, int]) -> list[tuple[NDArray[np.float32], float]]:
    logits, scores = decoder_outputs(decoder, config, embedding, Step([(point[0], point[1], 1.0)], True), image_size)
    if scores is None:
        return []
    return [(logits[0, k], float(scores[k])) for k in range(1, logits.shape[1])]


def non_max_suppressed(candidates: list[_Candidate]) -> list[_Candidate]:
    kept: list[_Candidate] = []
    for candidate in sorted(candidates, key=lambda c: -c.score):
        if all(box_iou(candidate.box, k.box) <= BOX_NMS_IOU for k in kept):
            kept.append(candidate)
    return kept


def proposals(decoder: Decoder, config: dict[str, Any], embedding: NDArray[Any],
              image_size: tuple[int, int], grid: int = GRID) -> list[Proposal]:
    """Every object the model proposes, best first, cleaned and without overlaps."""
    height, width = image_size
    min_area = max(16, int(MIN_AREA_FRACTION * height * width))
    taken = np.zeros(image_size, np.bool_)
    found = []
    for candidate in non_max_suppressed(_candidates(decoder, config, embedding, image_size, grid)):
        mask = upsampled(candidate.logits, config, image_size) > 0.0
        mask = fill_small_holes(remove_small_components(mask, min_area), min_area)
        whole = int(np.count_nonzero(mask))
        mask &= ~taken
        area = int(np.count_nonzero(mask))
        if area < min_area or area < KEEP_AFTER_OVERLAP * whole:
            continue
        taken |= mask
        x, y, w, h = cv2.boundingRect(mask.view(np.uint8))
        found.append(Proposal(mask, round(min(1.0, candidate.score), 4), (x, y, w, h), area))
    return found
