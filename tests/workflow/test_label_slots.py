"""A new label only through a claim once the asset's slots are full (issue 14, item 6)."""

from labelplatform.assets.models import Asset
from labelplatform.labels.models import Label
from tests.workflow.helpers import car_label, make_assets, set_settings


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
