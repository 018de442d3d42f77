"""A zip of ordered frames: image members in natural order of their names, all of one size.

Checked at upload from each member's image header (no pixels decoded): a zip that is not one,
holds no image, has too many frames, frames over the pixel limit or frames of different sizes
is refused before anything is stored. The pixels are checked when the worker stores each frame.
"""

import re
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from django.conf import settings
from PIL import Image, UnidentifiedImageError

IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".bmp", ".tif", ".tiff", ".webp"}


class FramesRejected(ValueError):
    """Not a zip of frames we accept; the message says why."""


@dataclass(frozen=True)
class FramesZip:
    members: list[str]  # in frame order
    width: int
    height: int


def natural_key(name: str) -> list[int | str]:
    """frame2 before frame10: digit runs compare as numbers, the rest as lower-case text."""
    return [int(part) if part.isdigit() else part.lower() for part in re.split(r"(\d+)", name)]


def is_zip(path: Path) -> bool:
    with open(path, "rb") as handle:
        return handle.read(4) == b"PK\x03\x04"


def _frame_members(archive: zipfile.ZipFile) -> list[zipfile.ZipInfo]:
    found = []
    for info in archive.infolist():
        parts = PurePosixPath(info.filename).parts
        if info.is_dir() or not parts or any(p.startswith(".") or p == "__MACOSX" for p in parts):
            continue  # folders, hidden files, macOS resource forks
        if PurePosixPath(info.filename).suffix.lower() in IMAGE_SUFFIXES:
            found.append(info)
    return sorted(found, key=lambda info: natural_key(info.filename))


def check_frames_zip(path: Path) -> FramesZip:
    try:
        with zipfile.ZipFile(path) as archive:
            members = _frame_members(archive)
            if not members:
                raise FramesRejected(f"the zip holds no frames ({', '.join(sorted(IMAGE_SUFFIXES))} files)")
            if len(members) > settings.SEQUENCE_MAX_FRAMES:
                raise FramesRejected(f"{len(members)} frames, over the {settings.SEQUENCE_MAX_FRAMES} frame limit "
                                     "(SEQUENCE_MAX_FRAMES)")
            first: tuple[str, tuple[int, int]] | None = None
            for info in members:
                size = _header_size(archive, info)
                if first is None:
                    first = (info.filename, size)
                    if size[0] * size[1] > settings.SEQUENCE_MAX_PIXELS:
                        raise FramesRejected(f"{info.filename}: {size[0]}x{size[1]} is over the "
                                             f"{settings.SEQUENCE_MAX_PIXELS} pixel limit (SEQUENCE_MAX_PIXELS)")
                elif size != first[1]:
                    raise FramesRejected(f"{info.filename} is {size[0]}x{size[1]} but {first[0]} is "
                                         f"{first[1][0]}x{first[1][1]}: the frames of a sequence share one size")
    except zipfile.BadZipFile as exc:
        raise FramesRejected(f"not a readable zip ({exc})") from None
    assert first is not None
    return FramesZip([m.filename for m in members], first[1][0], first[1][1])


def _header_size(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> tuple[int, int]:
    if info.file_size > settings.MAX_UPLOAD_BYTES:
        raise FramesRejected(f"{info.filename}: {info.file_size} bytes, over the {settings.MAX_UPLOAD_BYTES} byte "
                             "limit (MAX_UPLOAD_BYTES)")
    try:
        with archive.open(info) as handle, Image.open(handle) as image:
            return image.size
    except Image.DecompressionBombError:
        raise FramesRejected(f"{info.filename}: over the pixel limit (decompression bomb guard)") from None
    except (UnidentifiedImageError, OSError, zipfile.BadZipFile, EOFError) as exc:
        raise FramesRejected(f"{info.filename}: not a readable image ({exc})") from None
