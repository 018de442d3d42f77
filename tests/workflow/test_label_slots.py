"""A new label only through a claim once the asset's slots are full (issue 14, item 6).

Every test runs on both paths of the rule: inside workflow_label_saved after the write (PostgreSQL)
and label_slot_check before it (SQLite; on SQLite both runs take it)."""

import pytest

from labelplatform.assets.models import Asset
from labelplatform.labels.models import Label
from labelplatform.workflow import services
from tests.workflow.helpers import car_label, make_assets, set_settings


@pytest.fixture(autouse=True, params=[True, False], ids=["in the function", "before the write"])
def slot_path(request, monkeypatch):
    monkeypatch.setattr(services, "USE_DB_FUNCTION", request.param)


def post_label(client, asset, status="submitted"):
    return client.post(f"/api/v1/assets/{asset.id}/labels", car_label(status=status), format="json")


def next_item(client, project):
    return client.post(f"/api/v1/projects/{project.id}/queue/next?stage=label")


def test_the_report_a_reviewer_adds_no_second_label_to_a_complete_asset(client_for, project):
    # given an asset with labels_per_asset 1 that a labeler completed through the queue
    (asset,) = make_assets(project, 1)
    labeler = client_for("labeler")
    assert next_item(labeler, project).json()["asset"]["id"] == asset.id
    assert post_label(labeler, asset).status_code == 201
    assert Asset.objects.get(pk=asset.pk).status == "labeled"

    # when a reviewer POSTs a second submitted label without a claim
    response = post_label(client_for("reviewer"), asset)

    # then 409, and nothing is stored
    assert response.status_code == 409
    assert "queue" in response.json()["detail"]
    assert Label.objects.filter(asset=asset).count() == 1
    assert post_label(client_for("manager"), asset, status="draft").status_code == 409  # managers too


def test_a_slot_leased_to_someone_else_is_not_taken_without_a_claim(client_for, project):
    (asset,) = make_assets(project, 1)
    assert next_item(client_for("labeler"), project).json()["asset"]["id"] == asset.id
    assert post_label(client_for("labeler2"), asset).status_code == 409
    assert post_label(client_for("labeler"), asset).status_code == 201  # the holder labels it


def test_free_slots_take_labels_without_a_claim(client_for, project):
    set_settings(project, labels_per_asset=2)
    (asset,) = make_assets(project, 1)
    assert post_label(client_for("labeler"), asset).status_code == 201
    assert post_label(client_for("labeler2"), asset).status_code == 201  # the second slot
    assert post_label(client_for("reviewer"), asset).status_code == 409  # two of two


def test_a_reviewer_with_a_claim_labels_and_fixes_through_review(client_for, project):
    set_settings(project, review_fraction=1.0)
    first, second = make_assets(project, 2)
    assert post_label(client_for("labeler"), first).status_code == 201
    reviewer = client_for("reviewer")
    assert next_item(reviewer, project).json()["asset"]["id"] == second.id  # label work through a claim
    assert post_label(reviewer, second).status_code == 201

    # fixing the labeler's label in review is a PUT: no slot needed
    label = Label.objects.get(asset=first)
    fixed = reviewer.put(f"/api/v1/labels/{label.id}", {**car_label(), "revision": 1}, format="json")
    assert fixed.status_code == 200 and fixed.json()["revision"] == 2


def test_a_gold_asset_takes_anyones_label(client_for, project):
    (asset,) = make_assets(project, 1)
    reference = post_label(client_for("manager"), asset).json()
    assert client_for("manager").post(f"/api/v1/assets/{asset.id}/gold", {"label": reference["id"]},
                                      format="json").status_code == 201
    assert post_label(client_for("labeler"), asset).status_code == 201  # scored against the reference


def put_label(client, label, status="submitted"):
    return client.put(f"/api/v1/labels/{label['id']}", {**car_label(status=status), "revision": label["revision"]},
                      format="json")


def test_the_draft_hole_a_draft_is_not_submitted_into_a_complete_asset(client_for, project):
    # given a draft saved while the slot was free, then the asset completed by someone through the queue
    (asset,) = make_assets(project, 1)
    draft = post_label(client_for("reviewer"), asset, status="draft").json()
    labeler2 = client_for("labeler2")
    # a draft holds no slot: the queue still hands the asset out
    assert next_item(labeler2, project).json()["asset"]["id"] == asset.id
    assert post_label(labeler2, asset).status_code == 201
    assert Asset.objects.get(pk=asset.pk).status == "labeled"

    # when the draft's author submits it by PUT
    response = put_label(client_for("reviewer"), draft)

    # then 409, and the draft stays a draft at its revision
    assert response.status_code == 409
    assert "queue" in response.json()["detail"]
    stored = Label.objects.get(pk=draft["id"])
    assert (stored.status, stored.revision) == ("draft", 1)
    assert Asset.objects.get(pk=asset.pk).status == "labeled"
    # saving it again as a draft is still allowed (nothing counts toward the asset)
    assert put_label(client_for("reviewer"), draft, status="draft").status_code == 200


def test_a_draft_with_a_free_slot_is_submitted(client_for, project):
    set_settings(project, labels_per_asset=2)
    (asset,) = make_assets(project, 1)
    draft = post_label(client_for("labeler"), asset, status="draft").json()
    assert post_label(client_for("labeler2"), asset).status_code == 201  # one of two slots taken
    assert put_label(client_for("labeler"), draft).status_code == 200  # the second
    assert Asset.objects.get(pk=asset.pk).status == "labeled"


def test_a_draft_under_its_authors_claim_is_submitted(client_for, project):
    (asset,) = make_assets(project, 1)
    labeler = client_for("labeler")
    assert next_item(labeler, project).json()["asset"]["id"] == asset.id
    draft = post_label(labeler, asset, status="draft").json()
    assert put_label(labeler, draft).status_code == 200


def test_a_label_submitted_once_is_resubmitted_after_a_return_to_draft(client_for, project):
    # a submitted label taken back to draft keeps its slot (its submission stays)
    (asset,) = make_assets(project, 1)
    labeler = client_for("labeler")
    label = post_label(labeler, asset).json()
    back = put_label(labeler, label, status="draft").json()
    assert put_label(labeler, back).status_code == 200
