"""What describes one object mask: the image embedding pooled inside it, its shape and its colour.

The embedding cells are pooled with the share of each cell the mask covers as weights (cells the mask
barely touches count little). Shape and colour are cheap and tell apart what the embedding confuses
(a pedestrian from a pole of the same texture, a car from its shadow).
"""

import cv2
import numpy as np
from numpy.typing import NDArray

SHAPE_FEATURES = 8
COLOUR_FEATURES = 6


def cell_weights(mask: NDArray[np.bool_], grid_shape: tuple[int, int]) -> NDArray[np.float32]:
    """The share of each embedding cell that the mask covers, (rows, cols)."""
    rows, cols = grid_shape
    covered = cv2.resize(mask.astype(np.float32), (cols, rows), interpolation=cv2.INTER_AREA)
    return np.asarray(covered, np.float32)


def _pooled(cells: NDArray[np.float32], mask: NDArray[np.bool_]) -> NDArray[np.float32]:
    weights = cell_weights(mask, (cells.shape[1], cells.shape[2]))
    total = float(weights.sum())
    if total <= 0.0:  # smaller than a cell: the cell under its centre
        ys, xs = np.nonzero(mask)
        row = min(cells.shape[1] - 1, int(ys.mean() * cells.shape[1] / mask.shape[0]))
        col = min(cells.shape[2] - 1, int(xs.mean() * cells.shape[2] / mask.shape[1]))
        return cells[:, row, col].astype(np.float32)
    return (cells.reshape(cells.shape[0], -1) @ weights.ravel() / total).astype(np.float32)


def _shape(mask: NDArray[np.bool_]) -> NDArray[np.float32]:
    height, width = mask.shape
    ys, xs = np.nonzero(mask)
    area = ys.size
    x0, x1, y0, y1 = xs.min(), xs.max() + 1, ys.min(), ys.max() + 1
    box_w, box_h = (x1 - x0) / width, (y1 - y0) / height
    touches = float(x0 == 0 or y0 == 0 or x1 == width or y1 == height)
    return np.asarray([np.log(area / (height * width)), box_w, box_h, np.log((y1 - y0) / (x1 - x0)),
                       area / ((x1 - x0) * (y1 - y0)), xs.mean() / width, ys.mean() / height, touches], np.float32)


def _colour(lab: NDArray[np.uint8], mask: NDArray[np.bool_]) -> NDArray[np.float32]:
    inside = lab[mask].astype(np.float32) / 255.0
    return np.concatenate([inside.mean(axis=0), inside.std(axis=0)]).astype(np.float32)


def image_lab(image_rgb: NDArray[np.uint8]) -> NDArray[np.uint8]:
    if image_rgb.ndim == 2:
        image_rgb = np.asarray(cv2.cvtColor(image_rgb, cv2.COLOR_GRAY2RGB), np.uint8)
    return np.asarray(cv2.cvtColor(image_rgb, cv2.COLOR_RGB2LAB), np.uint8)


def region_features(cells: NDArray[np.float32], lab: NDArray[np.uint8], mask: NDArray[np.bool_]) -> NDArray[np.float32]:
    """One row: pooled embedding (256), shape (8), colour (6). The mask must not be empty."""
    return np.concatenate([_pooled(cells, mask), _shape(mask), _colour(lab, mask)])
