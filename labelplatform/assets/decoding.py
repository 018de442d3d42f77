"""Full-resolution decodes within a byte budget, one at a time per process.

A decoded image costs width x height x Pillow's bytes per pixel, however small
the file: a 461 KB PNG of 10900x10900 RGBA is 475 MB once decoded. Uploads
avoid full decodes where they can (PNG streamed, JPEG at 1/8 scale) and the
thumbnail makes only one full-size buffer; what remains goes through here, so
a process holds at most one such buffer (web threads wait for each other) and
never one larger than MAX_DECODE_BYTES.
"""

import threading
from collections.abc import Iterator
from contextlib import contextmanager

from django.conf import settings
from PIL import Image

# Pillow keeps 1-bit, 8-bit gray and palette images in one byte per pixel, 16-bit
# gray in two and everything else (RGB included) in four.
_ONE_BYTE = {"1", "L", "P"}
_full_decode = threading.Lock()


class OverBudget(ValueError):
    """Decoding the image would take more memory than MAX_DECODE_BYTES."""


def decoded_bytes(image: Image.Image, copies: int = 1) -> int:
    width, height = image.size
    mode = image.mode
    per_pixel = 1 if mode in _ONE_BYTE else 2 if mode.startswith("I;16") else 4
    return width * height * per_pixel * copies


def check_budget(image: Image.Image, copies: int = 1, why: str = "decoding") -> None:
    need = decoded_bytes(image, copies)
    if need > settings.MAX_DECODE_BYTES:
        raise OverBudget(
            f"{why} this {image.width}x{image.height} {image.mode} image needs {need} bytes of memory, "
            f"over the {settings.MAX_DECODE_BYTES} byte decode budget (MAX_DECODE_BYTES)"
        )


@contextmanager
def full_decode(image: Image.Image, copies: int = 1, why: str = "decoding") -> Iterator[None]:
    """Hold the process's one full-decode slot while decoding `image` (and `copies` - 1 copies of it)."""
    check_budget(image, copies, why)
    with _full_decode:
        yield


def reduced(image: Image.Image, mode: str, factor: int, strip_rows: int = 256) -> Image.Image:
    """`image` converted to `mode` and box-reduced by `factor`, converting a strip at a time.

    Converting the whole image first would be a second full-size buffer (the old
    thumbnail's 1.4 GB for the 10900x10900 PNG); strips whose height is a multiple
    of the factor give exactly the whole image's reduce.
    """
    width, height = image.size
    rows = max(factor, strip_rows - strip_rows % factor)
    out = Image.new(mode, (-(-width // factor), -(-height // factor)))
    for top in range(0, height, rows):
        strip = image.crop((0, top, width, min(height, top + rows))).convert(mode)
        out.paste(strip.reduce(factor) if factor > 1 else strip, (0, top // factor))
    return out
