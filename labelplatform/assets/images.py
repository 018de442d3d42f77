"""Checking uploaded images with Pillow before anything is stored."""

import hashlib
import io
from dataclasses import dataclass

from django.conf import settings
from PIL import Image, ImageOps, UnidentifiedImageError

FORMATS = {"PNG": ("png", "image/png"), "JPEG": ("jpg", "image/jpeg"), "TIFF": ("tif", "image/tiff"),
           "BMP": ("bmp", "image/bmp"), "WEBP": ("webp", "image/webp"), "GIF": ("gif", "image/gif")}
# EXIF orientation values that rotate or mirror the pixels.
ROTATING_ORIENTATIONS = {2, 3, 4, 5, 6, 7, 8}


class ImageRejected(ValueError):
    """The upload is not an image we accept; the message says why."""


@dataclass(frozen=True)
class CheckedImage:
    data: bytes
    extension: str
    mime_type: str
    width: int
    height: int
    sha256: str


def check_image(raw: bytes, name: str) -> CheckedImage:
    """Decode-check the bytes, apply EXIF orientation, and report the stored size."""
    if len(raw) > settings.MAX_UPLOAD_BYTES:
        raise ImageRejected(f"{name}: file is {len(raw)} bytes, over the {settings.MAX_UPLOAD_BYTES} byte limit")
    if not raw:
        raise ImageRejected(f"{name}: file is empty")
    Image.MAX_IMAGE_PIXELS = settings.MAX_IMAGE_PIXELS
    try:
        with Image.open(io.BytesIO(raw)) as probe:
            fmt = probe.format or ""
            width, height = probe.size
            if fmt not in FORMATS:
                raise ImageRejected(f"{name}: format {fmt or 'unknown'} is not accepted")
            if width * height > settings.MAX_IMAGE_PIXELS:
                raise ImageRejected(f"{name}: {width}x{height} is over the {settings.MAX_IMAGE_PIXELS} pixel limit")
            probe.verify()
        with Image.open(io.BytesIO(raw)) as image:
            orientation = image.getexif().get(0x0112, 1)
            image.load()  # a truncated file fails here, not later in a worker
            if orientation in ROTATING_ORIENTATIONS:
                return _reoriented(image, raw, name, fmt)
    except ImageRejected:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ImageRejected(
            f"{name}: image is over the {settings.MAX_IMAGE_PIXELS} pixel limit (decompression bomb guard)"
        ) from None
    except UnidentifiedImageError:
        raise ImageRejected(f"{name}: not a readable image (unknown format or not an image)") from None
    except (OSError, SyntaxError, ValueError) as exc:
        raise ImageRejected(f"{name}: not a readable image ({exc})") from None
    ext, mime = FORMATS[fmt]
    return CheckedImage(raw, ext, mime, width, height, hashlib.sha256(raw).hexdigest())


def _reoriented(image: Image.Image, raw: bytes, name: str, fmt: str) -> CheckedImage:
    """Store the pixels as viewers show them, so masks and image agree on width and height."""
    upright = ImageOps.exif_transpose(image)
    out = io.BytesIO()
    if fmt == "JPEG":
        upright.save(out, "JPEG", quality=95)
    else:
        upright.save(out, "PNG")
        fmt = "PNG"
    ext, mime = FORMATS[fmt]
    return CheckedImage(out.getvalue(), ext, mime, upright.width, upright.height, hashlib.sha256(raw).hexdigest())


def make_thumbnail(raw: bytes, size: int) -> bytes:
    with Image.open(io.BytesIO(raw)) as image:
        image.draft("RGB", (size, size))  # JPEG decodes at a reduced scale: much faster
        thumb = image.convert("RGBA" if image.mode in ("RGBA", "LA", "P") else "RGB")
        thumb.thumbnail((size, size), Image.Resampling.LANCZOS)
        out = io.BytesIO()
        if thumb.mode == "RGBA":
            thumb.save(out, "PNG", optimize=True)
        else:
            thumb.save(out, "JPEG", quality=85)
        return out.getvalue()
