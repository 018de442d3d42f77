"""Consensus resolution: which of an asset's k labels is its answer, by agreement or a reviewer's pick."""

from importlib import import_module

import pytest
from django.apps import apps
from django.contrib.auth.models import User

from labelplatform.projects.models import Membership
from labelplatform.quality.models import ConsensusChoice
from tests.quality.test_scores import post_label
from tests.workflow.helpers import label_body, make_assets, rect, set_settings

FULL, HALF = rect(0, 10, 0, 10), rect(0, 10, 0, 5)  # a car and its left half: IoU 0.5


@pytest.fixture
def consensus(project, users):
    """A project collecting 3 labels per asset, with a third labeler."""
    set_settings(project, labels_per_asset=3)
    users["labeler3"] = User.objects.create_user("labeler3")
    Membership.objects.create(project=project, user=users["labeler3"], role="labeler")
    return project


def label_three(client_for, asset, *masks):
    """labeler, labeler2, labeler3 submit one car each, in that order; answers the three label ids."""
    return [post_label(client_for(name), asset, (1, mask))["id"]
            for name, mask in zip(("labeler", "labeler2", "labeler3"), masks, strict=True)]


def choice_of(asset):
    choice = ConsensusChoice.objects.filter(asset=asset).first()
    return None if choice is None else (choice.label_id, choice.method, choice.chosen_by_id, round(choice.agreement, 6))


def resubmit(client, label_id, mask, status="submitted"):
    current = client.get(f"/api/v1/labels/{label_id}").json()["revision"]
    response = client.put(f"/api/v1/labels/{label_id}", {**label_body((1, mask), status=status), "revision": current},
                          format="json")
    assert response.status_code == 200, response.json()


def pick(client, asset, label_id):
    return client.post(f"/api/v1/assets/{asset.id}/consensus", {"label": label_id}, format="json")


def test_the_automatic_choice_follows_the_highest_agreement(client_for, consensus):
    (asset,) = make_assets(consensus, 1)
    a, b, c = label_three(client_for, asset, HALF, FULL, FULL)  # a 0.5; b and c 0.75 each
    assert choice_of(asset) == (b, "agreement", None, 0.75)  # a tie goes to the earliest label
    client = client_for("labeler2")
    resubmit(client, b, HALF)  # now a and b agree fully: a 0.75, b 0.75, c 0.5
    assert choice_of(asset) == (a, "agreement", None, 0.75)
    body = client_for("viewer").get(f"/api/v1/assets/{asset.id}/consensus").json()
    assert body["labels_per_asset"] == 3 and body["needs_pick"] is False
    assert [(row["id"], row["author"]["username"], row["agreement"], row["objects"], row["revision"])
            for row in body["labels"]] == [(a, "labeler", 0.75, 1, 1), (b, "labeler2", 0.75, 1, 2),
                                           (c, "labeler3", 0.5, 1, 1)]
    assert body["choice"]["label"] == a and body["choice"]["method"] == "agreement"
    assert body["choice"]["chosen_by"] is None


def test_there_is_no_choice_before_k_labels_are_in(client_for, consensus):
    (asset,) = make_assets(consensus, 1)
    post_label(client_for("labeler"), asset, (1, FULL))
    post_label(client_for("labeler2"), asset, (1, FULL))
    assert choice_of(asset) is None
    assert client_for("reviewer").get(f"/api/v1/assets/{asset.id}/consensus").json()["choice"] is None


def test_a_pick_survives_later_submits(client_for, users, consensus):
    (asset,) = make_assets(consensus, 1)
    a, b, c = label_three(client_for, asset, HALF, FULL, FULL)
    response = pick(client_for("reviewer"), asset, a)
    assert response.status_code == 200, response.json()
    assert response.json()["choice"]["chosen_by"] == {"id": users["reviewer"].id, "username": "reviewer"}
    assert choice_of(asset) == (a, "picked", users["reviewer"].id, 0.5)
    resubmit(client_for("labeler3"), c, HALF)  # a agrees better now: its agreement follows, the pick stays
    assert choice_of(asset) == (a, "picked", users["reviewer"].id, 0.75)


def test_a_picked_label_back_in_rework_falls_back_to_agreement(client_for, users, consensus):
    (asset,) = make_assets(consensus, 1)
    a, b, c = label_three(client_for, asset, HALF, FULL, FULL)
    # a fourth label (e.g. k lowered after it came in): k are left without a. A complete asset takes no
    # extra label without a claim (tests/workflow/test_label_slots.py), so it comes in while k is 4.
    set_settings(consensus, labels_per_asset=4)
    post_label(client_for("manager"), asset, (1, FULL))
    set_settings(consensus, labels_per_asset=3)
    reviewer = client_for("reviewer")
    assert pick(reviewer, asset, a).status_code == 200
    rejected = reviewer.post(f"/api/v1/labels/{a}/review", {"decision": "reject", "comment": "half a car"},
                             format="json")
    assert rejected.status_code == 201
    assert choice_of(asset)[:2] == (a, "picked")  # still submitted: the author has not touched it yet
    resubmit(client_for("labeler"), a, FULL, status="draft")  # the author works on the rework
    assert choice_of(asset) == (b, "agreement", None, 1.0)  # b, c and d agree fully; b came first
    resubmit(client_for("labeler"), a, FULL)  # back in: everyone agrees, still by agreement
    assert choice_of(asset) == (a, "agreement", None, 1.0)


