"""Rasters for dataset exports and imports: painting many trusted RLEs at once, fast PNG bytes.

Exports paint every object of an image into one value map (class ids,
instance ids, panoptic segment ids) in transposed space, so each RLE decode
needs no copy and the whole image needs one transpose. PNGs are written with
a low zlib level: mask images are mostly long runs and compress well anyway.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from numpy.typing import NDArray
from pycocotools import mask as coco

from labelplatform.masks.errors import MaskError
from labelplatform.masks.labelmap import transpose
from labelplatform.masks.png import write_png
from labelplatform.masks.rle import Rle

FAST_PNG_LEVEL = 1  # zlib level: 1 is ~3x faster than 6 and barely larger on masks


def paint_values(
    objects: Sequence[tuple[int, Rle]], height: int, width: int, dtype: type[np.integer[Any]] = np.uint8
) -> NDArray[Any]:
    """HxW map with each trusted ``(value, rle)`` painted in order (later wins), 0 elsewhere."""
    top = np.iinfo(dtype).max
    values_t = np.zeros((width, height), dtype)
    for value, rle in objects:
        if not 0 <= value <= top:
            raise MaskError("value", f"value {value} does not fit {np.dtype(dtype).name}")
        if list(rle["size"]) != [height, width]:
            raise MaskError("size", f"mask size {rle['size']} differs from {[height, width]}")
        # pycocotools decodes column-major: its transpose is a C-ordered (width, height) view.
        values_t[coco.decode(dict(rle)).T.view(np.bool_)] = value
    return transpose(values_t)


def png_bytes(pixels: NDArray[Any], *, palette: Sequence[int] | None = None, level: int = FAST_PNG_LEVEL) -> bytes:
    """PNG of HxW uint8/uint16 or HxWx3/4 uint8 pixels at the fast export level (see write_png)."""
    return write_png(pixels, palette=palette, level=level)


def voc_palette() -> list[int]:
    """The Pascal VOC colour map (index 255, the void boundary, is cream), 768 ints."""
    palette = []
    for index in range(256):
        r = g = b = 0
        c = index
        for shift in range(7, -1, -1):
            r |= ((c >> 0) & 1) << shift
            g |= ((c >> 1) & 1) << shift
            b |= ((c >> 2) & 1) << shift
            c >>= 3
        palette += [r, g, b]
    return palette


def colours_from_values(values: NDArray[Any], table: NDArray[np.uint8]) -> NDArray[np.uint8]:
    """HxWx3 colours of a value map through a (max value + 1) x 3 colour table."""
    if int(values.max(initial=0)) >= table.shape[0]:
        raise MaskError("value", f"value {int(values.max())} has no colour in a {table.shape[0]}-row table")
    result: NDArray[np.uint8] = table[values]
    return result


def panoptic_rgb_from_ids(ids: NDArray[Any]) -> NDArray[np.uint8]:
    """COCO panoptic PNG pixels: segment id = R + 256 * G + 256**2 * B."""
    ids = ids.astype(np.uint32, copy=False)
    rgb = np.empty((*ids.shape, 3), np.uint8)
    rgb[:, :, 0] = ids & 255
    rgb[:, :, 1] = (ids >> 8) & 255
    rgb[:, :, 2] = (ids >> 16) & 255
    return rgb


def panoptic_ids_from_rgb(rgb: NDArray[Any]) -> NDArray[np.uint32]:
    if rgb.ndim != 3 or rgb.shape[2] < 3 or rgb.dtype != np.uint8:
        raise MaskError("shape", f"a panoptic PNG must be HxWx3 uint8, got {rgb.shape} {rgb.dtype}")
    channels = rgb[:, :, :3].astype(np.uint32)
    ids: NDArray[np.uint32] = channels[:, :, 0] | (channels[:, :, 1] << np.uint32(8)) | (
        channels[:, :, 2] << np.uint32(16))
    return ids


def dominant_values(values: NDArray[Any], rles: Sequence[Rle]) -> list[int | None]:
    """The most frequent non-zero value of ``values`` under each trusted mask (None if all zero).

    Pairs VOC SegmentationObject instances with their SegmentationClass class.
    """
    values_t = values.T  # column-major like the RLE decode: no copies per mask
    result: list[int | None] = []
    for rle in rles:
        under = values_t[coco.decode(dict(rle)).T.view(np.bool_)]
        under = under[under != 0]
        result.append(int(np.bincount(under.astype(np.int64)).argmax()) if under.size else None)
    return result
