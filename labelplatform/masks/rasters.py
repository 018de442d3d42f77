"""Raster mask formats for import and export, as numpy arrays.

- semantic index mask: one class value per pixel (uint8/uint16 PNG);
- colour-coded RGB mask with ``mask_labels``: ``[{"value": [r, g, b], "labels": [...]}]``;
- alpha mask: RGBA whose alpha channel is the mask;
- instance-id mask (Cityscapes ``instanceIds``): ``class * 1000 + n`` per
  instance pixel, plain ``class`` for regions without instances.

Objects come out as RLEs keyed by the value they had; PNG bytes are in ``png``.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Any, TypedDict

import numpy as np
from numpy.typing import NDArray

from labelplatform.masks.errors import MaskError
from labelplatform.masks.labelmap import rles_from_labelmap
from labelplatform.masks.rle import BoolArray, Rle, decode

CITYSCAPES_FACTOR = 1000  # instance ids are class * 1000 + n
MaskLike = Rle | NDArray[Any]


class MaskLabel(TypedDict):
    """One colour of a colour-coded mask and the labels it stands for."""

    value: list[int]
    labels: list[str]


@dataclass(frozen=True)
class InstanceRegion:
    """A region of an instance-id mask; ``instance`` is None for class-only regions."""

    class_id: int
    instance: int | None
    mask: Rle


def _bool_mask(mask: MaskLike, shape: tuple[int, int]) -> BoolArray:
    pixels = decode(mask, trusted=True) if isinstance(mask, dict) else np.asarray(mask) != 0
    if pixels.shape != shape:
        raise MaskError("shape", f"mask shape {pixels.shape} differs from the image {shape}")
    return pixels


def objects_from_index_mask(index: NDArray[Any], ignore: Collection[int] = (0,)) -> dict[int, Rle]:
    """One RLE per value of a semantic index (or instance label) mask, skipping ``ignore``."""
    if index.ndim != 2 or not np.issubdtype(index.dtype, np.integer):
        raise MaskError("shape", f"an index mask must be 2-D integers, got {index.dtype}")
    objects = rles_from_labelmap(index)
    if 0 not in ignore:
        zero = index == 0
        if zero.any():
            objects[0] = rles_from_labelmap(zero.view(np.uint8))[1]
    return {value: rle for value, rle in sorted(objects.items()) if value not in ignore}


def index_mask_from_objects(
    objects: Sequence[tuple[int, MaskLike]], height: int, width: int, *, background: int = 0
) -> NDArray[np.uint8] | NDArray[np.uint16]:
    """Index mask painting each ``(value, mask)`` in order; uint8 if values fit, else uint16."""
    top = max([background, *(value for value, _ in objects)])
    if top > 65535 or min([background, *(value for value, _ in objects)]) < 0:
        raise MaskError("value", "index values must be within 0..65535")
    dtype = np.uint8 if top < 256 else np.uint16
    index = np.full((height, width), background, dtype)
    for value, mask in objects:
        index[_bool_mask(mask, (height, width))] = value
    return index


def _pack_rgb(rgb: NDArray[Any]) -> NDArray[np.uint32]:
    if rgb.ndim != 3 or rgb.shape[2] < 3 or rgb.dtype != np.uint8:
        raise MaskError("shape", f"a colour mask must be HxWx3 uint8, got {rgb.shape} {rgb.dtype}")
    channels = rgb[:, :, :3].astype(np.uint32)
    packed = channels[:, :, 0] << np.uint32(16)
    packed |= channels[:, :, 1] << np.uint32(8)
    packed |= channels[:, :, 2]
    return packed


def _colour_key(value: Sequence[int]) -> int:
    if len(value) != 3 or not all(isinstance(v, int) and 0 <= v <= 255 for v in value):
        raise MaskError("value", f"a colour must be [r, g, b] in 0..255, got {value}")
    return (value[0] << 16) | (value[1] << 8) | value[2]


def objects_from_color_mask(
    rgb: NDArray[Any], mask_labels: Sequence[MaskLabel], *, strict: bool = True
) -> list[tuple[list[str], Rle]]:
    """``(labels, mask)`` per listed colour present in an RGB mask.

    Black is background unless listed. With ``strict`` any other unlisted
    colour raises :class:`MaskError` naming it (a sign of a lossy file).
    """
    packed = _pack_rgb(rgb)
    keys = {_colour_key(entry["value"]): entry for entry in mask_labels}
    present = np.unique(packed)
    unknown = [int(k) for k in present.tolist() if k not in keys and k != 0]
    if strict and unknown:
        shown = [[k >> 16, (k >> 8) & 255, k & 255] for k in unknown[:5]]
        raise MaskError("value", f"colours not in mask_labels: {shown}")
    # Map listed colours to 1..n so the label-map encoder does the rest.
    listed = [k for k in present.tolist() if k in keys]
    lookup = np.searchsorted(present, packed)
    to_index = np.zeros(present.size, np.uint16)
    for position, key in enumerate(present.tolist()):
        if key in keys:
            to_index[position] = listed.index(key) + 1
    rles = rles_from_labelmap(to_index[lookup])
    return [(list(keys[key]["labels"]), rles[i + 1]) for i, key in enumerate(listed)]


def distinct_colors(count: int) -> list[list[int]]:
    """``count`` distinct, non-black colours, the same every time (golden-ratio hues)."""
    colours: list[list[int]] = []
    seen = {(0, 0, 0)}
    hue = 0.0
    step = 0
    while len(colours) < count:
        hue = (hue + 0.618033988749895) % 1.0
        level = 1.0 - 0.25 * ((step // 64) % 3)
        rgb = tuple(int(round(255 * level * c)) for c in _hsv_to_rgb(hue))
        step += 1
        if rgb not in seen:
            seen.add(rgb)  # type: ignore[arg-type]
            colours.append(list(rgb))
    return colours


def _hsv_to_rgb(hue: float) -> tuple[float, float, float]:
    sector = int(hue * 6) % 6
    f = hue * 6 - int(hue * 6)
    table = [(1, f, 0), (1 - f, 1, 0), (0, 1, f), (0, 1 - f, 1), (f, 0, 1), (1, 0, 1 - f)]
    r, g, b = table[sector]
    return float(r), float(g), float(b)


def color_mask_from_objects(
    objects: Sequence[tuple[Sequence[str], MaskLike]], height: int, width: int
) -> tuple[NDArray[np.uint8], list[MaskLabel]]:
    """RGB mask with one distinct colour per object, and its ``mask_labels``."""
    colours = distinct_colors(len(objects))
    rgb = np.zeros((height, width, 3), np.uint8)
    mask_labels: list[MaskLabel] = []
    for (labels, mask), colour in zip(objects, colours, strict=True):
        rgb[_bool_mask(mask, (height, width))] = colour
        mask_labels.append({"value": colour, "labels": list(labels)})
    return rgb, mask_labels


def mask_from_alpha(rgba: NDArray[Any], level: int = 128) -> BoolArray:
    """Mask of an RGBA image's alpha channel: alpha at least ``level`` is inside."""
    if rgba.ndim != 3 or rgba.shape[2] != 4:
        raise MaskError("shape", f"an alpha mask must be HxWx4, got {rgba.shape}")
    return np.ascontiguousarray(rgba[:, :, 3]) >= level


