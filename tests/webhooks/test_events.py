"""Each event, raised where it happens, becomes a delivery whose body matches its documented schema."""

import json

import jsonschema
import pytest
from django.db import transaction

from labelplatform.common.events import EVENTS
from labelplatform.datasets.services import version_create
from labelplatform.jobs.models import Job
from labelplatform.jobs.services import job_run
from labelplatform.projects.services import member_set
from labelplatform.webhooks.attempts import delivery_body
from labelplatform.webhooks.models import Delivery, Subscription
from labelplatform.webhooks.payloads import envelope
from tests.workflow.helpers import car_label, make_assets, set_settings


@pytest.fixture
def hook(project):
    return Subscription.objects.create(project=project, url="https://93.184.216.34/h", secret="s", events=list(EVENTS))


def sent(event: str) -> list[dict]:  # type: ignore[type-arg]
    """The bodies of the deliveries of `event`, each checked against the event's schema."""
    bodies = [json.loads(delivery_body(d)) for d in Delivery.objects.filter(event=event).order_by("id")]
    for body in bodies:
        jsonschema.validate(body, envelope(event))
    return bodies


def test_member_added(hook, project, users):
    member_set(project=project, user=users["outsider"], role="viewer")
    member_set(project=project, user=users["outsider"], role="labeler")  # a role change adds no one
    (body,) = sent("member.added")
    assert body["project"] == project.id
    assert body["data"]["member"] == {"user": users["outsider"].id, "username": "outsider", "role": "viewer"}


def test_member_added_when_an_invitation_is_accepted(hook, client_for, project, users):
    invited = client_for("manager").post(f"/api/v1/projects/{project.id}/invitations",
                                         {"user": "outsider", "role": "reviewer"}, format="json")
    assert client_for("outsider").post(f"/api/v1/invitations/{invited.json()['id']}/accept").status_code == 200
    (body,) = sent("member.added")
    assert body["data"]["member"] == {"user": users["outsider"].id, "username": "outsider", "role": "reviewer"}


def test_label_submitted_reviewed_and_asset_done(hook, client_for, project, users):
    set_settings(project, review_fraction=1.0)
    (asset,) = make_assets(project, 1)
    labeler = client_for("labeler")
    labeler.post(f"/api/v1/projects/{project.id}/queue/next")
    label = labeler.post(f"/api/v1/assets/{asset.id}/labels", car_label(), format="json").json()
    (submitted,) = sent("label.submitted")
    assert submitted["data"]["label"] == {"id": label["id"], "asset": asset.id, "author": users["labeler"].id,
                                          "revision": 1, "objects": 1}
    assert not sent("asset.done")
    reviewer = client_for("reviewer")
    review = reviewer.post(f"/api/v1/labels/{label['id']}/review", {"decision": "accept"}, format="json")
    assert review.status_code == 201
    (reviewed,) = sent("label.reviewed")
    assert reviewed["data"]["review"]["decision"] == "accept"
    assert reviewed["data"]["review"]["label"] == label["id"]
    (done,) = sent("asset.done")
    assert done["data"]["asset"] == {"id": asset.id, "name": asset.name}


def test_asset_done_by_a_submit(hook, client_for, project, users):
    """The save's own status move (labelplatform/workflow/sql/label_saved.sql on PostgreSQL) raises
    asset.done too: the second of two labels completes an asset whose first was accepted."""
    set_settings(project, review_fraction=1.0, labels_per_asset=2)
    (asset,) = make_assets(project, 1)
    labeler = client_for("labeler")
    labeler.post(f"/api/v1/projects/{project.id}/queue/next")
    first = labeler.post(f"/api/v1/assets/{asset.id}/labels", car_label(), format="json").json()
    reviewer = client_for("reviewer")
    assert reviewer.post(f"/api/v1/labels/{first['id']}/review", {"decision": "accept"},
                         format="json").status_code == 201
    assert not sent("asset.done")  # one label of two
    set_settings(project, review_fraction=0.0)
    other = client_for("labeler2")
    other.post(f"/api/v1/projects/{project.id}/queue/next")
    assert other.post(f"/api/v1/assets/{asset.id}/labels", car_label(), format="json").status_code == 201
    asset.refresh_from_db()
    assert asset.status == "done"
    (done,) = sent("asset.done")
    assert done["data"]["asset"] == {"id": asset.id, "name": asset.name}


def test_job_finished_and_version_created(hook, project, users):
    job = Job.objects.create(kind="thumbnails", project=project, params={"asset_ids": []})
    job_run(job_id=job.pk)
    (finished,) = sent("job.finished")
    assert finished["data"]["job"] == {"id": job.pk, "kind": "thumbnails", "status": "succeeded", "error": ""}
    version_create(project=project, user=users["manager"], name="v1", labels="latest")
    (created,) = sent("version.created")
    assert created["data"]["version"]["name"] == "v1"


def test_only_active_subscriptions_to_the_event_get_it(hook, project, users):
    hook.events = ["asset.done"]
    hook.save()
    Subscription.objects.create(project=project, url="https://93.184.216.34/off", secret="s",
                                events=["member.added"], active=False)
    member_set(project=project, user=users["outsider"], role="viewer")
    assert not Delivery.objects.exists()


def test_a_rolled_back_event_leaves_no_delivery(hook, project, users):
    with pytest.raises(RuntimeError), transaction.atomic():
        member_set(project=project, user=users["outsider"], role="viewer")
        raise RuntimeError("the request failed after the event")
    assert not Delivery.objects.exists()


def test_every_event_has_a_delivery_id_that_stays(hook, project, users):
    member_set(project=project, user=users["outsider"], role="viewer")
    delivery = Delivery.objects.get()
    assert delivery_body(delivery) == delivery_body(Delivery.objects.get())  # the same bytes on every attempt
    assert json.loads(delivery_body(delivery))["id"] == str(delivery.event_id)


def test_the_projects_wanted_events_follow_subscription_changes(project, users):
    """Project.events_wanted (what a label save reads from the row it holds) follows every new,
    paused, resumed, changed or deleted subscription, and the very next event sees it."""
    from django.contrib.auth.models import User

    from labelplatform.projects.models import Project
    from labelplatform.webhooks.services import subscription_update

    def wanted() -> list[str]:
        return list(Project.objects.get(pk=project.pk).events_wanted)

    member_set(project=project, user=users["outsider"], role="viewer")
    assert wanted() == [] and not Delivery.objects.exists()
    hook = Subscription.objects.create(project=project, url="https://93.184.216.34/h", secret="s",
                                       events=["member.added"])
    assert wanted() == ["member.added"]
    member_set(project=project, user=User.objects.create_user("newcomer"), role="viewer")
    assert Delivery.objects.filter(event="member.added").count() == 1
    subscription_update(subscription=hook, active=False)
    assert wanted() == []
    subscription_update(subscription=hook, active=True)
    subscription_update(subscription=hook, events=["label.submitted", "member.added"])
    assert wanted() == ["label.submitted", "member.added"]
    hook.delete()
    assert wanted() == []
