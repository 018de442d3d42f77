"""Painting many trusted RLEs into one value map from their runs, without decoding a mask per object.

``paint_values`` (datasets.py) decodes every object to a full-frame mask and
assigns through it: at 1920x1080 with 20 objects that is 40 M pixels decoded
and scanned, about 100 ms. Here each object's counts are parsed to runs
(``counts.scan_counts``) and only its foreground runs are written, as slices
of the column-major frame: the cost follows the runs (a few thousand per
image), not the pixels. Same contract and result as ``paint_values``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from numpy.typing import NDArray

from labelplatform.masks.counts import scan_counts
from labelplatform.masks.errors import MaskError
from labelplatform.masks.labelmap import transpose
from labelplatform.masks.rle import Rle


def paint_runs(
    objects: Sequence[tuple[int, Rle]], height: int, width: int, dtype: type[np.integer[Any]] = np.uint8
) -> NDArray[Any]:
    """HxW map with each trusted ``(value, rle)`` painted in order (later wins), 0 elsewhere."""
    top = np.iinfo(dtype).max
    flat = np.zeros(width * height, dtype)  # column-major, as COCO RLE counts run
    for value, rle in objects:
        if not 0 <= value <= top:
            raise MaskError("value", f"value {value} does not fit {np.dtype(dtype).name}")
        if list(rle["size"]) != [height, width]:
            raise MaskError("size", f"mask size {rle['size']} differs from {[height, width]}")
        runs = scan_counts(rle["counts"], height, width, keep_runs=True, with_bbox=False).runs
        assert runs is not None
        ends = np.cumsum(runs)
        # Odd runs are foreground (run 0 is background, possibly empty).
        for start, end in zip((ends[1::2] - runs[1::2]).tolist(), ends[1::2].tolist(), strict=True):
            flat[start:end] = value
    return transpose(flat.reshape(width, height))
