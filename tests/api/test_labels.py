import numpy as np
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from pycocotools import mask as coco

from labelplatform.labels import services
from labelplatform.labels.models import Label, LabelObject, LabelRevision


@pytest.fixture(autouse=True, params=["one statement", "orm"])
def write_path(request, monkeypatch):
    """Every test here runs on both ways a save is written (PostgreSQL's one statement, the ORM)."""
    monkeypatch.setattr(services, "ONE_STATEMENT", request.param == "one statement")
    return request.param


def rle(mask: np.ndarray) -> dict:
    encoded = coco.encode(np.asfortranarray(mask.astype(np.uint8)))
    return {"size": list(encoded["size"]), "counts": encoded["counts"].decode("ascii")}


def two_cars(height=30, width=40):
    first = np.zeros((height, width), bool)
    first[2:10, 3:15] = True
    second = np.zeros((height, width), bool)
    second[12:20, 5:25] = True
    return first, second


def body(*masks, status="submitted", classes=None, **extra):
    classes = classes or [1] * len(masks)
    objects = [{"class": c, "mask": rle(m), "attributes": {"occluded": "no"} if c == 1 else {}}
               for c, m in zip(classes, masks, strict=True)]
    return {"objects": objects, "status": status, "classifications": {"weather": "sun"}, **extra}


def test_a_label_round_trips_byte_identical_with_server_area_and_bbox(client_for, asset):
    first, second = two_cars()
    sent = body(first, second, time_spent_s=12.5)
    response = client_for("labeler").post(f"/api/v1/assets/{asset.id}/labels", sent, format="json")
    assert response.status_code == 201, response.json()
    label = client_for("labeler").get(f"/api/v1/labels/{response.json()['id']}").json()
    assert [o["mask"]["counts"] for o in label["objects"]] == [o["mask"]["counts"] for o in sent["objects"]]
    assert [o["area"] for o in label["objects"]] == [8 * 12, 8 * 20]
    assert [o["bbox"] for o in label["objects"]] == [[3, 2, 12, 8], [5, 12, 20, 8]]
    assert label["revision"] == 1
    assert label["time_spent_s"] == 12.5
    assert label["author"]["username"] == "labeler"
    asset.refresh_from_db()
    assert asset.status == "labeled"


