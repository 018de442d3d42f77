from datetime import timedelta

from django.utils import timezone

from labelplatform.assets.models import Asset
from labelplatform.workflow.models import Claim
from tests.workflow.helpers import car_label, make_assets, set_settings


def next_item(client, project, **query):
    suffix = "?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else ""
    return client.post(f"/api/v1/projects/{project.id}/queue/next{suffix}")


def test_it_hands_out_highest_priority_first_then_oldest(client_for, project):
    low_old, high_new, low_new = make_assets(project, 3)
    Asset.objects.filter(pk=high_new.pk).update(priority=5)
    labeler = client_for("labeler")
    first = next_item(labeler, project)
    assert first.status_code == 200, first.content
    body = first.json()
    assert body["asset"]["id"] == high_new.id
    assert body["stage"] == "label" and body["label"] is None and body["rework"] is False
    assert set(body["claim"]) == {"id", "expires_at", "stage"}
    assert next_item(client_for("labeler2"), project).json()["asset"]["id"] == low_old.id
    assert Asset.objects.get(pk=high_new.pk).status == "in_progress"


def test_asking_again_hands_back_the_same_claim(client_for, project):
    make_assets(project, 2)
    labeler = client_for("labeler")
    first, again = next_item(labeler, project).json(), next_item(labeler, project).json()
    assert again["claim"]["id"] == first["claim"]["id"]
    assert again["claim"]["expires_at"] >= first["claim"]["expires_at"]


def test_an_item_leased_to_someone_else_is_never_handed_out_and_none_left_is_204(client_for, project):
    make_assets(project, 1)
    assert next_item(client_for("labeler"), project).status_code == 200
    assert next_item(client_for("labeler2"), project).status_code == 204


def test_submitting_ends_the_claim_and_the_asset_is_labeled(client_for, project):
    make_assets(project, 1)
    labeler = client_for("labeler")
    body = next_item(labeler, project).json()
    saved = labeler.post(f"/api/v1/assets/{body['asset']['id']}/labels", car_label(), format="json")
    assert saved.status_code == 201, saved.json()
    claim = Claim.objects.get(pk=body["claim"]["id"])
    assert claim.end_reason == "submitted" and claim.ended_at is not None
    assert Asset.objects.get(pk=body["asset"]["id"]).status == "labeled"
    assert next_item(labeler, project).status_code == 204
    assert next_item(client_for("labeler2"), project).status_code == 204  # labels_per_asset 1: done


def test_a_draft_keeps_the_claim(client_for, project):
    make_assets(project, 1)
    labeler = client_for("labeler")
    body = next_item(labeler, project).json()
    labeler.post(f"/api/v1/assets/{body['asset']['id']}/labels", car_label(status="draft"), format="json")
    assert Claim.objects.get(pk=body["claim"]["id"]).ended_at is None
    assert next_item(labeler, project).json()["claim"]["id"] == body["claim"]["id"]


def test_consensus_hands_each_asset_to_k_different_labelers_never_twice_to_one(client_for, project, users):
    set_settings(project, labels_per_asset=2)
    (asset,) = make_assets(project, 1)
    from labelplatform.projects.models import Membership

    Membership.objects.create(project=project, user=users["outsider"], role="labeler")
    first = client_for("labeler")
    claim = next_item(first, project).json()
    assert next_item(client_for("labeler2"), project).json()["asset"]["id"] == asset.id  # second slot
    assert next_item(client_for("outsider"), project).status_code == 204  # both slots leased
    first.post(f"/api/v1/assets/{asset.id}/labels", car_label(), format="json")
    assert Claim.objects.get(pk=claim["claim"]["id"]).end_reason == "submitted"
    assert next_item(first, project).status_code == 204  # never an asset the caller labeled
    assert Asset.objects.get(pk=asset.pk).status == "in_progress"  # 1 of 2 labels


def test_an_expired_lease_returns_the_item_without_a_sweeper(client_for, project):
    (asset,) = make_assets(project, 1)
    claim_id = next_item(client_for("labeler"), project).json()["claim"]["id"]
    Claim.objects.filter(pk=claim_id).update(expires_at=timezone.now() - timedelta(seconds=1))
    taken = next_item(client_for("labeler2"), project)
    assert taken.status_code == 200 and taken.json()["asset"]["id"] == asset.id
    late = client_for("labeler").post(f"/api/v1/claims/{claim_id}/heartbeat")
    assert late.status_code == 409 and "expired" in late.json()["detail"]


def test_heartbeat_renews_and_only_the_holder_may_renew(client_for, project):
    make_assets(project, 1)
    labeler = client_for("labeler")
    claim = next_item(labeler, project).json()["claim"]
    Claim.objects.filter(pk=claim["id"]).update(expires_at=timezone.now() + timedelta(seconds=5))
    renewed = labeler.post(f"/api/v1/claims/{claim['id']}/heartbeat")
    assert renewed.status_code == 200
    assert Claim.objects.get(pk=claim["id"]).expires_at > timezone.now() + timedelta(seconds=600)
    assert client_for("labeler2").post(f"/api/v1/claims/{claim['id']}/heartbeat").status_code == 403
    assert client_for("outsider").post(f"/api/v1/claims/{claim['id']}/heartbeat").status_code == 404


def test_release_gives_the_item_back_and_ends_the_claim(client_for, project):
    (asset,) = make_assets(project, 1)
    labeler = client_for("labeler")
    claim = next_item(labeler, project).json()["claim"]
    released = labeler.post(f"/api/v1/claims/{claim['id']}/release")
    assert released.status_code == 200 and released.json()["end_reason"] == "released"
    assert Asset.objects.get(pk=asset.pk).status == "new"
    assert labeler.post(f"/api/v1/claims/{claim['id']}/release").status_code == 409
    assert next_item(client_for("labeler2"), project).json()["asset"]["id"] == asset.id


