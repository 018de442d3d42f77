"""Checking uploaded images with Pillow before anything is stored, and making thumbnails.

Both stay within a memory budget whatever the pixel count (decoding.py): the
check reads PNG pixel data as a stream (one pass over the file: chunks, CRCs,
pixel data and the file's hash; png_stream.py) and JPEG at 1/8 scale, and only other
formats (and EXIF rotation) decode at full size; a thumbnail decodes once at
the reduced scale JPEG allows, then reduces in strips.
"""

import hashlib
import io
from dataclasses import dataclass
from typing import IO

from django.conf import settings
from django.core.files.base import ContentFile, File
from PIL import Image, ImageOps, UnidentifiedImageError

from labelplatform.assets.decoding import OverBudget, full_decode, reduced
from labelplatform.assets.png_stream import PngDataError, check_png_data

FORMATS = {"PNG": ("png", "image/png"), "JPEG": ("jpg", "image/jpeg"), "TIFF": ("tif", "image/tiff"),
           "BMP": ("bmp", "image/bmp"), "WEBP": ("webp", "image/webp"), "GIF": ("gif", "image/gif")}
# EXIF orientation values that rotate or mirror the pixels.
ROTATING_ORIENTATIONS = {2, 3, 4, 5, 6, 7, 8}
# libjpeg decodes at 1/1, 1/2, 1/4 or 1/8 scale; 1/8 still reads (and checks) the whole stream.
JPEG_CHECK_SCALE = 8
ALPHA_MODES = {"RGBA", "LA", "P", "PA", "La", "RGBa"}
# Pillow's thumbnail reduces by whole factors only while the result stays this many times the target.
REDUCING_GAP = 2


class ImageRejected(ValueError):
    """The upload is not an image we accept; the message says why."""


@dataclass(frozen=True)
class CheckedImage:
    """What to store: the upload itself, or its re-encoded upright pixels after an EXIF rotation."""

    content: File  # type: ignore[type-arg]
    size_bytes: int
    extension: str
    mime_type: str
    width: int
    height: int
    sha256: str


def _sha256(fp: IO[bytes]) -> str:
    digest = hashlib.sha256()
    fp.seek(0)
    while chunk := fp.read(1 << 20):
        digest.update(chunk)
    return digest.hexdigest()


def check_image(source: bytes | File, name: str) -> CheckedImage:  # type: ignore[type-arg]
    """Check the image within the decode budget, apply EXIF orientation, and report the stored size."""
    upload = ContentFile(source, name) if isinstance(source, bytes) else source
    size = upload.size
    if size > settings.MAX_UPLOAD_BYTES:
        raise ImageRejected(f"{name}: file is {size} bytes, over the {settings.MAX_UPLOAD_BYTES} byte limit")
    if not size:
        raise ImageRejected(f"{name}: file is empty")
    Image.MAX_IMAGE_PIXELS = settings.MAX_IMAGE_PIXELS
    try:
        upload.seek(0)
        with Image.open(upload) as probe:
            fmt = probe.format or ""
            width, height = probe.size
            if fmt not in FORMATS:
                raise ImageRejected(f"{name}: format {fmt or 'unknown'} is not accepted")
            if width * height > settings.MAX_IMAGE_PIXELS:
                raise ImageRejected(f"{name}: {width}x{height} is over the {settings.MAX_IMAGE_PIXELS} pixel limit")
            if fmt != "PNG":
                probe.verify()
        # PNG: one streamed pass checks what verify() does (every chunk's name and CRC) and the pixel
        # data, and hashes the file on the way; no full decode
        digest = hashlib.sha256()
        png_exif = check_png_data(upload, digest) if fmt == "PNG" else None
        upload.seek(0)
        with Image.open(upload) as image:
            if fmt == "PNG":
                exif = Image.Exif()
                if png_exif:
                    exif.load(png_exif)
            else:
                exif = image.getexif()
            if exif.get(0x0112, 1) in ROTATING_ORIENTATIONS:
                return _reoriented(image, upload, fmt)
            _check_pixels(image)  # a truncated file fails here, not later in a worker
    except ImageRejected:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ImageRejected(
            f"{name}: image is over the {settings.MAX_IMAGE_PIXELS} pixel limit (decompression bomb guard)"
        ) from None
    except UnidentifiedImageError:
        raise ImageRejected(f"{name}: not a readable image (unknown format or not an image)") from None
    except (OverBudget, PngDataError) as exc:
        raise ImageRejected(f"{name}: {exc}") from None
    except (OSError, SyntaxError, ValueError) as exc:
        raise ImageRejected(f"{name}: not a readable image ({exc})") from None
    ext, mime = FORMATS[fmt]
    sha256 = digest.hexdigest() if fmt == "PNG" else _sha256(upload)
    return CheckedImage(upload, size, ext, mime, width, height, sha256)


def _check_pixels(image: Image.Image) -> None:
    """Decode the pixel data as far as needed to know it is complete, within the budget (PNG: streamed)."""
    if image.format == "PNG":
        return
    if image.format == "JPEG":
        # at least 1x1: Pillow divides by the requested size (a JPEG narrower than the scale was a 500)
        image.draft(image.mode, (max(1, image.width // JPEG_CHECK_SCALE), max(1, image.height // JPEG_CHECK_SCALE)))
        image.load()
    else:
        with full_decode(image):
            image.load()


def _reoriented(image: Image.Image, upload: File, fmt: str) -> CheckedImage:  # type: ignore[type-arg]
    """Store the pixels as viewers show them, so masks and image agree on width and height."""
    with full_decode(image, copies=2, why="rotating (EXIF orientation)"):
        upright = ImageOps.exif_transpose(image)
        out = io.BytesIO()
        if fmt == "JPEG":
            upright.save(out, "JPEG", quality=95)
        else:
            upright.save(out, "PNG")
            fmt = "PNG"
        width, height = upright.size
        del upright
    ext, mime = FORMATS[fmt]
    data = out.getvalue()
    return CheckedImage(ContentFile(data), len(data), ext, mime, width, height, _sha256(upload))


def make_thumbnail(source: IO[bytes], size: int) -> bytes:
    """A thumbnail whose longest side is `size`, from one decode at the smallest scale the format allows."""
    Image.MAX_IMAGE_PIXELS = settings.MAX_IMAGE_PIXELS
    with Image.open(source) as image:
        image.draft("RGB", (size, size))  # JPEG decodes at a reduced scale: much faster and smaller
        mode = "RGBA" if image.mode in ALPHA_MODES else "RGB"
        factor = max(1, max(image.width, image.height) // (size * REDUCING_GAP))
        with full_decode(image, why="making a thumbnail of"):
            image.load()
            thumb = reduced(image, mode, factor)
    thumb.thumbnail((size, size), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    if thumb.mode == "RGBA":
        thumb.save(out, "PNG", optimize=True)
    else:
        thumb.save(out, "JPEG", quality=85)
    return out.getvalue()