def test_uncompressed_counts_are_accepted_and_stored_compressed(client_for, asset):
    first, _ = two_cars()
    raw = coco.frPyObjects({"size": [30, 40], "counts": _runs(first)}, 30, 40)
    sent = {"objects": [{"class": 2, "mask": {"size": [30, 40], "counts": _runs(first)}}], "status": "draft"}
    response = client_for("labeler").post(f"/api/v1/assets/{asset.id}/labels", sent, format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["objects"][0]["mask"]["counts"] == raw["counts"].decode()


def _runs(mask):
    flat = mask.flatten(order="F").astype(np.int8)
    changes = np.flatnonzero(np.diff(np.concatenate([[0], flat, [1 - flat[-1]]])))
    return np.diff(np.concatenate([[0], changes])).tolist()[: len(changes)]


def test_saving_over_a_newer_revision_is_a_409(client_for, asset):
    first, second = two_cars()
    created = client_for("labeler").post(f"/api/v1/assets/{asset.id}/labels", body(first), format="json").json()
    url = f"/api/v1/labels/{created['id']}"
    saved = client_for("labeler").put(url, {**body(first, second), "revision": 1}, format="json")
    assert saved.status_code == 200
    assert saved.json()["revision"] == 2
    stale = client_for("labeler").put(url, {**body(second), "revision": 1}, format="json")
    assert stale.status_code == 409
    assert stale.json()["current"]["revision"] == 2
    assert len(stale.json()["current"]["objects"]) == 2
    revisions = client_for("labeler").get(f"{url}/revisions").json()
    assert [r["number"] for r in revisions] == [1, 2]
    first_revision = client_for("labeler").get(f"{url}/revisions/1").json()
    assert len(first_revision["objects"]) == 1  # history is kept


def test_bad_masks_are_400_and_store_nothing(client_for, asset):
    first, second = two_cars()
    good = rle(first)
    bad_masks = {
        "wrong size": {"size": [31, 40], "counts": good["counts"]},
        "garbage counts": {"size": [30, 40], "counts": "\x01\x02 not rle"},
        "short runs": {"size": [30, 40], "counts": [5, 10]},
        "negative run": {"size": [30, 40], "counts": [1200, -5, 5]},
        "empty": rle(np.zeros((30, 40), bool)),
        "not an object": "abc",
        "no size": {"counts": good["counts"]},
    }
    for reason, mask in bad_masks.items():
        sent = {"objects": [{"class": 1, "mask": mask, "attributes": {"occluded": "no"}}], "status": "draft"}
        response = client_for("labeler").post(f"/api/v1/assets/{asset.id}/labels", sent, format="json")
        assert response.status_code == 400, reason
        assert "objects[0].mask" in response.json()["detail"], reason
    assert Label.objects.count() == 0


def test_overlapping_objects_are_refused(client_for, asset):
    first, _ = two_cars()
    shifted = np.roll(first, 2, axis=1)
    response = client_for("labeler").post(f"/api/v1/assets/{asset.id}/labels", body(first, shifted), format="json")
    assert response.status_code == 400
    assert "overlap" in response.json()["detail"]
    assert Label.objects.count() == 0


def test_unknown_classes_and_bad_attributes_are_refused(client_for, asset):
    first, _ = two_cars()
    url = f"/api/v1/assets/{asset.id}/labels"
    no_class = body(first, classes=[7])
    assert "class 7" in client_for("labeler").post(url, no_class, format="json").json()["detail"]
    bad_attr = body(first)
    bad_attr["objects"][0]["attributes"] = {"occluded": "maybe"}
    assert client_for("labeler").post(url, bad_attr, format="json").status_code == 400
    missing = body(first)
    missing["objects"][0]["attributes"] = {}
    assert "required" in client_for("labeler").post(url, missing, format="json").json()["detail"]
    bad_classification = {**body(first), "classifications": {"weather": "snow"}}
    assert client_for("labeler").post(url, bad_classification, format="json").status_code == 400


@pytest.mark.parametrize(("key", "value", "detail"), [
    ("class", 2**70, "objects[0]: class is a number out of range, not an active class of the ontology"),
    ("class", -(2**64), "objects[0]: class is a number out of range, not an active class of the ontology"),
    ("class", 2**63, "objects[0]: class 9223372036854775808 is not an active class of the ontology"),
    ("track", 2**70, "objects[0].track: must be an integer in 1..2147483647 or null, got a number out of range"),
])
def test_a_number_past_64_bits_is_named_out_of_range_not_as_a_float(client_for, asset, key, value, detail):
    # found walking: {"class": 2**70} was answered "class 1.1805916207174113e+21" (the JSON parser reads a
    # whole number past 64 bits as a float); a number that fits is named as it was sent
    first, _ = two_cars()
    sent = body(first)
    sent["objects"][0][key] = value
    response = client_for("labeler").post(f"/api/v1/assets/{asset.id}/labels", sent, format="json")
    assert response.status_code == 400
    assert response.json()["detail"] == f"objects: {detail}"
    assert not Label.objects.filter(asset=asset).exists()


def test_a_failed_save_loses_nothing_already_stored(client_for, asset):
    first, second = two_cars()
    created = client_for("labeler").post(f"/api/v1/assets/{asset.id}/labels", body(first), format="json").json()
    broken = {**body(first, first), "revision": 1}  # overlapping
    response = client_for("labeler").put(f"/api/v1/labels/{created['id']}", broken, format="json")
    assert response.status_code == 400
    kept = client_for("labeler").get(f"/api/v1/labels/{created['id']}").json()
    assert kept["revision"] == 1
    assert kept["objects"][0]["mask"]["counts"] == created["objects"][0]["mask"]["counts"]
    assert LabelRevision.objects.count() == 1
    assert LabelObject.objects.count() == 1


def test_roles_on_labels(client_for, asset):
    first, _ = two_cars()
    url = f"/api/v1/assets/{asset.id}/labels"
    assert client_for("viewer").post(url, body(first), format="json").status_code == 403
    assert client_for("outsider").post(url, body(first), format="json").status_code == 404
    created = client_for("labeler").post(url, body(first), format="json").json()
    other = client_for("labeler2").put(f"/api/v1/labels/{created['id']}", {**body(first), "revision": 1}, format="json")
    assert other.status_code == 403
    fixed = client_for("reviewer").put(f"/api/v1/labels/{created['id']}", {**body(first), "revision": 1}, format="json")
    assert fixed.status_code == 200
    assert client_for("viewer").get(url).json()[0]["id"] == created["id"]


def test_a_second_label_by_the_same_author_is_a_409(client_for, asset):
    first, _ = two_cars()
    url = f"/api/v1/assets/{asset.id}/labels"
    # a draft takes no slot (labels_per_asset 1), so another author may still label the asset
    assert client_for("labeler").post(url, body(first, status="draft"), format="json").status_code == 201
    assert client_for("labeler").post(url, body(first), format="json").status_code == 409
    assert client_for("labeler2").post(url, body(first), format="json").status_code == 201


def test_the_save_answers_what_a_read_returns(client_for, asset, write_path):
    first, second = two_cars()
    labeler = client_for("labeler")
    with CaptureQueriesContext(connection) as queries:
        created = labeler.post(f"/api/v1/assets/{asset.id}/labels", body(first, second, time_spent_s=3), format="json")
    assert created.status_code == 201, created.json()
    one_statement = any("WITH" in q["sql"] and "labels_labelobject" in q["sql"] for q in queries.captured_queries)
    assert one_statement == (write_path == "one statement" and connection.vendor == "postgresql")
    label_id = created.json()["id"]
    assert created.json() == labeler.get(f"/api/v1/labels/{label_id}").json()
    updated = labeler.put(f"/api/v1/labels/{label_id}", {**body(second, status="draft", time_spent_s=2), "revision": 1},
                          format="json")
    assert updated.status_code == 200, updated.json()
    assert updated.json() == labeler.get(f"/api/v1/labels/{label_id}").json()
    assert updated.json()["revision"] == 2 and updated.json()["time_spent_s"] == 5
    assert [o["area"] for o in updated.json()["objects"]] == [8 * 20]
    revisions = labeler.get(f"/api/v1/labels/{label_id}/revisions").json()
    assert [(r["number"], r["status"], r["time_spent_s"]) for r in revisions] == [(1, "submitted", 3), (2, "draft", 2)]
    stale = labeler.put(f"/api/v1/labels/{label_id}", {**body(first), "revision": 1}, format="json")
    assert stale.status_code == 409 and stale.json()["current"]["revision"] == 2
    assert LabelRevision.objects.filter(label_id=label_id).count() == 2


def test_the_schema_describes_the_object_keys_the_checks_read(client_for, asset):
    from labelplatform.labels import objects as object_checks
    from labelplatform.labels.serializers import ObjectInSerializer

    fields = ObjectInSerializer().fields
    assert set(fields) == {object_checks.CLASS, object_checks.MASK, object_checks.ATTRIBUTES, object_checks.TRACK}
    assert {name for name, field in fields.items() if field.required} == set(object_checks.REQUIRED_KEYS)
    # an object without a key the schema calls required is refused; without the optional one it is stored
    first, _ = two_cars()
    url = f"/api/v1/assets/{asset.id}/labels"
    for key in object_checks.REQUIRED_KEYS:
        missing = body(first)
        del missing["objects"][0][key]
        assert client_for("labeler").post(url, missing, format="json").status_code == 400
    optional = body(first, classes=[2])
    del optional["objects"][0][object_checks.ATTRIBUTES]
    assert client_for("labeler").post(url, optional, format="json").status_code == 201
