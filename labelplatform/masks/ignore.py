"""Scores that leave an "ignore" region out (e.g. the GrabCut benchmark's 128 boundary band)."""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import NDArray


def iou_ignoring(predicted: NDArray[Any], reference: NDArray[Any], ignore: NDArray[Any] | None = None) -> float:
    """IoU of two boolean masks counted only where ``ignore`` is false; two empty masks score 1."""
    if predicted.shape != reference.shape or (ignore is not None and ignore.shape != reference.shape):
        raise ValueError(f"shapes differ: {predicted.shape}, {reference.shape}")
    pred, ref = predicted.astype(bool), reference.astype(bool)
    if ignore is not None:
        keep = ~ignore.astype(bool)
        pred, ref = pred & keep, ref & keep
    union = int(np.count_nonzero(pred | ref))
    return 1.0 if union == 0 else int(np.count_nonzero(pred & ref)) / union
