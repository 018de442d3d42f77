"""POST assets/{id}/segment: a mask from a box, clicks or scribbles, with clear 400s."""

import numpy as np
import pytest

from labelplatform.masks import decode, iou
from labelplatform.prelabel.images import PREPARED

pytestmark = pytest.mark.django_db


def segment(client, asset, body):  # type: ignore[no-untyped-def]
    body = {"backend": "grabcut", **body}  # without one, MobileSAM answers where installed (test_mobilesam*.py)
    return client.post(f"/api/v1/assets/{asset.pk}/segment", body, format="json")


def center_of(mask):  # type: ignore[no-untyped-def]
    ys, xs = np.nonzero(mask)
    return [int(xs.mean()), int(ys.mean())]


def test_one_click_segments_the_object(client_for, scene_asset):
    x, y = center_of(scene_asset.truth)
    response = segment(client_for("labeler"), scene_asset, {"backend": "grabcut", "points": [[x, y, 1]]})
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["mask"]["size"] == [scene_asset.height, scene_asset.width]
    assert iou(decode(body["mask"]), scene_asset.truth) > 0.9
    assert 0.0 <= body["score"] <= 1.0


def test_a_box_segments_the_object(client_for, scene_asset):
    ys, xs = np.nonzero(scene_asset.truth)
    box = [int(xs.min()) - 3, int(ys.min()) - 3, int(np.ptp(xs)) + 7, int(np.ptp(ys)) + 7]
    response = segment(client_for("reviewer"), scene_asset, {"box": box})
    assert response.status_code == 200, response.json()
    assert iou(decode(response.json()["mask"]), scene_asset.truth) > 0.9


def test_scribbles_and_negative_clicks_are_hard_constraints(client_for, scene_asset):
    x, y = center_of(scene_asset.truth)
    body = {"scribbles": [{"points": [[x - 5, y], [x + 5, y]], "label": 1, "radius": 2}],
            "points": [[x, y + 8, 0]]}  # a negative click inside the object stays outside
    response = segment(client_for("manager"), scene_asset, body)
    assert response.status_code == 200, response.json()
    mask = decode(response.json()["mask"])
    assert not mask[y + 8, x]
    assert mask[y, x - 5] and mask[y, x + 5] and mask[y, x]


def test_the_decoded_image_is_cached_per_asset(client_for, scene_asset):
    PREPARED.clear()
    x, y = center_of(scene_asset.truth)
    segment(client_for("labeler"), scene_asset, {"points": [[x, y, 1]]})
    assert ("prepared", scene_asset.pk, scene_asset.sha256) in PREPARED


@pytest.mark.parametrize("body, message", [
    ({}, "give a box, points or scribbles"),
    ({"points": [[5, 5, 0]]}, "at least one positive point"),
    ({"points": [[500, 5, 1]]}, "outside the 160x120 image"),
    ({"points": [[5, -1, 1]]}, "outside the 160x120 image"),
    ({"points": [[5, 5, 2]]}, "must be [x, y, 1|0]"),
    ({"points": [["a", 5, 1]]}, "must be [x, y] numbers"),
    ({"box": [10, 10, 0, 5]}, "width and height must be positive"),
    ({"box": [100, 10, 100, 5]}, "not inside the 160x120 image"),
    ({"box": [1, 2, 3]}, "box"),
    ({"scribbles": [{"points": [], "label": 1}]}, "scribbles[0].points"),
    ({"scribbles": [{"points": [[1, 1]], "label": 3}]}, "scribbles[0].label"),
    ({"scribbles": [{"points": [[1, 1], [999, 1]], "label": 1}]}, "scribbles[0].points[1]"),
    ({"points": [[5, 5, 1]], "backend": "magic"}, "unknown backend 'magic'"),
    ({"points": [[5, 5, 1]], "backend": "onnx:12345"}, "no onnx model 12345"),
])
def test_bad_prompts_are_clear_400s(client_for, scene_asset, body, message):
    response = segment(client_for("labeler"), scene_asset, body)
    assert response.status_code == 400
    assert message in str(response.json()), response.json()


@pytest.mark.parametrize("user, code", [("viewer", 403), ("outsider", 404)])
def test_only_editors_may_segment(client_for, scene_asset, user, code):
    response = segment(client_for(user), scene_asset, {"points": [[5, 5, 1]]})
    assert response.status_code == code
