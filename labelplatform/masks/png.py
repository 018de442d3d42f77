"""PNG bytes in and out (Pillow), for mask files in imports and exports."""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

import numpy as np
from numpy.typing import NDArray
from PIL import Image

from labelplatform.masks.errors import MaskError
from labelplatform.masks.rle import BoolArray


def read_image(data: bytes) -> NDArray[Any]:
    """Pixels of a PNG (or any Pillow-readable) file as numpy.

    Palette images keep their indices (VOC-style masks), 16-bit grey stays
    uint16, RGB/RGBA stay 8-bit channels.
    """
    try:
        with Image.open(io.BytesIO(data)) as image:
            image.load()
            if image.mode in ("I;16", "I;16B", "I;16L"):
                return np.asarray(image, np.uint16)
            if image.mode == "1":
                grey: NDArray[Any] = np.asarray(image.convert("L")) != 0
                return grey
            if image.mode not in ("L", "P", "RGB", "RGBA", "I"):
                return np.asarray(image.convert("RGBA" if "A" in image.mode else "RGB"))
            pixels: NDArray[Any] = np.asarray(image)
            return pixels
    except (OSError, ValueError) as error:
        raise MaskError("parse", f"not a readable image: {error}") from None


def write_png(
    pixels: NDArray[Any], *, palette: Sequence[int] | None = None, level: int = 6
) -> bytes:
    """PNG bytes of an HxW uint8/uint16/bool array or an HxWx3/HxWx4 uint8 array.

    Booleans are written 0/255 so the file is visible in an image viewer;
    ``palette`` (768 ints) makes a palette PNG of 8-bit indices; ``level`` is zlib's.
    """
    if pixels.dtype == np.bool_:
        pixels = pixels.view(np.uint8) * np.uint8(255)
    if pixels.ndim == 2 and pixels.dtype == np.uint16:
        image = Image.fromarray(np.ascontiguousarray(pixels, dtype="<u2"))
    elif pixels.dtype == np.uint8 and (pixels.ndim == 2 or pixels.shape[2] in (3, 4)):
        image = Image.fromarray(np.ascontiguousarray(pixels))
    else:
        raise MaskError("shape", f"cannot write {pixels.dtype} {pixels.shape} as PNG")
    if palette is not None:
        if image.mode != "L":
            raise MaskError("shape", "a palette PNG needs 8-bit index pixels")
        image = image.convert("P")  # indices stay as they are
        image.putpalette(list(palette))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=False, compress_level=level)
    return buffer.getvalue()


def binary_png_from_mask(mask: NDArray[Any]) -> bytes:
    """Per-instance binary PNG: 8-bit grey, 255 inside and 0 outside."""
    return write_png(np.asarray(mask) != 0)


def mask_from_binary_png(data: bytes, level: int = 128) -> BoolArray:
    """Mask of a binary PNG: grey (or the alpha of RGBA, else the max channel) ``>= level``."""
    pixels = read_image(data)
    if pixels.dtype == np.bool_:
        return pixels
    if pixels.ndim == 3:
        pixels = pixels[:, :, 3] if pixels.shape[2] == 4 else pixels.max(axis=2)
    if pixels.dtype == np.uint16:
        return pixels >= level * 257
    return np.asarray(pixels >= level)
