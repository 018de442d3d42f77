"""prediction_store: the one entry point for predictions, validated through the mask library."""

import numpy as np
import pytest
from rest_framework.exceptions import ValidationError

from labelplatform.masks import decode, encode
from labelplatform.prelabel.models import Prediction, PredictionObject
from labelplatform.prelabel.services import prediction_store

pytestmark = pytest.mark.django_db


def box_mask(asset, x0, y0, x1, y1):  # type: ignore[no-untyped-def]
    mask = np.zeros((asset.height, asset.width), bool)
    mask[y0:y1, x0:x1] = True
    return mask


def test_it_stores_objects_with_area_and_bbox_from_the_counts(asset):
    prediction = prediction_store(asset=asset, objects=[
        {"class": 1, "mask": encode(box_mask(asset, 2, 3, 12, 8)), "score": 0.8},
        {"class": 2, "mask": encode(box_mask(asset, 20, 10, 30, 30)), "score": 0.6},
    ], source="import", model_version="v7")
    objects = list(prediction.predicted_objects.order_by("order"))
    assert [(o.class_id, o.area, o.bbox, o.score) for o in objects] == [
        (1, 50, [2, 3, 10, 5], 0.8), (2, 200, [20, 10, 10, 20], 0.6)]
    assert prediction.score == pytest.approx(0.7)
    assert (prediction.source, prediction.model_version) == ("import", "v7")


def test_a_given_score_is_the_predictions_own(asset):
    """Propagation scores a frame by its least confident track, lost ones (no object) counting 0."""
    prediction = prediction_store(asset=asset, objects=[
        {"class": 1, "mask": encode(box_mask(asset, 2, 3, 12, 8)), "score": 0.8}], source="propagation", score=0.0)
    assert Prediction.objects.get(pk=prediction.pk).score == 0.0


def test_uncompressed_counts_are_stored_compressed(asset):
    mask = box_mask(asset, 0, 0, 4, 4)
    runs = [0] + [4, asset.height - 4] * 4
    runs[-1] += asset.height * (asset.width - 4)
    prediction = prediction_store(asset=asset, objects=[{"class": 1, "mask": {"size": [asset.height, asset.width],
                                                                              "counts": runs}}], source="import")
    stored = prediction.predicted_objects.get()
    assert np.array_equal(decode({"size": [asset.height, asset.width], "counts": stored.counts}), mask)


@pytest.mark.parametrize("bad, message", [
    ({"class": 1, "mask": {"size": [5, 5], "counts": "0"}}, "does not match the image"),
    ({"class": 99, "mask": None}, "class 99 is not an active class"),
    ({"class": 1, "mask": {"size": [30, 40], "counts": "garbage!!"}}, "objects[1].mask"),
    ({"class": 1, "mask": "FULL", "score": 1.5}, "score must be a number in [0, 1]"),
    ("not an object", "must be an object"),
])
def test_a_bad_object_stores_nothing_and_names_itself(asset, bad, message):
    good = {"class": 1, "mask": encode(box_mask(asset, 0, 0, 5, 5))}
    if isinstance(bad, dict) and bad.get("mask") == "FULL":
        bad = {**bad, "mask": encode(box_mask(asset, 0, 0, 5, 5))}
    with pytest.raises(ValidationError) as error:
        prediction_store(asset=asset, objects=[good, bad], source="import")
    assert message in str(error.value.detail)
    assert not Prediction.objects.exists() and not PredictionObject.objects.exists()


def test_an_empty_mask_is_rejected(asset):
    empty = encode(np.zeros((asset.height, asset.width), bool))
    with pytest.raises(ValidationError, match="empty"):
        prediction_store(asset=asset, objects=[{"class": 1, "mask": empty}], source="import")


def test_overlapping_pixels_go_to_the_higher_score(asset):
    low = box_mask(asset, 0, 0, 10, 10)
    high = box_mask(asset, 5, 5, 15, 15)
    inside_high = box_mask(asset, 6, 6, 9, 9)  # entirely inside `high`: loses everything, is dropped
    prediction = prediction_store(asset=asset, objects=[
        {"class": 2, "mask": encode(low), "score": 0.3},
        {"class": 1, "mask": encode(high), "score": 0.9},
        {"class": 2, "mask": encode(inside_high), "score": 0.1},
    ], source="import")
    objects = list(prediction.predicted_objects.order_by("order"))
    assert [(o.class_id, o.area) for o in objects] == [(1, 100), (2, 75)]


def test_storing_again_replaces_the_same_source_and_version(asset):
    first = {"class": 1, "mask": encode(box_mask(asset, 0, 0, 5, 5))}
    prediction_store(asset=asset, objects=[first], source="trained", model_version="1")
    prediction_store(asset=asset, objects=[first, {"class": 2, "mask": encode(box_mask(asset, 9, 9, 12, 12))}],
                     source="trained", model_version="1")
    prediction_store(asset=asset, objects=[first], source="trained", model_version="2")
    assert Prediction.objects.filter(asset=asset).count() == 2
    assert Prediction.objects.get(model_version="1").predicted_objects.count() == 2


def test_a_bad_source_is_rejected(asset):
    with pytest.raises(ValidationError, match="source"):
        prediction_store(asset=asset, objects=[], source="")
