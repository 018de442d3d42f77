"""Checking the objects of a label body: classes, attributes and masks.

Masks are checked from their counts alone (no decoding): size, parse, runs,
emptiness and overlaps all come from the mask library. Each mask's counts are
parsed once: the runs are counted (no parse) for the per-mask limit, the one parse
measures the mask and keeps its runs, and the label's run total and the overlap
check read those runs.
"""

from collections.abc import Container
from dataclasses import dataclass
from typing import Any, TypeGuard

from django.conf import settings
from rest_framework.exceptions import ValidationError

from labelplatform.labels.attributes import check_values
from labelplatform.masks.counts import count_runs
from labelplatform.masks.errors import MaskError
from labelplatform.masks.labelmap import find_overlaps_measured
from labelplatform.masks.rle import MeasuredRle, measure

MAX_OBJECTS = 5000  # far past any real image; bounds the pairwise overlap check
# An object's keys on the wire; the schema's ObjectInSerializer takes its fields from these.
CLASS, MASK, ATTRIBUTES, TRACK = "class", "mask", "attributes", "track"
REQUIRED_KEYS = (CLASS, MASK)
# A track id names one object across the frames of a sequence; 0 is the background of palette PNGs.
MAX_TRACK = 2**31 - 1


@dataclass(frozen=True)
class CheckedObject:
    class_id: int
    counts: str
    area: int
    bbox: list[int]
    attributes: dict[str, Any]
    track: int | None = None


def check_objects(
    raw_objects: Any, *, height: int, width: int, classes: dict[int, dict[str, Any]], submitted: bool
) -> list[CheckedObject]:
    if not isinstance(raw_objects, list):
        raise ValidationError({"objects": ["must be a list"]})
    if len(raw_objects) > MAX_OBJECTS:
        raise ValidationError({"objects": [f"at most {MAX_OBJECTS} objects per label"]})
    checked: list[CheckedObject] = []
    masks: list[MeasuredRle] = []  # each with the runs of its one parse
    for index, raw in enumerate(raw_objects):
        obj, mask = _check_object(raw, index, height, width, classes, submitted)
        checked.append(obj)
        masks.append(mask)
    check_tracks_distinct([obj.track for obj in checked])
    # Runs, not bytes, are what later steps (overlaps, scores, exports) spend memory and time on.
    total_runs = sum(mask.runs.size for mask in masks if mask.runs is not None)
    if total_runs > settings.MAX_LABEL_RUNS:
        raise ValidationError({"objects": [
            f"the masks hold {total_runs} runs in all, over the {settings.MAX_LABEL_RUNS} limit (MAX_LABEL_RUNS)"]})
    overlaps = find_overlaps_measured(masks)
    if overlaps:
        first = overlaps[0]
        raise ValidationError({"objects": [
            f"objects[{first.first}] and objects[{first.second}] overlap in {first.pixels} pixels; "
            "every pixel belongs to at most one object"
            + (f" ({len(overlaps)} overlapping pairs in all)" if len(overlaps) > 1 else "")
        ]})
    return checked


def check_class_and_mask(
    raw: Any, index: int, height: int, width: int, classes: Container[int], *, keep_runs: bool = False
) -> tuple[int, MeasuredRle]:
    """An object of a label or a prediction: an active class and a valid mask of the asset's size
    (with its parsed runs when `keep_runs`)."""
    where = f"objects[{index}]"
    if not isinstance(raw, dict):
        raise ValidationError({"objects": [f"{where}: must be an object"]})
    class_id = raw.get(CLASS)
    if isinstance(class_id, bool) or not isinstance(class_id, int) or class_id not in classes:
        given = "is a number out of range," if out_of_range(class_id) else f"{class_id!r} is"
        raise ValidationError({"objects": [f"{where}: class {given} not an active class of the ontology"]})
    if MASK not in raw:
        raise ValidationError({"objects": [f"{where}: {MASK} is missing"]})
    counts = raw[MASK].get("counts") if isinstance(raw[MASK], dict) else None
    # Counted before the parse (no decoding), so an oversized mask is refused before any per-run work.
    runs = count_runs(counts) if isinstance(counts, (str, bytes, list)) else 0
    if runs > settings.MAX_MASK_RUNS:
        raise ValidationError({"objects": [
            f"{where}.mask: {runs} runs, over the {settings.MAX_MASK_RUNS} run limit (MAX_MASK_RUNS)"]})
    try:
        return class_id, measure(raw[MASK], height, width, keep_runs=keep_runs)
    except MaskError as exc:
        raise ValidationError({"objects": [f"{where}.mask: {exc}"]}) from None


def _check_object(
    raw: Any, index: int, height: int, width: int, classes: dict[int, dict[str, Any]], submitted: bool
) -> tuple[CheckedObject, MeasuredRle]:
    class_id, mask = check_class_and_mask(raw, index, height, width, classes, keep_runs=True)
    attributes = check_values(
        raw.get(ATTRIBUTES, {}), classes[class_id].get("attributes", []), f"objects[{index}].{ATTRIBUTES}", submitted
    )
    track = check_track(raw.get(TRACK), index)
    return CheckedObject(class_id, mask.rle["counts"], mask.area, mask.bbox, attributes, track), mask


def out_of_range(value: Any) -> bool:
    """A number past 64 bits: the JSON parser (orjson) reads such a whole number as a float, so its
    digits are gone and a message names it out of range rather than as `1.1805916207174113e+21`."""
    return isinstance(value, float) and abs(value) >= 2**63


def is_track(value: Any) -> TypeGuard[int]:
    """An integer in 1..MAX_TRACK (a bool is not one): the one rule for track ids, wherever they come from."""
    return isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= MAX_TRACK


def track_of_text(text: str) -> int | None:
    """A track id written as ASCII digits (a JSON object's key), else None. str.isdigit alone lets
    '²' and thousands of digits through, which int() refuses with a ValueError (a 500, a crashed job)."""
    if not (text.isascii() and text.isdigit() and len(text) <= len(str(MAX_TRACK))):
        return None
    value = int(text)
    return value if is_track(value) else None


def check_track(value: Any, index: int) -> int | None:
    """An object's track: absent (null), or an integer from 1 (labels and predictions alike)."""
    if value is None:
        return None
    if not is_track(value):
        given = "a number out of range" if out_of_range(value) else repr(value)
        raise ValidationError({"objects": [f"objects[{index}].{TRACK}: must be an integer in 1..{MAX_TRACK} "
                                           f"or null, got {given}"]})
    return value


def check_tracks_distinct(tracks: list[int | None]) -> None:
    """One object per track on a frame, labels and predictions alike: a track is one object's identity
    across frames. `tracks` are the objects' tracks in order."""
    seen: dict[int, int] = {}
    for index, track in enumerate(tracks):
        if track is None:
            continue
        if track in seen:
            raise ValidationError({"objects": [f"objects[{seen[track]}] and objects[{index}] both have "
                                               f"{TRACK} {track}: one object per track on a frame"]})
        seen[track] = index