def test_skip_needs_a_reason_and_the_skipper_never_gets_the_item_again(client_for, project):
    skipped, other = make_assets(project, 2)
    labeler = client_for("labeler")
    claim = next_item(labeler, project).json()["claim"]
    missing = labeler.post(f"/api/v1/claims/{claim['id']}/skip", {}, format="json")
    assert missing.status_code == 400 and "reason" in missing.json()["detail"]
    assert Claim.objects.get(pk=claim["id"]).ended_at is None  # nothing stored on a 400
    done = labeler.post(f"/api/v1/claims/{claim['id']}/skip", {"reason": "blurry"}, format="json")
    assert done.json()["skip_reason"] == "blurry"
    assert next_item(labeler, project).json()["asset"]["id"] == other.id
    assert next_item(client_for("labeler2"), project).json()["asset"]["id"] == skipped.id


def test_bad_stage_is_400_and_labelers_may_not_ask_for_review(client_for, project):
    make_assets(project, 1)
    assert next_item(client_for("labeler"), project, stage="bogus").status_code == 400
    assert next_item(client_for("labeler"), project, stage="review").status_code == 403
    assert next_item(client_for("viewer"), project).status_code == 403


def test_priorities_can_be_set_one_by_one_and_in_bulk_from_confidence(client_for, project):
    a, b, c = make_assets(project, 3)
    manager = client_for("manager")
    assert manager.put(f"/api/v1/assets/{a.id}/priority", {"priority": 7}, format="json").json()["priority"] == 7
    bulk = manager.post(f"/api/v1/projects/{project.id}/priorities", {"priorities": [
        {"asset": b.id, "confidence": 0.1}, {"asset": c.id, "confidence": 0.9}]}, format="json")
    assert bulk.status_code == 200 and bulk.json() == {"updated": 2}
    assert [x.priority for x in Asset.objects.order_by("id")] == [7, 900, 100]
    bad = manager.post(f"/api/v1/projects/{project.id}/priorities", {"priorities": [
        {"asset": a.id, "priority": 1}, {"asset": 999999, "priority": 2}]}, format="json")
    assert bad.status_code == 400 and "999999" in bad.json()["detail"]
    assert Asset.objects.get(pk=a.pk).priority == 7  # all or nothing
    assert next_item(client_for("labeler"), project).json()["asset"]["id"] == b.id  # least confident first
    assert client_for("labeler").put(f"/api/v1/assets/{a.id}/priority", {"priority": 1},
                                     format="json").status_code == 403


def test_queue_summary_counts_statuses_and_open_claims(client_for, project):
    make_assets(project, 3)
    next_item(client_for("labeler"), project)
    summary = client_for("viewer").get(f"/api/v1/projects/{project.id}/queue").json()
    assert summary["assets"]["new"] == 2 and summary["assets"]["in_progress"] == 1
    assert summary["open_claims"] == 1
    claims = client_for("manager").get(f"/api/v1/projects/{project.id}/claims").json()
    assert len(claims) == 1 and claims[0]["stage"] == "label"


def test_workflow_settings_are_checked(client_for, project):
    url = f"/api/v1/projects/{project.id}"
    for bad in ({"gold_fraction": 2}, {"lease_seconds": 5}, {"labelers_see_all": "yes"},
                {"priority": {"nested": ["least_confident"]}}, {"priority": "x" * 65}, {"priority": "least\x00"}):
        response = client_for("manager").patch(url, {"settings": bad}, format="json")
        assert response.status_code == 400, bad
    project.refresh_from_db()
    assert project.settings["gold_fraction"] == 0.0 and "lease_seconds" not in project.settings
    assert "priority" not in project.settings


def test_the_summary_counts_the_callers_rework_until_it_is_resubmitted(client_for, project):
    set_settings(project, review_fraction=1.0)
    (asset,) = make_assets(project, 1)
    labeler = client_for("labeler")
    label = labeler.post(f"/api/v1/assets/{asset.id}/labels", car_label(), format="json").json()
    summary = f"/api/v1/projects/{project.id}/queue"
    assert labeler.get(summary).json()["your_rework"] == 0
    client_for("reviewer").post(f"/api/v1/labels/{label['id']}/review", {"decision": "reject", "comment": "redo"},
                                 format="json")
    assert labeler.get(summary).json()["your_rework"] == 1
    assert client_for("labeler2").get(summary).json()["your_rework"] == 0  # someone else's rework
    fixed = labeler.put(f"/api/v1/labels/{label['id']}", {**car_label(), "revision": label["revision"]}, format="json")
    assert fixed.status_code == 200, fixed.json()
    assert labeler.get(summary).json()["your_rework"] == 0


def test_the_summary_says_whether_anyone_else_can_review_the_callers_labels(client_for, project, users):
    set_settings(project, review_fraction=1.0)
    (asset,) = make_assets(project, 1)
    reviewer = client_for("reviewer")
    reviewer.post(f"/api/v1/assets/{asset.id}/labels", car_label(), format="json")
    summary = reviewer.get(f"/api/v1/projects/{project.id}/queue").json()
    assert summary["your_in_review"] == 1 and summary["other_reviewers"] == 1  # the manager
    users["manager"].is_active = False
    users["manager"].save()
    assert reviewer.get(f"/api/v1/projects/{project.id}/queue").json()["other_reviewers"] == 0
