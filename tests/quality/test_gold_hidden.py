"""A labeler cannot tell a gold asset from any other (docs/workflow.md#quality); managers and reviewers can."""

import pytest

from tests.quality.test_scores import CAR_TRUTH, ROAD_TRUTH, post_label
from tests.quality.test_scores import gold_asset as gold_asset  # noqa: F401  a fixture, used by name
from tests.workflow.helpers import make_assets, rect, set_settings


def asset_seen(client, asset_id):
    response = client.get(f"/api/v1/assets/{asset_id}")
    assert response.status_code == 200, response.json()
    body = response.json()
    return body["status"], body["label_count"]


def listed(client, project, query=""):
    return {a["id"]: (a["status"], a["label_count"])
            for a in client.get(f"/api/v1/projects/{project.id}/assets{query}").json()["results"]}


@pytest.mark.parametrize("see_all", [True, False])
def test_a_labeler_sees_a_gold_asset_as_an_ordinary_one_with_their_own_work(client_for, project, gold_asset, see_all):
    post_label(client_for("labeler2"), gold_asset, (1, CAR_TRUTH))  # another labeler's work is on it too
    set_settings(project, gold_fraction=1.0, labelers_see_all=see_all, review_fraction=0.0)
    labeler, manager, reviewer = client_for("labeler"), client_for("manager"), client_for("reviewer")

    served = labeler.post(f"/api/v1/projects/{project.id}/queue/next").json()
    assert served["asset"]["id"] == gold_asset.id
    assert (served["asset"]["status"], served["asset"]["label_count"]) == ("in_progress", 0)
    assert labeler.post(f"/api/v1/projects/{project.id}/queue/next").json()["asset"]["status"] == "in_progress"
    assert asset_seen(labeler, gold_asset.id) == ("in_progress", 0)

    label = post_label(labeler, gold_asset, (1, rect(0, 10, 0, 5)), (2, ROAD_TRUTH))
    # as an ordinary asset with one label of theirs and no review sampling: labeled, one label
    assert asset_seen(labeler, gold_asset.id) == ("labeled", 1)
    assert listed(labeler, project)[gold_asset.id] == ("labeled", 1)
    assert gold_asset.id in listed(labeler, project, "?status=labeled")
    assert gold_asset.id not in listed(labeler, project, "?status=done")
    assert labeler.get(f"/api/v1/labels/{label['id']}/scores").json() == []

    # managers and reviewers see the truth: done, the reference and both labelers' labels, gold scores
    for client in (manager, reviewer):
        assert asset_seen(client, gold_asset.id) == ("done", 3)
        assert listed(client, project)[gold_asset.id] == ("done", 3)
        assert gold_asset.id in listed(client, project, "?status=done")
        kinds = {s["kind"] for s in client.get(f"/api/v1/labels/{label['id']}/scores").json()}
        assert kinds == {"gold"}


def test_ordinary_assets_and_consensus_scores_read_the_same_for_a_labeler(client_for, project):
    set_settings(project, labels_per_asset=2, review_fraction=0.0)
    (asset,) = make_assets(project, 1)
    first = post_label(client_for("labeler"), asset, (1, CAR_TRUTH))
    post_label(client_for("labeler2"), asset, (1, CAR_TRUTH))
    labeler = client_for("labeler")
    assert asset_seen(labeler, asset.id) == asset_seen(client_for("manager"), asset.id) == ("labeled", 2)
    assert {s["kind"] for s in labeler.get(f"/api/v1/labels/{first['id']}/scores").json()} == {"consensus"}


