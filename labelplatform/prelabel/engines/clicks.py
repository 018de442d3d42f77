"""The simulated annotator of the NoC protocol (RITM / f-BRS): click where the error is deepest."""

from dataclasses import dataclass

import cv2
import numpy as np
from numpy.typing import NDArray


@dataclass(frozen=True)
class Click:
    x: int
    y: int
    positive: bool


def _deepest_point(region: NDArray[np.bool_]) -> tuple[int, int, float]:
    """(x, y, depth) of the region's point farthest from its edge; the image border counts as edge."""
    padded = np.pad(region.astype(np.uint8), 1)
    distance = cv2.distanceTransform(padded, cv2.DIST_L2, 5)[1:-1, 1:-1]
    y, x = np.unravel_index(int(np.argmax(distance)), distance.shape)
    return int(x), int(y), float(distance[y, x])


def next_click(
    truth: NDArray[np.bool_], predicted: NDArray[np.bool_] | None, ignore: NDArray[np.bool_] | None = None
) -> Click | None:
    """The next click: centre of the deeper of the false-negative and false-positive regions."""
    valid = ~ignore if ignore is not None else np.ones_like(truth)
    pred = np.zeros_like(truth) if predicted is None else predicted
    missed = truth & ~pred & valid
    extra = ~truth & pred & valid
    fx, fy, fdepth = _deepest_point(missed)
    bx, by, bdepth = _deepest_point(extra)
    if max(fdepth, bdepth) <= 0:
        return None
    return Click(fx, fy, True) if fdepth >= bdepth else Click(bx, by, False)
