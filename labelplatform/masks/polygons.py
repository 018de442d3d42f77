"""Polygons for COCO and YOLO segmentation: masks to outlines with holes, and back.

Vertices are pixel-centre coordinates ``(x, y)`` as OpenCV traces them, so a
mask traced with ``tolerance=0`` and filled again with OpenCV (our readers,
YOLO tools) comes back pixel-exact. COCO polygons are the exception: they
follow pixel edges (see :func:`coco_polygons`), as pycocotools fills them.
COCO polygons and YOLO lines cannot express holes; exporters check
:func:`has_holes` and fall back to RLE (COCO) or accept the loss (YOLO).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import cv2
import numpy as np
from numpy.typing import NDArray
from pycocotools import mask as coco

from labelplatform.masks.errors import MaskError
from labelplatform.masks.rle import BoolArray, Rle, normalize

Ring = list[tuple[float, float]]
# cv2.fillPoly takes fixed-point vertices; 8 fraction bits keep sub-pixel input.
_SHIFT = 8


@dataclass
class Polygon:
    """An outer ring and the holes inside it (each ring: ``[(x, y), ...]``)."""

    outer: Ring
    holes: list[Ring] = field(default_factory=list)


def polygons_from_mask(mask: NDArray[Any], tolerance: float = 0.0) -> list[Polygon]:
    """Outer contours with their holes; ``tolerance`` (px) simplifies with Douglas-Peucker."""
    if mask.ndim != 2:
        raise MaskError("shape", f"a mask must be 2-D, got shape {mask.shape}")
    pixels = np.ascontiguousarray(mask != 0 if mask.dtype != np.bool_ else mask).view(np.uint8)
    contours, hierarchy = cv2.findContours(pixels, cv2.RETR_CCOMP, cv2.CHAIN_APPROX_SIMPLE)
    if hierarchy is None:
        return []
    tree = hierarchy[0]
    polygons: list[Polygon] = []
    for index, contour in enumerate(contours):
        if tree[index][3] != -1:
            continue  # a hole; collected with its parent below
        polygon = Polygon(_ring(contour, tolerance))
        child = int(tree[index][2])
        while child != -1:
            polygon.holes.append(_ring(contours[child], tolerance))
            child = int(tree[child][0])
        polygons.append(polygon)
    return polygons


def _ring(contour: NDArray[Any], tolerance: float) -> Ring:
    if tolerance > 0 and len(contour) > 3:
        contour = cv2.approxPolyDP(contour, tolerance, closed=True)
    return [(float(x), float(y)) for x, y in contour.reshape(-1, 2).tolist()]


def mask_from_polygons(polygons: Sequence[Polygon], height: int, width: int) -> BoolArray:
    """Fill polygons (holes cut out, their rims kept, as traced) into an HxW mask."""
    canvas = np.zeros((height, width), np.uint8)
    for polygon in polygons:
        # Each polygon on its own layer so a hole never erases another polygon
        # (e.g. an island drawn inside someone else's hole).
        layer = np.zeros_like(canvas)
        _fill(layer, [polygon.outer], 1)
        if polygon.holes:
            _fill(layer, polygon.holes, 0)
            # OpenCV traces a hole along the foreground pixels around it: put them back.
            cv2.polylines(layer, _fixed(polygon.holes), True, 1, shift=_SHIFT)
        canvas |= layer
    return canvas.view(np.bool_)


def _fixed(rings: Sequence[Ring]) -> list[NDArray[np.int32]]:
    return [np.round(np.asarray(r, np.float64) * (1 << _SHIFT)).astype(np.int32) for r in rings]


def _fill(canvas: NDArray[np.uint8], rings: Sequence[Ring], value: int) -> None:
    rings = [r for r in rings if r]
    if rings:
        cv2.fillPoly(canvas, _fixed(rings), value, lineType=cv2.LINE_8, shift=_SHIFT)


def has_holes(polygons: Sequence[Polygon]) -> bool:
    """Whether any polygon has a hole (COCO and YOLO polygons cannot store one)."""
    return any(p.holes for p in polygons)


def coco_polygons(mask: NDArray[Any], tolerance: float = 1.0) -> list[list[float]]:
    """COCO ``segmentation`` polygons: flat ``[x1, y1, x2, y2, ...]`` outer rings (holes filled).

    Vertices are pixel corners (pixel ``(x, y)`` spans ``[x, x+1] x [y, y+1]``, as in
    COCO), not centres: pycocotools fills pixel ``(x, y)`` when ``(x + 0.4, y + 0.4)``
    is inside the ring (even-odd, column by column; vertices rounded to 0.2 px), so
    an outline through pixel centres loses the right column and bottom row, while
    one along pixel edges decodes back exactly. ``tolerance=0`` keeps every corner
    (a hole-free mask round-trips pixel-exact); ``tolerance > 0`` simplifies with
    Douglas-Peucker, but never below 3 vertices (pycocotools reads 4 numbers as a box).
    """
    result = []
    for ring in _corner_rings(mask):
        if tolerance > 0 and len(ring) > 4:
            simple = cv2.approxPolyDP(ring, tolerance, closed=True)
            ring = simple if len(simple) >= 3 else ring  # a thin object would flatten to nothing
        result.append([float(v) for v in ring.reshape(-1).tolist()])
    return result


def _corner_rings(mask: NDArray[Any]) -> list[NDArray[Any]]:
    """Outer boundaries of the mask along pixel edges, one vertex per corner (N x 1 x 2 int32)."""
    if mask.ndim != 2:
        raise MaskError("shape", f"a mask must be 2-D, got shape {mask.shape}")
    pixels = np.ascontiguousarray(mask != 0 if mask.dtype != np.bool_ else mask).view(np.uint8)
    left, top, width, height = cv2.boundingRect(pixels)  # trace the crop, not the whole image
    if width == 0:
        return []
    # Doubled, each pixel is a 2x2 block, and OpenCV's (pixel-centre) outline of the
    # blocks visits one doubled pixel per corner of the original: with a 1-pixel pad,
    # doubled pixel p is corner p // 2. Same 8-connected topology as the original.
    crop = pixels[top : top + height, left : left + width]
    doubled = np.pad(crop.repeat(2, axis=0).repeat(2, axis=1), 1)
    contours, _ = cv2.findContours(doubled, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_NONE)
    rings = []
    for contour in contours:
        points = contour.reshape(-1, 2) // 2 + np.array([left, top], np.int32)
        points = points[np.any(points != np.roll(points, 1, axis=0), axis=1)]  # repeats
        before, after = points - np.roll(points, 1, axis=0), np.roll(points, -1, axis=0) - points
        corners = points[np.any(before != after, axis=1)]  # drop collinear unit steps
        rings.append(corners.reshape(-1, 1, 2).astype(np.int32))
    return rings


def mask_from_coco_polygons(polygons: Sequence[Sequence[float]], height: int, width: int) -> Rle:
    """RLE of COCO polygons rasterised the way COCO tools do (pycocotools)."""
    usable = [list(map(float, p)) for p in polygons if len(p) >= 6 and len(p) % 2 == 0]
    if not usable:
        raise MaskError("value", "no polygon with at least 3 points")
    merged = coco.merge(coco.frPyObjects(usable, height, width))
    return normalize(merged)


def yolo_polygons(mask: NDArray[Any], tolerance: float = 1.0) -> list[list[float]]:
    """YOLO segmentation polygons: outer rings as ``[x1, y1, ...]`` normalised to [0, 1].

    Pixel-centre outlines, unlike :func:`coco_polygons`: YOLO readers (ours,
    Ultralytics) fill with ``cv2.fillPoly`` on pixel indices, which keeps the pixels
    on the outline, so centres come back exactly (corners would add a row and a column).
    """
    height, width = mask.shape
    scale = np.array([width, height], np.float64)
    result = []
    for polygon in polygons_from_mask(mask, tolerance):
        points = np.asarray(polygon.outer, np.float64) / scale
        result.append([round(v, 6) for v in points.reshape(-1).tolist()])
    return result


def mask_from_yolo(polygons: Sequence[Sequence[float]], height: int, width: int) -> BoolArray:
    """Mask of YOLO polygons (coordinates normalised to the image size)."""
    scale = np.array([width, height], np.float64)
    rings: list[Ring] = []
    for flat in polygons:
        if len(flat) < 6 or len(flat) % 2:
            raise MaskError("value", "a YOLO polygon needs an even number of at least 6 values")
        points = np.asarray(flat, np.float64).reshape(-1, 2) * scale
        rings.append([(float(x), float(y)) for x, y in points.tolist()])
    return mask_from_polygons([Polygon(r) for r in rings], height, width)
