"""Checking and storing predictions: the one entry point for every producer (jobs, importers)."""

from dataclasses import dataclass
from typing import Any

from rest_framework.exceptions import ValidationError

from labelplatform.assets.models import Asset
from labelplatform.labels.objects import TRACK, check_class_and_mask, check_track, check_tracks_distinct
from labelplatform.masks import Rle, draw_behind_rle, measure
from labelplatform.projects.selectors import active_class_ids, ontology_current

MAX_PREDICTED_OBJECTS = 5000  # same bound as labels: keeps the overlap resolution cheap


@dataclass(frozen=True)
class CheckedPrediction:
    class_id: int
    rle: Rle
    score: float | None
    track: int | None = None


def check_predicted_objects(asset: Asset, objects: Any) -> list[CheckedPrediction]:
    """Every object: an active class, a valid mask of the asset's size, a score in [0, 1] (or none),
    a track (or none; one object per track)."""
    if not isinstance(objects, list):
        raise ValidationError({"objects": ["must be a list"]})
    if len(objects) > MAX_PREDICTED_OBJECTS:
        raise ValidationError({"objects": [f"at most {MAX_PREDICTED_OBJECTS} objects per prediction"]})
    classes = active_class_ids(ontology_current(asset.project))
    checked = []
    for index, raw in enumerate(objects):
        class_id, mask = check_class_and_mask(raw, index, asset.height, asset.width, classes)
        score = raw.get("score")
        if score is not None and (isinstance(score, bool) or not isinstance(score, int | float)
                                  or not 0.0 <= float(score) <= 1.0):
            raise ValidationError({"objects": [f"objects[{index}]: score must be a number in [0, 1], got {score!r}"]})
        track = check_track(raw.get(TRACK), index)
        checked.append(CheckedPrediction(class_id, mask.rle, None if score is None else float(score), track))
    check_tracks_distinct([obj.track for obj in checked])
    return checked


def without_overlaps(objects: list[CheckedPrediction]) -> list[CheckedPrediction]:
    """A pixel goes to the highest-scoring object holding it (labels allow no overlap, and the
    editor loads predictions as a label map); objects left empty are dropped."""
    ranked = sorted(objects, key=lambda o: -(o.score if o.score is not None else 0.0))
    kept: list[CheckedPrediction] = []
    for obj in ranked:
        rle = draw_behind_rle([k.rle for k in kept], obj.rle)
        if measure(rle, allow_empty=True, with_bbox=False).area:
            kept.append(CheckedPrediction(obj.class_id, rle, obj.score, obj.track))
    return kept
