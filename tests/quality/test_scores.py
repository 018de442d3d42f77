"""Quality scores on hand-made masks whose IoU is known."""

from datetime import timedelta

import pytest
from django.utils import timezone

from labelplatform.assets.models import Asset
from labelplatform.quality.models import Score
from tests.workflow.helpers import label_body, make_assets, rect, set_settings

CAR_TRUTH, ROAD_TRUTH = rect(0, 10, 0, 10), rect(20, 30, 0, 40)  # 100 and 400 pixels


def post_label(client, asset, *objects):
    response = client.post(f"/api/v1/assets/{asset.id}/labels", label_body(*objects), format="json")
    assert response.status_code == 201, response.json()
    return response.json()


def scores_of(label_id):
    return {s.class_id: round(s.iou, 6) for s in Score.objects.filter(label_id=label_id)}


@pytest.fixture
def gold_asset(client_for, project):
    (asset,) = make_assets(project, 1)
    reference = post_label(client_for("manager"), asset, (1, CAR_TRUTH), (2, ROAD_TRUTH))
    response = client_for("manager").post(f"/api/v1/assets/{asset.id}/gold", {"label": reference["id"]},
                                          format="json")
    assert response.status_code == 201, response.json()
    return asset


def test_gold_labels_are_seeded_into_queues_and_scored_by_matched_iou_per_class(client_for, project, gold_asset):
    set_settings(project, gold_fraction=1.0)
    make_assets(project, 2, priority=10)  # ordinary work with a higher priority exists
    assert Asset.objects.get(pk=gold_asset.pk).status == "done"
    labeler = client_for("labeler")
    served = labeler.post(f"/api/v1/projects/{project.id}/queue/next").json()
    assert served["asset"]["id"] == gold_asset.id and "gold" not in served
    # car: half the reference (IoU 0.5) plus a stray car (unmatched, halves it again); road: 300 of 400 px
    label = post_label(labeler, gold_asset, (1, rect(0, 10, 0, 5)), (1, rect(12, 18, 30, 38)), (2, rect(20, 30, 0, 30)))
    assert scores_of(label["id"]) == {1: 0.25, 2: 0.75, None: 0.5}
    assert Score.objects.get(label_id=label["id"], class_id=None).kind == "gold"
    assert labeler.post(f"/api/v1/projects/{project.id}/queue/next").json()["asset"]["id"] != gold_asset.id


def test_the_quality_report_shows_labelers_and_classes(client_for, project, gold_asset):
    post_label(client_for("labeler"), gold_asset, (1, CAR_TRUTH), (2, ROAD_TRUTH))
    post_label(client_for("labeler2"), gold_asset, (1, rect(0, 10, 0, 5)), (2, ROAD_TRUTH))
    report = client_for("manager").get(f"/api/v1/projects/{project.id}/quality").json()
    by_user = {row["user"]["username"]: row for row in report["labelers"]}
    assert by_user["labeler"]["gold"]["iou"] == 1.0
    assert by_user["labeler2"]["gold"]["iou"] == 0.75
    assert by_user["labeler2"]["per_class"]["1"]["gold"]["iou"] == 0.5
    assert {c["name"]: c["gold"]["iou"] for c in report["classes"]} == {"car": 0.75, "road": 1.0}
    assert report["gold_assets"] == 1 and report["project"]["gold"]["labels"] == 2
    Score.objects.update(created_at=timezone.now() - timedelta(days=1))  # a labeler sees gold scores a day on
    own = client_for("labeler2").get(f"/api/v1/projects/{project.id}/quality").json()
    assert [row["user"]["username"] for row in own["labelers"]] == ["labeler2"]
    assert client_for("labeler").get(f"/api/v1/assets/{gold_asset.id}/gold").status_code == 403
    assert client_for("manager").get(f"/api/v1/projects/{project.id}/quality?from=2020-13-01").status_code == 400


def test_consensus_scores_are_the_mean_pairwise_matched_iou(client_for, project, users):
    from labelplatform.projects.models import Membership

    set_settings(project, labels_per_asset=3)
    Membership.objects.create(project=project, user=users["outsider"], role="labeler")
    (asset,) = make_assets(project, 1)
    a = post_label(client_for("labeler"), asset, (1, rect(0, 10, 0, 10)))
    b = post_label(client_for("labeler2"), asset, (1, rect(0, 10, 0, 5)))
    assert scores_of(a["id"]) == {1: 0.5, None: 0.5}  # two labels so far
    c = post_label(client_for("outsider"), asset, (1, rect(0, 10, 0, 10)))
    assert scores_of(a["id"]) == {1: 0.75, None: 0.75}  # mean of 0.5 (vs b) and 1.0 (vs c)
    assert scores_of(b["id"]) == {1: 0.5, None: 0.5}
    assert scores_of(c["id"]) == {1: 0.75, None: 0.75}
    assert client_for("labeler").get(f"/api/v1/labels/{a['id']}/scores").json()[0]["kind"] == "consensus"
    assert Asset.objects.get(pk=asset.pk).status == "labeled"


def test_gold_needs_a_submitted_label_of_the_asset(client_for, project):
    first, second = make_assets(project, 2)
    draft = client_for("manager").post(f"/api/v1/assets/{first.id}/labels",
                                       label_body((1, CAR_TRUTH), status="draft"), format="json").json()
    other = post_label(client_for("manager"), second, (1, CAR_TRUTH))
    url = f"/api/v1/assets/{first.id}/gold"
    assert "draft" in client_for("manager").post(url, {"label": draft["id"]}, format="json").json()["detail"]
    assert client_for("manager").post(url, {"label": other["id"]}, format="json").status_code == 400
    assert client_for("manager").get(url).status_code == 404
    assert client_for("reviewer").post(url, {"label": draft["id"]}, format="json").status_code == 403


def test_removing_the_gold_puts_the_asset_back(client_for, project, gold_asset):
    assert client_for("manager").delete(f"/api/v1/assets/{gold_asset.id}/gold").status_code == 204
    assert Asset.objects.get(pk=gold_asset.pk).status == "labeled"  # the reference is now an ordinary label
    assert client_for("manager").get(f"/api/v1/projects/{project.id}/gold").json() == []
