"""The label claim's one-statement path (PostgreSQL) and the serialized path (SQLite) give the same answers."""

from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from labelplatform.assets.models import Asset
from labelplatform.flows.label_save import label_create
from labelplatform.labels.services import LabelBody
from labelplatform.projects.models import Membership, Role
from labelplatform.workflow.models import Claim
from labelplatform.workflow.queue import queue_next
from tests.workflow.helpers import car_label, make_assets, set_settings


def next_item(client, project):
    return client.post(f"/api/v1/projects/{project.id}/queue/next")


def test_a_labelers_claim_is_one_statement_on_postgres(project, users):
    (asset,) = make_assets(project, 1)
    with CaptureQueriesContext(connection) as queries:
        served = queue_next(project=project, user=users["labeler"], stages=["label"])
    assert served is not None and served.claim.asset_id == asset.pk and served.rework is False
    if connection.vendor == "postgresql":
        assert len(queries) == 1, [q["sql"] for q in queries]
        assert "workflow_queue_next_label" in queries[0]["sql"]
    else:  # SQLite: held claim, rework, candidate, insert, mark, all in one IMMEDIATE transaction
        assert 3 <= len(queries) <= 10, [q["sql"] for q in queries]
    claim = Claim.objects.get(pk=served.claim.pk)
    expected = (users["labeler"].pk, asset.pk, "label", None)
    assert (claim.user_id, claim.asset_id, claim.stage, claim.label_id) == expected
    assert claim.expires_at == served.claim.expires_at


def test_the_answer_shows_the_asset_as_it_is_after_the_claim(client_for, project, users):
    set_settings(project, labels_per_asset=2)
    (asset,) = make_assets(project, 1)
    first = next_item(client_for("labeler"), project).json()
    assert first["asset"]["status"] == "in_progress" and first["asset"]["label_count"] == 0
    label_create(asset=asset, user=users["labeler"], body=LabelBody(**car_label()))
    Membership.objects.create(project=project, user=users["outsider"], role=Role.LABELER)
    second = next_item(client_for("outsider"), project).json()
    assert second["asset"]["id"] == asset.id and second["asset"]["label_count"] == 1
    assert second["asset"]["status"] == "in_progress" and second["rework"] is False and second["label"] is None


def test_fully_leased_items_at_the_head_are_passed_over_until_a_lease_runs_out(project, users):
    set_settings(project, labels_per_asset=2)
    top, second = make_assets(project, 2)
    Asset.objects.filter(pk=top.pk).update(priority=9)
    workers = [users[name] for name in ("labeler", "labeler2", "reviewer", "manager")]
    got = [queue_next(project=project, user=u, stages=["label"]).claim for u in workers[:3]]
    assert [c.asset_id for c in got] == [top.pk, top.pk, second.pk]  # top's 2 slots, then the next one
    Claim.objects.filter(pk=got[0].pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    freed = queue_next(project=project, user=workers[3], stages=["label"])
    assert freed is not None and freed.claim.asset_id == top.pk  # an expired lease frees its slot at once


def test_a_rework_lease_does_not_take_a_label_slot(client_for, project, users):
    set_settings(project, labels_per_asset=2, review_fraction=1.0)
    (asset,) = make_assets(project, 1)
    labeler = client_for("labeler")
    assert next_item(labeler, project).json()["asset"]["id"] == asset.id
    label = labeler.post(f"/api/v1/assets/{asset.id}/labels", car_label(), format="json").json()
    rejected = client_for("reviewer").post(f"/api/v1/labels/{label['id']}/review",
                                           {"decision": "reject", "comment": "redo"}, format="json")
    assert rejected.status_code == 201, rejected.json()
    rework = next_item(labeler, project).json()
    assert rework["rework"] is True and rework["label"]["id"] == label["id"]
    again = next_item(labeler, project).json()  # a held rework lease is handed back as rework
    assert again["claim"]["id"] == rework["claim"]["id"] and again["rework"] is True
    # the rework lease and the rejected label are one slot, not two: the second slot is still free
    other = next_item(client_for("labeler2"), project)
    assert other.status_code == 200 and other.json()["asset"]["id"] == asset.id


def test_an_asset_the_caller_labeled_or_skipped_is_never_served_to_them(client_for, project, users):
    set_settings(project, labels_per_asset=3)
    labeled, skipped, fresh = make_assets(project, 3)
    label_create(asset=labeled, user=users["labeler"], body=LabelBody(**car_label(status="draft")))
    claim = queue_next(project=project, user=users["labeler"], stages=["label"]).claim
    assert claim.asset_id == skipped.pk
    client_for("labeler").post(f"/api/v1/claims/{claim.pk}/skip", {"reason": "blurry"}, format="json")
    assert queue_next(project=project, user=users["labeler"], stages=["label"]).claim.asset_id == fresh.pk
    assert queue_next(project=project, user=users["labeler2"], stages=["label"]).claim.asset_id == labeled.pk