def alpha_from_mask(mask: MaskLike, image: NDArray[np.uint8] | None = None) -> NDArray[np.uint8]:
    """RGBA with alpha 255 inside the mask and 0 outside; RGB from ``image`` or white."""
    pixels = decode(mask, trusted=True) if isinstance(mask, dict) else np.asarray(mask) != 0
    height, width = pixels.shape
    rgba = np.empty((height, width, 4), np.uint8)
    if image is None:
        rgba[:, :, :3] = 255
    else:
        if image.shape[:2] != pixels.shape:
            raise MaskError("shape", f"image shape {image.shape} differs from the mask")
        rgba[:, :, :3] = image[:, :, :3] if image.ndim == 3 else image[:, :, None]
    rgba[:, :, 3] = pixels.view(np.uint8) * np.uint8(255)
    return rgba


def objects_from_instance_ids(ids: NDArray[Any]) -> list[InstanceRegion]:
    """Regions of a Cityscapes-style instance-id mask; value 0 is unlabeled."""
    regions = []
    for value, rle in sorted(objects_from_index_mask(ids).items()):
        if value >= CITYSCAPES_FACTOR:
            class_id, instance = divmod(value, CITYSCAPES_FACTOR)
            regions.append(InstanceRegion(class_id, instance, rle))
        else:
            regions.append(InstanceRegion(value, None, rle))
    return regions


def instance_ids_from_objects(
    objects: Sequence[tuple[int, MaskLike]],
    height: int,
    width: int,
    *,
    stuff_classes: Collection[int] = (),
) -> NDArray[np.int32]:
    """Instance-id mask: object ``n`` (from 0, per class) of class ``c`` is ``c * 1000 + n``.

    Objects of ``stuff_classes`` are written as the plain class id.
    """
    ids = np.zeros((height, width), np.int32)
    counters: dict[int, int] = {}
    for class_id, mask in objects:
        if not 0 < class_id < 2**31 // CITYSCAPES_FACTOR:
            raise MaskError("value", f"class id {class_id} cannot be written as an instance id")
        if class_id in stuff_classes:
            value = class_id
        else:
            n = counters.get(class_id, 0)
            if n >= CITYSCAPES_FACTOR:
                raise MaskError("value", f"class {class_id} has more than 1000 instances")
            counters[class_id] = n + 1
            value = class_id * CITYSCAPES_FACTOR + n
        ids[_bool_mask(mask, (height, width))] = value
    return ids