def test_a_choice_goes_when_fewer_than_k_labels_are_left(client_for, consensus):
    (asset,) = make_assets(consensus, 1)
    a, b, c = label_three(client_for, asset, HALF, FULL, FULL)
    assert pick(client_for("reviewer"), asset, c).status_code == 200
    resubmit(client_for("labeler3"), c, FULL, status="draft")
    assert choice_of(asset) is None
    resubmit(client_for("labeler3"), c, FULL)
    assert choice_of(asset) == (b, "agreement", None, 0.75)


@pytest.mark.parametrize("case, status", [
    ("another asset's label", 400), ("a draft", 400), ("the reviewer's own label", 403),
    ("the manager's own label", 403), ("a labeler picking", 403), ("too few labels", 409), ("no such label", 400),
])
def test_bad_picks_change_nothing(client_for, users, consensus, case, status):
    full, partial, other = make_assets(consensus, 3)
    a, b, c = label_three(client_for, full, HALF, FULL, FULL)
    set_settings(consensus, labels_per_asset=5)  # a complete asset takes no extra label without a claim
    own = {"reviewer": post_label(client_for("reviewer"), full, (1, FULL))["id"],
           "manager": post_label(client_for("manager"), full, (1, FULL))["id"]}
    set_settings(consensus, labels_per_asset=3)
    draft = client_for("labeler").post(f"/api/v1/assets/{partial.id}/labels", label_body((1, FULL), status="draft"),
                                       format="json").json()["id"]
    lone = post_label(client_for("labeler2"), partial, (1, FULL))["id"]  # 1 of 3 submitted
    elsewhere = post_label(client_for("labeler"), other, (1, FULL))["id"]
    asset, label, caller = {
        "another asset's label": (full, elsewhere, "reviewer"),
        "a draft": (partial, draft, "reviewer"),
        "the reviewer's own label": (full, own["reviewer"], "reviewer"),
        "the manager's own label": (full, own["manager"], "manager"),
        "a labeler picking": (full, a, "labeler2"),
        "too few labels": (partial, lone, "reviewer"),
        "no such label": (full, 10 ** 9, "reviewer"),
    }[case]
    before = list(ConsensusChoice.objects.order_by("id").values())
    response = pick(client_for(caller), asset, label)
    assert response.status_code == status, response.json()
    assert list(ConsensusChoice.objects.order_by("id").values()) == before


def test_needs_pick_lists_automatic_choices_below_the_threshold(client_for, consensus):
    doubtful, clear = make_assets(consensus, 2)
    label_three(client_for, doubtful, HALF, FULL, FULL)  # chosen at 0.75
    label_three(client_for, clear, FULL, FULL, FULL)  # chosen at 1.0
    manager = client_for("manager")
    assert manager.patch(f"/api/v1/projects/{consensus.id}", {"settings": {"consensus_review_below": 1.5}},
                         format="json").status_code == 400
    url = f"/api/v1/projects/{consensus.id}/consensus"
    assert [row["needs_pick"] for row in manager.get(url).json()["results"]] == [False, False]  # 0: off
    assert manager.patch(f"/api/v1/projects/{consensus.id}", {"settings": {"consensus_review_below": 0.8}},
                         format="json").status_code == 200
    everything = client_for("viewer").get(url).json()
    assert [(row["asset"], row["agreement"], row["labels"], row["needs_pick"]) for row in everything["results"]] == [
        (doubtful.id, 0.75, 3, True), (clear.id, 1.0, 3, False)]  # lowest agreement first
    wanted = client_for("reviewer").get(url + "?needs_pick=true").json()
    assert wanted["count"] == 1 and wanted["results"][0]["name"] == doubtful.name
    assert wanted["results"][0]["choice"]["method"] == "agreement"
    assert client_for("reviewer").get(f"/api/v1/assets/{doubtful.id}/consensus").json()["needs_pick"] is True
    chosen = pick(client_for("reviewer"), doubtful, wanted["results"][0]["choice"]["label"]).json()
    assert chosen["needs_pick"] is False and chosen["choice"]["method"] == "picked"
    assert client_for("reviewer").get(url + "?needs_pick=true").json()["count"] == 0
    assert client_for("reviewer").get(url + "?needs_pick=yes").status_code == 400
    assert client_for("labeler").get(url).status_code == 403


def test_restricted_labelers_see_only_their_own_label_in_the_consensus(client_for, consensus):
    (asset,) = make_assets(consensus, 1)
    a, _, _ = label_three(client_for, asset, HALF, FULL, FULL)
    set_settings(consensus, labelers_see_all=False)
    body = client_for("labeler").get(f"/api/v1/assets/{asset.id}/consensus").json()
    assert [row["id"] for row in body["labels"]] == [a]


def test_the_migration_chooses_for_assets_labeled_before_choices_existed(client_for, consensus):
    (asset,) = make_assets(consensus, 1)
    a, b, c = label_three(client_for, asset, HALF, FULL, FULL)
    ConsensusChoice.objects.all().delete()
    import_module("labelplatform.quality.migrations.0002_consensus_choice").choose_by_agreement(apps, None)
    assert choice_of(asset) == (b, "agreement", None, 0.75)