def test_a_labeler_who_sees_all_sees_only_their_own_labels_on_a_gold_asset(client_for, project, gold_asset):
    # labelers_see_all lists every label of an ordinary asset; on a gold one the reference and the other
    # labelers' labels would say it is gold (more labels than labels_per_asset, one by a manager)
    from labelplatform.quality.models import GoldStandard

    reference = GoldStandard.objects.get(asset=gold_asset).label_id
    others = post_label(client_for("labeler2"), gold_asset, (1, CAR_TRUTH))
    set_settings(project, gold_fraction=1.0, labelers_see_all=True, review_fraction=0.0)
    (ordinary,) = make_assets(project, 1)
    on_ordinary = post_label(client_for("labeler2"), ordinary, (1, CAR_TRUTH))
    labeler = client_for("labeler")
    own = post_label(labeler, gold_asset, (1, rect(0, 10, 0, 5)))

    assert [lb["id"] for lb in labeler.get(f"/api/v1/assets/{gold_asset.id}/labels").json()] == [own["id"]]
    for hidden in (reference, others["id"]):
        assert labeler.get(f"/api/v1/labels/{hidden}").status_code == 404
        assert labeler.get(f"/api/v1/labels/{hidden}/revisions").status_code == 404
    streamed = {lb["id"] for lb in labeler.get(f"/api/v1/projects/{project.id}/labels").json()["results"]}
    assert streamed == {own["id"], on_ordinary["id"]}
    # an ordinary asset's labels stay in view, and managers and reviewers see every label of the gold one
    assert labeler.get(f"/api/v1/labels/{on_ordinary['id']}").status_code == 200
    for name in ("manager", "reviewer"):
        listed_ids = {lb["id"] for lb in client_for(name).get(f"/api/v1/assets/{gold_asset.id}/labels").json()}
        assert listed_ids == {reference, others["id"], own["id"]}
        assert client_for(name).get(f"/api/v1/labels/{reference}").status_code == 200


def test_the_queue_counts_a_labelers_gold_asset_as_they_are_shown_it(client_for, project, gold_asset):
    # counted as stored, a gold asset is "done" from the start and a submit on it moves no count: that says gold
    set_settings(project, gold_fraction=1.0, review_fraction=0.0)
    make_assets(project, 1)
    labeler, manager = client_for("labeler"), client_for("manager")

    def counts(client):
        return client.get(f"/api/v1/projects/{project.id}/queue").json()["assets"]

    assert counts(labeler) == {"new": 2, "in_progress": 0, "labeled": 0, "in_review": 0, "done": 0, "rework": 0}
    post_label(labeler, gold_asset, (1, rect(0, 10, 0, 5)))
    assert counts(labeler) == {"new": 1, "in_progress": 0, "labeled": 1, "in_review": 0, "done": 0, "rework": 0}
    assert counts(manager) == {"new": 1, "in_progress": 0, "labeled": 0, "in_review": 0, "done": 1, "rework": 0}
    assert counts(client_for("labeler2"))["done"] == 0  # each labeler sees their own work on it


def test_a_labeler_sees_a_gold_frame_of_a_sequence_as_an_ordinary_one(client_for, project):
    from labelplatform.sequences.models import Sequence
    from tests.sequences.conftest import frames_zip, run_started, upload
    from tests.workflow.helpers import HEIGHT, WIDTH, label_body

    manager, labeler = client_for("manager"), client_for("labeler")
    job = run_started(upload(manager, project, "two.zip", frames_zip([("0.png", (WIDTH, HEIGHT)),
                                                                       ("1.png", (WIDTH, HEIGHT))])))
    sequence = Sequence.objects.get(pk=job.params["sequence"])
    gold, ordinary = (f.asset for f in sequence.frames.order_by("index"))

    def tracked(client, asset, track):
        body = label_body((1, CAR_TRUTH))
        body["objects"][0]["track"] = track
        response = client.post(f"/api/v1/assets/{asset.id}/labels", body, format="json")
        assert response.status_code == 201, response.json()
        return response.json()

    reference = tracked(manager, gold, 1)
    assert manager.post(f"/api/v1/assets/{gold.id}/gold", {"label": reference["id"]}, format="json").status_code == 201
    tracked(client_for("labeler2"), ordinary, 2)
    set_settings(project, gold_fraction=1.0, review_fraction=0.0, labelers_see_all=True)

    def timeline(client):
        body = client.get(f"/api/v1/sequences/{sequence.id}").json()
        listed = client.get(f"/api/v1/sequences/{sequence.id}/frames").json()["results"]
        frames = [(f["status"], f["labeled"], f["submitted"]) for f in body["frames"]]
        assert [(f["status"], f["labeled"], f["submitted"]) for f in listed] == frames
        tracks = {t["track"]: t["labeled_frames"] for t in body["tracks"]}
        assert {t["track"]: t["labeled_frames"] for t in client.get(
            f"/api/v1/sequences/{sequence.id}/tracks").json()} == tracks
        return frames, tracks

    # the reference's frame and track are not the labeler's to see; the other labeler's ordinary frame is
    assert timeline(labeler) == ([("new", False, False), ("labeled", True, True)], {2: 1})
    tracked(labeler, gold, 1)
    assert timeline(labeler) == ([("labeled", True, True), ("labeled", True, True)], {1: 1, 2: 1})
    assert timeline(manager) == ([("done", True, True), ("labeled", True, True)], {1: 1, 2: 1})


