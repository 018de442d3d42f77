"""Track ids on label objects and predictions: stored, returned, checked (both label write paths)."""

import numpy as np
import pytest

from labelplatform.labels.models import LabelObject
from labelplatform.prelabel.models import PredictionObject
from labelplatform.prelabel.services import prediction_store
from tests.api.test_labels import rle, write_path  # noqa: F401  (every test on both label write paths)


def masks():
    first = np.zeros((30, 40), bool)
    first[2:10, 3:15] = True
    second = np.zeros((30, 40), bool)
    second[12:20, 5:25] = True
    return first, second


def label_body(tracks):
    first, second = masks()
    return {"status": "draft", "objects": [{"class": 2, "mask": rle(m), "track": t}
                                           for m, t in zip((first, second), tracks, strict=True)]}


def test_tracks_round_trip_through_a_label_and_its_update(client_for, asset):
    labeler = client_for("labeler")
    created = labeler.post(f"/api/v1/assets/{asset.id}/labels", label_body([7, 3]), format="json")
    assert created.status_code == 201, created.json()
    assert [o["track"] for o in created.json()["objects"]] == [7, 3]
    label_id = created.json()["id"]
    shown = labeler.get(f"/api/v1/labels/{label_id}").json()
    assert [o["track"] for o in shown["objects"]] == [7, 3]
    updated = labeler.put(f"/api/v1/labels/{label_id}", {**label_body([3, None]), "revision": 1}, format="json")
    assert updated.status_code == 200, updated.json()
    assert [o["track"] for o in updated.json()["objects"]] == [3, None]
    newest = LabelObject.objects.filter(revision__label_id=label_id, revision__number=2).order_by("order")
    assert [o.track for o in newest] == [3, None]


def test_an_object_without_a_track_reads_back_null(client_for, asset):
    body = label_body([1, 2])
    for obj in body["objects"]:
        del obj["track"]
    created = client_for("labeler").post(f"/api/v1/assets/{asset.id}/labels", body, format="json")
    assert created.status_code == 201
    assert [o["track"] for o in created.json()["objects"]] == [None, None]


@pytest.mark.parametrize("tracks, reason", [
    ([0, 1], "must be an integer in 1.."),
    ([True, 1], "must be an integer in 1.."),
    (["4", 1], "must be an integer in 1.."),
    ([2**31, 1], "must be an integer in 1.."),
    ([5, 5], "both have track 5"),
])
def test_a_bad_or_repeated_track_is_a_400_that_stores_nothing(client_for, asset, tracks, reason):
    response = client_for("labeler").post(f"/api/v1/assets/{asset.id}/labels", label_body(tracks), format="json")
    assert response.status_code == 400
    assert reason in str(response.json())
    assert not LabelObject.objects.exists()


def test_predictions_keep_track_and_score(client_for, asset):
    first, second = masks()
    prediction_store(asset=asset, source="propagate", objects=[
        {"class": 2, "mask": rle(first), "score": 0.9, "track": 4},
        {"class": 1, "mask": rle(second), "score": 0.5, "track": 9},
    ])
    listed = client_for("viewer").get(f"/api/v1/assets/{asset.id}/predictions")
    assert listed.status_code == 200
    objects = listed.json()[0]["objects"]
    assert sorted((o["track"], o["score"]) for o in objects) == [(4, 0.9), (9, 0.5)]
    assert listed.json()[0]["score"] == pytest.approx(0.7)


def test_a_prediction_with_a_repeated_track_stores_nothing(asset):
    from rest_framework.exceptions import ValidationError

    first, second = masks()
    with pytest.raises(ValidationError, match="one object per track"):
        prediction_store(asset=asset, source="propagate", objects=[
            {"class": 2, "mask": rle(first), "track": 4}, {"class": 2, "mask": rle(second), "track": 4}])
    assert not PredictionObject.objects.exists()
