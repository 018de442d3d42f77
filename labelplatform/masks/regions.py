"""Regions of semantic maps and scores with an ignore region (used by pre-labeling).

``split_components(index, min_pixels, ignore=(0,))``: one boolean mask per
8-connected component of each value of an index map. ``iou_ignoring(pred,
ref, ignore)``: IoU counted only outside an ignore region (e.g. the GrabCut
benchmark's boundary band).
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

import cv2
import numpy as np
from numpy.typing import NDArray

from labelplatform.masks.errors import MaskError
from labelplatform.masks.rle import BoolArray


def split_components(
    index: NDArray[Any], min_pixels: int = 1, ignore: Collection[int] = (0,)
) -> list[tuple[int, BoolArray]]:
    """``(value, mask)`` per 8-connected component of each value, skipping ``ignore`` and tiny ones."""
    if index.ndim != 2 or not np.issubdtype(index.dtype, np.integer):
        raise MaskError("shape", f"an index map must be 2-D integers, got {index.shape} {index.dtype}")
    regions: list[tuple[int, BoolArray]] = []
    for value in np.unique(index):
        if int(value) in ignore:
            continue
        pixels = (index == value).view(np.uint8)
        count, labels, stats, _ = cv2.connectedComponentsWithStats(pixels, connectivity=8)
        for component in range(1, count):
            if stats[component, cv2.CC_STAT_AREA] >= min_pixels:
                regions.append((int(value), labels == component))
    return regions


def iou_ignoring(predicted: NDArray[Any], reference: NDArray[Any], ignore: NDArray[Any] | None = None) -> float:
    """IoU of two masks counted only where ``ignore`` is false; two empty masks score 1."""
    if predicted.shape != reference.shape or (ignore is not None and ignore.shape != reference.shape):
        raise MaskError("shape", f"shapes differ: {predicted.shape}, {reference.shape}")
    pred, ref = predicted.astype(bool), reference.astype(bool)
    if ignore is not None:
        keep = ~ignore.astype(bool)
        pred, ref = pred & keep, ref & keep
    union = int(np.count_nonzero(pred | ref))
    return 1.0 if union == 0 else int(np.count_nonzero(pred & ref)) / union
