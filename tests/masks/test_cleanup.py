"""Clean-up: small components, small holes, smoothing, thresholds."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from numpy.typing import NDArray

from labelplatform import masks as M
from tests.masks.strategies import masks, quick


def test_removes_only_components_under_the_size() -> None:
    mask = np.zeros((10, 10), bool)
    mask[0:3, 0:3] = True  # 9 pixels
    mask[6, 6] = mask[7, 7] = True  # diagonal pair: one 8-connected component of 2
    cleaned = M.remove_small_components(mask, 3)
    assert cleaned[0:3, 0:3].all() and not cleaned[6:, 6:].any()
    assert np.array_equal(M.remove_small_components(mask, 2), mask)


def test_fills_only_enclosed_holes_under_the_size() -> None:
    mask = np.ones((12, 12), bool)
    mask[2, 2] = False  # 1-pixel hole
    mask[5:9, 5:9] = False  # 16-pixel hole
    mask[0, 6] = False  # notch on the border, not a hole
    filled = M.fill_small_holes(mask, 10)
    assert filled[2, 2] and not filled[5:9, 5:9].any() and not filled[0, 6]
    assert M.fill_small_holes(mask, 17)[5:9, 5:9].all()


def test_diagonal_gap_does_not_let_a_hole_leak() -> None:
    mask = np.array([[1, 1, 1], [1, 0, 1], [1, 1, 0]], bool)
    # The centre touches the border cell (2, 2) only diagonally: still a hole.
    assert M.fill_small_holes(mask, 5)[1, 1]


def test_smoothing_removes_spurs_and_notches() -> None:
    mask = np.zeros((40, 40), bool)
    mask[10:30, 10:30] = True
    mask[20, 30:36] = True  # one-pixel spur
    mask[10:13, 20] = False  # notch
    smooth = M.smooth_edges(mask, 2)
    assert not smooth[20, 32:36].any()
    assert M.close_mask(mask, 2)[11:13, 20].all()
    assert smooth[15:25, 15:25].all()
    assert np.array_equal(M.smooth_edges(mask, 0), mask)


@quick
@given(masks())
def test_opening_shrinks_and_closing_grows(mask: NDArray[np.bool_]) -> None:
    assert not (M.open_mask(mask, 1) & ~mask).any()
    assert not (mask & ~M.close_mask(mask, 1)).any()


def test_threshold_defaults_to_one_half() -> None:
    probabilities = np.array([[0.2, 0.5], [0.7, np.nan]])
    assert M.threshold(probabilities).tolist() == [[False, True], [True, False]]
    assert M.threshold(probabilities, 0.1).tolist() == [[True, True], [True, False]]
    assert M.threshold(np.array([[0, 127, 128, 255]], np.uint8)).tolist() == [[False, False, True, True]]
    with pytest.raises(M.MaskError):
        M.threshold(np.zeros((2, 2), np.int32))


def _whole_image_reference(mask: NDArray[np.bool_], min_pixels: int, max_pixels: int) -> NDArray[np.bool_]:
    """Both clean-ups as plain connected components over the whole image (no crop)."""
    import cv2

    pixels = mask.astype(np.uint8)
    _, labels, stats, _ = cv2.connectedComponentsWithStats(pixels, connectivity=8)
    keep = stats[:, cv2.CC_STAT_AREA] >= min_pixels
    keep[0] = False
    kept = keep[labels]
    background = (~kept).astype(np.uint8)
    _, labels, stats, _ = cv2.connectedComponentsWithStats(background, connectivity=4)
    height, width = mask.shape
    left, top = stats[:, cv2.CC_STAT_LEFT], stats[:, cv2.CC_STAT_TOP]
    border = (left == 0) | (top == 0) | (left + stats[:, cv2.CC_STAT_WIDTH] == width)
    border |= top + stats[:, cv2.CC_STAT_HEIGHT] == height
    fill = (stats[:, cv2.CC_STAT_AREA] < max_pixels) & ~border
    fill[0] = False
    result: NDArray[np.bool_] = kept | fill[labels]
    return result


def test_cropped_clean_up_equals_the_whole_image_one() -> None:
    # The clean-ups work on the foreground's box; objects anywhere, touching any border, holes and notches.
    rng = np.random.default_rng(7)
    for case in range(300):
        height, width = rng.integers(1, 40, size=2)
        mask = np.zeros((height, width), bool)
        for _ in range(rng.integers(0, 4)):
            top, left = rng.integers(0, height), rng.integers(0, width)
            mask[top : top + rng.integers(1, 20), left : left + rng.integers(1, 20)] = True
        mask &= rng.random(mask.shape) > rng.choice([0.0, 0.1, 0.3])  # holes and specks
        min_pixels, max_pixels = int(rng.integers(1, 8)), int(rng.integers(1, 30))
        got = M.fill_small_holes(M.remove_small_components(mask, min_pixels), max_pixels)
        assert np.array_equal(got, _whole_image_reference(mask, min_pixels, max_pixels)), case
