"""Mask clean-up: speckles, small holes, jagged edges, probability thresholds.

Foreground is 8-connected and background 4-connected, the usual pairing that
keeps a one-pixel diagonal line one object and never lets a hole leak out
through a diagonal gap.
"""

from __future__ import annotations

from typing import Any

import cv2
import numpy as np
from numpy.typing import NDArray

from labelplatform.masks.errors import MaskError
from labelplatform.masks.rle import BoolArray

DEFAULT_THRESHOLD = 0.5


def _uint8(mask: NDArray[Any]) -> NDArray[np.uint8]:
    if mask.ndim != 2:
        raise MaskError("shape", f"a mask must be 2-D, got shape {mask.shape}")
    pixels = mask.view(np.uint8) if mask.dtype == np.bool_ else (mask != 0).view(np.uint8)
    return np.ascontiguousarray(pixels)


def _crop(pixels: NDArray[np.uint8]) -> tuple[int, int, int, int] | None:
    """The foreground's bounding box grown by one pixel (clipped to the image), as top, bottom, left, right;
    None without foreground.

    Both clean-ups give the same answer on that crop as on the whole image, at a fraction of the cost for a
    small object on a large image: outside the box there is no foreground, and the one-pixel margin is
    background joined to the image's border (the rest of the image outside the box reaches the border), so
    a hole touches the crop's edge exactly when it touches the image's border in the whole image.
    """
    left, top, width, height = cv2.boundingRect(pixels)
    if width == 0 or height == 0:
        return None
    rows, cols = pixels.shape
    return max(top - 1, 0), min(top + height + 1, rows), max(left - 1, 0), min(left + width + 1, cols)


def remove_small_components(mask: NDArray[Any], min_pixels: int) -> BoolArray:
    """Drop 8-connected foreground components with fewer than ``min_pixels`` pixels."""
    pixels = _uint8(mask)
    result: BoolArray = np.zeros(pixels.shape, np.bool_)
    box = _crop(pixels)
    if box is None:
        return result
    top, bottom, left, right = box
    _, labels, stats, _ = cv2.connectedComponentsWithStats(
        np.ascontiguousarray(pixels[top:bottom, left:right]), connectivity=8
    )
    keep = stats[:, cv2.CC_STAT_AREA] >= min_pixels
    keep[0] = False  # component 0 is the background
    result[top:bottom, left:right] = keep[labels]
    return result


def fill_small_holes(mask: NDArray[Any], max_pixels: int) -> BoolArray:
    """Fill holes (4-connected background not touching the border) under ``max_pixels``."""
    pixels = _uint8(mask)
    result: BoolArray = pixels.view(np.bool_).copy()
    box = _crop(pixels)
    if box is None:
        return result
    top, bottom, left, right = box
    background = np.ascontiguousarray(pixels[top:bottom, left:right] ^ np.uint8(1))
    _, labels, stats, _ = cv2.connectedComponentsWithStats(background, connectivity=4)
    height, width = background.shape
    ends_left = stats[:, cv2.CC_STAT_LEFT]
    ends_top = stats[:, cv2.CC_STAT_TOP]
    ends_right = ends_left + stats[:, cv2.CC_STAT_WIDTH]
    ends_bottom = ends_top + stats[:, cv2.CC_STAT_HEIGHT]
    touches_border = (ends_left == 0) | (ends_top == 0) | (ends_right == width) | (ends_bottom == height)
    small = stats[:, cv2.CC_STAT_AREA] < max_pixels
    fill = small & ~touches_border
    fill[0] = False  # label 0 is the foreground here
    result[top:bottom, left:right] |= fill[labels]
    return result


def _disk(radius: int) -> NDArray[np.uint8]:
    if radius < 0:
        raise MaskError("value", f"radius must not be negative, got {radius}")
    size = 2 * radius + 1
    return np.asarray(cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (size, size)), np.uint8)


def open_mask(mask: NDArray[Any], radius: int) -> BoolArray:
    """Morphological opening with a disk: removes spurs and bumps thinner than the disk."""
    result = cv2.morphologyEx(_uint8(mask), cv2.MORPH_OPEN, _disk(radius))
    return np.asarray(result).view(np.bool_)


def close_mask(mask: NDArray[Any], radius: int) -> BoolArray:
    """Morphological closing with a disk: closes notches and gaps narrower than the disk."""
    result = cv2.morphologyEx(_uint8(mask), cv2.MORPH_CLOSE, _disk(radius))
    return np.asarray(result).view(np.bool_)


def smooth_edges(mask: NDArray[Any], radius: int) -> BoolArray:
    """Smooth jagged edges: opening then closing with a disk of ``radius`` pixels."""
    if radius == 0:
        return _uint8(mask).view(np.bool_).copy()
    return close_mask(open_mask(mask, radius), radius)


def threshold(probabilities: NDArray[Any], level: float = DEFAULT_THRESHOLD) -> BoolArray:
    """Mask of pixels whose probability is at least ``level`` (NaN counts as outside).

    Float maps are probabilities in [0, 1]; uint8 maps are read as 0..255.
    """
    if probabilities.ndim != 2:
        raise MaskError("shape", f"a probability map must be 2-D, got {probabilities.shape}")
    if probabilities.dtype == np.uint8:
        return probabilities >= level * 255
    if not np.issubdtype(probabilities.dtype, np.floating):
        kind = probabilities.dtype
        raise MaskError("value", f"probabilities must be floats or uint8, not {kind}")
    return probabilities >= level
