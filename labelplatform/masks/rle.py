"""COCO RLE: encode, decode, validate and measure, plus set operations on RLE.

The wire form is ``{"size": [height, width], "counts": "<compressed str>"}``,
column-major, first run background: exactly ``pycocotools.mask.encode`` of a
Fortran-ordered mask with the counts as ``str``. Functions that take an RLE
from outside the process go through :func:`validate` first; the others
(``area``, ``bbox``, ``merge``, ...) expect RLEs this library produced or
validated, because pycocotools trusts whatever counts it is given.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, TypedDict

import cv2
import numpy as np
from numpy.typing import NDArray
from pycocotools import mask as coco

from labelplatform.masks import counts as _counts
from labelplatform.masks.counts import canonical_runs, format_counts, scan_counts
from labelplatform.masks.errors import MaskError

BoolArray = NDArray[np.bool_]
# pycocotools keeps runs and sizes in 32-bit unsigned ints.
MAX_PIXELS = (1 << 32) - 1


class Rle(TypedDict):
    """A COCO RLE mask as it travels on the wire and sits in the database."""

    size: list[int]
    counts: str


@dataclass(frozen=True)
class MeasuredRle:
    """A validated canonical RLE with its area (pixels) and bbox ``[x, y, w, h]`` (ints).

    ``runs``: its canonical runs when asked for (``measure(..., keep_runs=True)``), so later
    steps (the overlap check) use the one parse instead of parsing the counts again.
    """

    rle: Rle
    area: int
    bbox: list[int]
    runs: NDArray[np.int64] | None = field(default=None, compare=False, repr=False)


def _as_uint8(mask: NDArray[Any]) -> NDArray[np.uint8]:
    if mask.ndim != 2:
        raise MaskError("shape", f"a mask must be 2-D, got shape {mask.shape}")
    if mask.shape[0] == 0 or mask.shape[1] == 0:
        raise MaskError("shape", f"a mask must have pixels, got shape {mask.shape}")
    pixels: NDArray[np.uint8]
    if mask.dtype == np.bool_:
        pixels = mask.view(np.uint8)
    elif mask.dtype == np.uint8 and int(mask.max()) <= 1:
        pixels = mask
    else:
        pixels = (mask != 0).view(np.uint8)
    return pixels


def fortran_view(mask: NDArray[Any]) -> NDArray[np.uint8]:
    """A column-major 0/1 uint8 copy of ``mask`` made with one fast transpose.

    ``np.asfortranarray`` of a 12 MP mask costs about 56 ms; ``cv2.transpose``
    about 3 ms, and the transposed C array's ``.T`` is the Fortran view.
    """
    pixels = _as_uint8(mask)
    if pixels.flags.f_contiguous:
        return pixels
    transposed = np.asarray(cv2.transpose(np.ascontiguousarray(pixels)), np.uint8)
    return transposed.reshape(pixels.shape[1], pixels.shape[0]).T


def _from_coco(rle: Mapping[str, Any]) -> Rle:
    counts = rle["counts"]
    text = counts.decode("ascii") if isinstance(counts, bytes) else str(counts)
    return {"size": [int(rle["size"][0]), int(rle["size"][1])], "counts": text}


def encode(mask: NDArray[Any]) -> Rle:
    """COCO RLE of a 2-D mask (bool, or any dtype where non-zero means inside)."""
    return _from_coco(coco.encode(fortran_view(mask)))


def encode_fortran(mask_t: NDArray[np.uint8]) -> Rle:
    """RLE of ``mask_t.T`` where ``mask_t`` is a C-ordered (width, height) 0/1 uint8 array.

    For callers that already hold a transposed image (see ``labelmap``).
    """
    return _from_coco(coco.encode(mask_t.T))


def _is_integer(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _size_of(rle: Mapping[str, Any]) -> tuple[int, int]:
    # Written for speed: validation must cost about as much as pycocotools' area (a few µs).
    size = rle.get("size")
    if not isinstance(size, (list, tuple)) or len(size) != 2:  # a tuple of types: faster than a union
        raise MaskError("size", "size must be [height, width] as two integers")
    height, width = size
    if type(height) is not int or type(width) is not int:
        if not _is_integer(height) or not _is_integer(width):
            raise MaskError("size", "size must be [height, width] as two integers")
        height, width = int(height), int(width)
    if height <= 0 or width <= 0:
        raise MaskError("size", f"size {[height, width]} must be positive")
    if height * width > MAX_PIXELS:
        raise MaskError("size", f"size {[height, width]} has more pixels than RLE can hold")
    return height, width


def _runs_from_list(counts: list[Any]) -> NDArray[np.int64]:
    if not counts:
        raise MaskError("parse", "counts are empty")
    if not all(type(v) is int for v in counts):
        raise MaskError("parse", "uncompressed counts must be a list of integers")
    try:
        return np.asarray(counts, dtype=np.int64)
    except OverflowError:
        raise MaskError("parse", "a run is too large") from None


def _measure_list(counts: list[Any], height: int, width: int, keep_runs: bool) -> MeasuredRle:
    runs = _runs_from_list(counts)
    if int(runs.min()) < 0:
        where = int(np.argmax(runs < 0))
        raise MaskError("negative_run", f"run {where} is negative ({int(runs[where])})")
    total = int(runs.sum())
    if total != height * width:
        raise MaskError("sum", f"runs sum to {total}, not {height}x{width}={height * width}")
    runs = canonical_runs(runs)
    text = format_counts(runs)
    area, box, _ = _counts.summarize(text, height, width)
    return MeasuredRle({"size": [height, width], "counts": text}, area, box, runs if keep_runs else None)


def _as_text(counts: str | bytes) -> str:
    return counts.decode("ascii") if isinstance(counts, bytes) else str(counts)


def _canonical_text(counts: str, height: int, width: int) -> str:
    runs = scan_counts(counts, height, width, keep_runs=True).runs
    assert runs is not None
    return format_counts(canonical_runs(runs))


def measure(
    rle: object,
    height: int | None = None,
    width: int | None = None,
    *,
    allow_empty: bool = False,
    with_bbox: bool = True,
    keep_runs: bool = False,
) -> MeasuredRle:
    """Validate an untrusted RLE and return it canonical, with area and bbox.

    Checks, in order: ``size`` is ``[height, width]`` (and equals the expected
    one when given), the counts parse, no run is negative, the runs sum to
    ``height * width``, and the mask is not empty (unless ``allow_empty``).
    Compressed (``str`` or ``bytes``) and uncompressed (list) counts are
    accepted; the result always has compressed ``str`` counts exactly as
    pycocotools would write them. Never decodes pixels. ``with_bbox=False``
    skips the bbox (reported as ``[0, 0, 0, 0]``) when only validity matters;
    ``keep_runs=True`` keeps the canonical runs of the same pass on the result.
    Runs on the C scanner ``_counts.scan`` when it was built, else on numpy.
    """
    if type(rle) is not dict and not isinstance(rle, Mapping):
        raise MaskError("parse", "a mask must be an object with size and counts")
    mask_height, mask_width = _size_of(rle)
    if height is not None and width is not None and (mask_height != height or mask_width != width):
        raise MaskError("size", f"size {[mask_height, mask_width]} does not match the image {[height, width]}")
    counts = rle.get("counts")
    if isinstance(counts, (str, bytes)):
        # The C scanner when built (see counts.summarize), else the numpy reference.
        runs: NDArray[np.int64] | None = None
        if keep_runs:
            area, box, canonical, runs = _counts.summarize_runs(counts, mask_height, mask_width, with_bbox)
        else:
            area, box, canonical = _counts.summarize(counts, mask_height, mask_width, with_bbox)
        text = counts if type(counts) is str else _as_text(counts)
        if not canonical and runs is not None:
            runs = canonical_runs(runs)
            text = format_counts(runs)
        elif not canonical:
            text = _canonical_text(text, mask_height, mask_width)
        measured = MeasuredRle({"size": [mask_height, mask_width], "counts": text}, area, box, runs)
    elif isinstance(counts, list):
        measured = _measure_list(counts, mask_height, mask_width, keep_runs)
    else:
        raise MaskError("parse", "counts must be a string or a list of integers")
    if measured.area == 0 and not allow_empty:
        raise MaskError("empty", "the mask is empty")
    return measured


def validate(
    rle: object,
    height: int | None = None,
    width: int | None = None,
    *,
    allow_empty: bool = False,
) -> Rle:
    """Validate an untrusted RLE (see :func:`measure`) and return it canonical."""
    return measure(rle, height, width, allow_empty=allow_empty, with_bbox=False).rle


def normalize(rle: object) -> Rle:
    """Compressed canonical form of a compressed or uncompressed RLE; empty masks allowed."""
    return measure(rle, allow_empty=True, with_bbox=False).rle


def area_and_bbox(rle: object) -> tuple[int, list[int]]:
    """Area and COCO bbox ``[x, y, w, h]`` (ints, pixels) from the counts alone; validates."""
    measured = measure(rle, allow_empty=True)
    return measured.area, measured.bbox


def decode(rle: object, *, trusted: bool = False) -> BoolArray:
    """Boolean ``(height, width)`` mask of an RLE, in pycocotools' column-major layout.

    No copy back to row order: numpy reads either layout the same, ``.T`` of
    the result is a free row-major ``(width, height)`` view, and callers that
    need a C-contiguous array (a few OpenCV calls) use ``np.ascontiguousarray``.
    Validates first unless ``trusted`` (pycocotools writes pixels blindly from
    the counts, so untrusted counts could write past its buffer).
    """
    checked: Mapping[str, Any] = rle if trusted else normalize(rle)  # type: ignore[assignment]
    column_major: NDArray[np.uint8] = coco.decode(dict(checked))
    return column_major.view(np.bool_)


def area(rle: Rle) -> int:
    """Foreground pixels of a trusted RLE (pycocotools, no decoding)."""
    return int(coco.area(dict(rle)))


def bbox(rle: Rle) -> list[int]:
    """COCO bbox ``[x, y, w, h]`` in whole pixels of a trusted RLE; ``[0, 0, 0, 0]`` if empty."""
    return [int(v) for v in coco.toBbox(dict(rle))]


def _same_size(rles: Sequence[Rle]) -> None:
    if not rles:
        raise MaskError("value", "no masks given")
    first = list(rles[0]["size"])
    for other in rles[1:]:
        if list(other["size"]) != first:
            raise MaskError("size", f"masks differ in size: {first} and {list(other['size'])}")


def merge(rles: Sequence[Rle]) -> Rle:
    """Union of trusted RLEs of one size, without decoding."""
    _same_size(rles)
    return _from_coco(coco.merge([dict(r) for r in rles], intersect=False))


def intersect(rles: Sequence[Rle]) -> Rle:
    """Intersection of trusted RLEs of one size, without decoding."""
    _same_size(rles)
    return _from_coco(coco.merge([dict(r) for r in rles], intersect=True))


def complement(rle: Rle) -> Rle:
    """Every pixel not in the mask, computed on the runs."""
    height, width = rle["size"]
    summary = scan_counts(rle["counts"], height, width, keep_runs=True)
    assert summary.runs is not None
    runs = summary.runs
    # Flipping foreground and background only shifts which run comes first.
    flipped = runs[1:] if runs[0] == 0 else np.concatenate([[0], runs])
    return {"size": [height, width], "counts": format_counts(flipped)}


def subtract(rle: Rle, other: Rle) -> Rle:
    """Pixels of ``rle`` that are not in ``other``."""
    return intersect([rle, complement(other)])


def iou_matrix(first: Sequence[Rle], second: Sequence[Rle]) -> NDArray[np.float64]:
    """IoU of every trusted RLE in ``first`` with every one in ``second`` (no decoding).

    Two empty masks count as identical (IoU 1).
    """
    matrix = np.zeros((len(first), len(second)), np.float64)
    if not first or not second:
        return matrix
    _same_size([*first, *second])
    raw = coco.iou([dict(r) for r in first], [dict(r) for r in second], [0] * len(second))
    matrix[:] = np.asarray(raw, np.float64).reshape(len(first), len(second))
    first_empty = np.array([area(r) == 0 for r in first])
    second_empty = np.array([area(r) == 0 for r in second])
    matrix[np.ix_(first_empty, second_empty)] = 1.0
    return matrix