def test_a_gold_label_goes_to_review_as_any_label_and_comes_back_as_rework(client_for, project, gold_asset):
    # never sampled, a labeled gold asset that never reached review (review_fraction 1) said it was gold
    from labelplatform.quality.models import Score

    set_settings(project, gold_fraction=1.0, review_fraction=1.0)
    labeler, reviewer, manager = client_for("labeler"), client_for("reviewer"), client_for("manager")
    label = post_label(labeler, gold_asset, (1, rect(0, 10, 0, 5)), (2, ROAD_TRUTH))
    assert asset_seen(labeler, gold_asset.id) == ("in_review", 1)
    scored = set(Score.objects.filter(label_id=label["id"]).values_list("kind", "class_id", "iou"))
    assert scored

    served = reviewer.post(f"/api/v1/projects/{project.id}/queue/next?stage=review").json()
    assert served["label"]["id"] == label["id"]
    rejected = reviewer.post(f"/api/v1/labels/{label['id']}/review", {"decision": "reject", "comment": "car"},
                             format="json")
    assert rejected.status_code == 201, rejected.json()
    assert asset_seen(labeler, gold_asset.id) == ("rework", 1)
    assert asset_seen(manager, gold_asset.id)[0] == "done"  # stored: gold stays done
    assert set(Score.objects.filter(label_id=label["id"]).values_list("kind", "class_id", "iou")) == scored
    rework = labeler.post(f"/api/v1/projects/{project.id}/queue/next").json()
    assert rework["asset"]["id"] == gold_asset.id and rework["asset"]["status"] == "rework"


def test_a_labelers_own_gold_figures_show_the_day_after_the_score(client_for, project, gold_asset):
    # a gold figure moving right after a submit would say that label was on a gold asset
    from datetime import timedelta

    from django.utils import timezone

    from labelplatform.quality.models import Score

    set_settings(project, gold_fraction=1.0, review_fraction=0.0)
    labeler, manager = client_for("labeler"), client_for("manager")
    label = post_label(labeler, gold_asset, (1, rect(0, 10, 0, 5)), (2, ROAD_TRUTH))
    url = f"/api/v1/projects/{project.id}/quality"
    today = timezone.now().date()

    own = labeler.get(url).json()
    assert own["gold_until"] == (today - timedelta(days=1)).isoformat()
    assert own["project"]["gold"] is None and own["classes"] == []
    assert all(row["gold"] is None for row in own["labelers"])
    assert manager.get(url).json()["project"]["gold"]["labels"] == 1  # the manager's report: at once, all of it
    assert manager.get(url).json()["gold_until"] is None

    Score.objects.filter(label_id=label["id"]).update(created_at=timezone.now() - timedelta(days=1))
    own = labeler.get(url).json()
    assert own["project"]["gold"]["labels"] == 1 and own["labelers"][0]["gold"]["iou"] == 0.75


def test_labels_on_a_gold_asset_agree_with_each_other_as_on_any_asset(client_for, project, gold_asset):
    # with labels_per_asset 2 an ordinary label gets consensus rows once a second label comes; a gold one got none
    set_settings(project, gold_fraction=1.0, review_fraction=0.0, labels_per_asset=2)
    first = post_label(client_for("labeler"), gold_asset, (1, rect(0, 10, 0, 5)), (2, ROAD_TRUTH))
    assert client_for("labeler").get(f"/api/v1/labels/{first['id']}/scores").json() == []
    post_label(client_for("labeler2"), gold_asset, (1, CAR_TRUTH), (2, ROAD_TRUTH))
    rows = client_for("labeler").get(f"/api/v1/labels/{first['id']}/scores").json()
    assert {(r["kind"], r["class_id"], r["iou"]) for r in rows} == {("consensus", 1, 0.5), ("consensus", 2, 1.0),
                                                                   ("consensus", None, 0.75)}
    kinds = {r["kind"] for r in client_for("manager").get(f"/api/v1/labels/{first['id']}/scores").json()}
    assert kinds == {"gold", "consensus"}
    # the reference is the gold asset's answer: it is no consensus asset to pick for
    listed = client_for("manager").get(f"/api/v1/projects/{project.id}/consensus").json()["results"]
    assert gold_asset.id not in [row["id"] for row in listed]
