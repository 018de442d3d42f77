"""COCO polygons decode back (with pycocotools, as COCO readers do) to exactly the mask's pixels."""

from __future__ import annotations

import cv2
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from numpy.typing import NDArray
from pycocotools import mask as coco
from scipy import ndimage

from labelplatform import masks as M
from tests.masks.strategies import masks, quick, sizes


@st.composite
def shapes(draw: st.DrawFn) -> NDArray[np.bool_]:
    """Small and thin things: blobs, 1-px lines at any angle, single pixels, staircases, several at once."""
    height, width = draw(sizes)
    canvas = np.zeros((height, width), np.uint8)
    # Coordinates may fall outside the image so parts get clipped at (and touch) the border.
    xs, ys = st.integers(-2, width + 1), st.integers(-2, height + 1)
    for _ in range(draw(st.integers(1, 5))):
        kind = draw(st.sampled_from(["blob", "line", "pixel", "staircase"]))
        x, y = draw(xs), draw(ys)
        if kind == "blob":
            axes = (draw(st.integers(0, 12)), draw(st.integers(0, 12)))
            cv2.ellipse(canvas, (x, y), axes, draw(st.integers(0, 179)), 0, 360, 1, -1)
        elif kind == "line":  # 8-connected: diagonal runs touch corner to corner
            cv2.line(canvas, (x, y), (draw(xs), draw(ys)), 1, 1, lineType=cv2.LINE_8)
        elif kind == "pixel":
            canvas[min(max(y, 0), height - 1), min(max(x, 0), width - 1)] = 1
        else:
            step = draw(st.sampled_from([-1, 1]))
            for i in range(draw(st.integers(1, 20))):
                if 0 <= y + i < height and 0 <= x + step * i < width:
                    canvas[y + i, x + step * i] = 1
    return canvas.astype(bool)


def pycocotools_decode(polygons: list[list[float]], height: int, width: int) -> NDArray[np.bool_]:
    if not polygons:
        return np.zeros((height, width), bool)
    return np.asarray(coco.decode(coco.merge(coco.frPyObjects(polygons, height, width))), bool)


@quick
@given(st.one_of(shapes(), masks()))
def test_coco_polygons_decode_to_the_same_pixels(mask: NDArray[np.bool_]) -> None:
    polygons = M.coco_polygons(mask, tolerance=0)
    for flat in polygons:
        ring = np.asarray(flat).reshape(-1, 2)
        steps = np.diff(np.vstack([ring, ring[:1]]), axis=0)
        # Pixel corners only, joined by horizontal or vertical edges, and never read as a box.
        assert len(ring) >= 4 and np.array_equal(ring, np.round(ring)) and np.all((steps == 0).any(axis=1))
    # COCO polygons cannot carry holes, so holes come back filled: exact for every hole-free mask.
    filled = ndimage.binary_fill_holes(mask)
    assert np.array_equal(pycocotools_decode(polygons, *mask.shape), filled)
    # Hole-free as the COCO exporter decides it (else it keeps RLE) means exactly the same pixels.
    assert M.has_holes(M.polygons_from_mask(mask)) == (not np.array_equal(filled, mask))


@pytest.mark.parametrize(
    "rows",
    [
        ["#"],
        ["#..#", "....", "#..#"],  # single pixels in the corners
        ["#.#.#", ".#.#.", "#.#.#"],  # checkerboard: one component joined at corners only
        ["#...", ".#..", "..#.", "...#"],  # diagonal staircase
        ["######", "......", "#.....", "#....."],  # 1-px lines on the border
        ["###", "###"],  # the whole image
        ["..#..", ".#.#.", "..#.."],  # a one-pixel hole, closed at corners only: filled
    ],
)
def test_coco_polygons_corner_cases(rows: list[str]) -> None:
    mask = np.array([[c == "#" for c in row] for row in rows])
    decoded = pycocotools_decode(M.coco_polygons(mask, tolerance=0), *mask.shape)
    assert np.array_equal(decoded, ndimage.binary_fill_holes(mask))


def test_coco_polygons_simplify_with_tolerance_but_keep_thin_objects() -> None:
    yy, xx = np.mgrid[:60, :80]
    disk = (xx - 40) ** 2 + (yy - 30) ** 2 < 20**2
    exact, simple = M.coco_polygons(disk, tolerance=0), M.coco_polygons(disk, tolerance=1.0)
    assert len(simple[0]) < len(exact[0])
    assert M.iou(pycocotools_decode(simple, 60, 80), disk) > 0.97
    line = np.zeros((10, 40), bool)
    line[4, 5:35] = True  # Douglas-Peucker would flatten it to a 2-point ring
    assert np.array_equal(pycocotools_decode(M.coco_polygons(line, tolerance=1.0), 10, 40), line)
