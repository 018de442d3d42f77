"""Masks between numpy and the wire's COCO RLE, through the platform's own mask library.

numpy and the mask library are imported on the first mask converted, not with the client: the mask
package loads SciPy and OpenCV (about 0.6 s of CPU, numpy 0.1 s more), which a command such as
``labelplatform upload`` never needs. A caller holding an array has imported numpy already.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

    BoolArray = NDArray[np.bool_]


def to_rle(mask: Any) -> Any:
    """A 2-D numpy mask (bool, or 0/1 integers) as an RLE; anything else (an RLE dict) unchanged."""
    numpy = sys.modules.get("numpy")  # not loaded: `mask` cannot be an array
    if numpy is not None and isinstance(mask, numpy.ndarray):
        from labelplatform.masks.rle import encode  # on first use: see the module docstring

        return dict(encode(mask))
    return mask


def to_numpy(rle: Any) -> BoolArray:
    """A wire RLE as a boolean ``(height, width)`` array."""
    from labelplatform.masks.rle import decode  # on first use: see the module docstring

    return decode(rle)


def encode_objects(objects: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Label objects with numpy masks turned into RLEs (the input is not changed)."""
    return [{**obj, "mask": to_rle(obj["mask"])} if "mask" in obj else obj for obj in objects]


def decode_label(label: dict[str, Any]) -> dict[str, Any]:
    """The label with each object's ``mask`` a boolean array and its RLE kept under ``rle``."""
    objects = [{**obj, "rle": obj["mask"], "mask": to_numpy(obj["mask"])} for obj in label.get("objects", [])]
    return {**label, "objects": objects}


def class_map(label: dict[str, Any], height: int, width: int) -> NDArray[np.int32]:
    """One array of the label's class ids per pixel (0 where no object is)."""
    import numpy as np  # on first use: see the module docstring

    out = np.zeros((height, width), np.int32)
    for obj in label.get("objects", []):
        mask = obj["mask"] if isinstance(obj["mask"], np.ndarray) else to_numpy(obj["mask"])
        out[mask] = int(obj["class"])
    return out
