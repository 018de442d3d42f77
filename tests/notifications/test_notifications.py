"""In-app notifications: a rejection (rework), a finished job, an invitation; the bell's count, marking
read; e-mails only for the kinds the settings name (Django's locmem backend under pytest)."""

from django.core import mail

from labelplatform.jobs.models import Job
from labelplatform.jobs.services import job_finished
from labelplatform.notifications.models import Notification
from labelplatform.projects.invitations import invitation_create
from tests.workflow.helpers import car_label, make_assets, set_settings


def reject(client_for, project, author: str = "labeler") -> dict:  # type: ignore[no-untyped-def]
    set_settings(project, review_fraction=1.0)
    (asset,) = make_assets(project, 1)
    label = client_for(author).post(f"/api/v1/assets/{asset.id}/labels", car_label(), format="json").json()
    answer = client_for("reviewer").post(f"/api/v1/labels/{label['id']}/review",
                                         {"decision": "reject", "comment": "the wheel"}, format="json")
    assert answer.status_code == 201, answer.json()
    return {"asset": asset, "label": label}


def test_a_rejection_tells_the_author_that_rework_waits(client_for, project, users):
    made = reject(client_for, project)
    listed = client_for("labeler").get("/api/v1/notifications").json()
    (note,) = listed["results"]
    assert note["kind"] == "rework" and note["read_at"] is None and note["project"] == project.id
    assert note["text"].startswith("reviewer sent your label of ")
    assert note["link"] == f"/projects/{project.id}/assets/{made['asset'].id}/label"
    assert client_for("reviewer").get("/api/v1/notifications").json()["count"] == 0


def test_a_finished_job_tells_whoever_started_it(project, users):
    job = Job.objects.create(project=project, kind="thumbnails", created_by=users["manager"], status="succeeded")
    job_finished(job)
    note = Notification.objects.get(user=users["manager"])
    assert (note.kind, note.text) == ("job_finished", f"Your thumbnails job #{job.pk} finished")


def test_an_invitation_tells_the_invited_account(project, users):
    invitation_create(project=project, invitee="outsider", role="reviewer", invited_by=users["manager"])
    note = Notification.objects.get(user=users["outsider"])
    assert note.kind == "invitation" and note.link == "/invitations"
    assert note.text == f"manager invited you to {project.name} as reviewer"


def test_the_unread_count_and_marking_read(client_for, project, users):
    reject(client_for, project)
    reject(client_for, project)
    labeler = client_for("labeler")
    assert labeler.get("/api/v1/notifications/unread").json() == {"unread": 2}
    first, second = labeler.get("/api/v1/notifications", {"unread": "true"}).json()["results"]
    # someone else cannot mark mine read
    assert client_for("reviewer").post("/api/v1/notifications/read", {"ids": [first["id"]]},
                                       format="json").json() == {"unread": 0}
    assert labeler.post("/api/v1/notifications/read", {"ids": [first["id"]]}, format="json").json() == {"unread": 1}
    assert [n["id"] for n in labeler.get("/api/v1/notifications", {"unread": "true"}).json()["results"]] == [
        second["id"]]
    assert labeler.post("/api/v1/notifications/read", {}, format="json").json() == {"unread": 0}
    assert labeler.post("/api/v1/notifications/read", {"ids": ["x"]}, format="json").status_code == 400


def test_unread_is_a_boolean_or_a_400(client_for, users):
    labeler = client_for("labeler")
    assert labeler.get("/api/v1/notifications", {"unread": "false"}).status_code == 200
    for value in ("null", "1", "yes", ""):
        answer = labeler.get("/api/v1/notifications", {"unread": value})
        assert answer.status_code == 400 and "unread" in answer.json(), value


def test_mentions_and_rework_go_by_mail_when_the_settings_say_so(client_for, project, users, settings,
                                                                  django_capture_on_commit_callbacks):
    settings.NOTIFICATION_EMAIL_KINDS = ["mention", "rework"]
    settings.SITE_URL = "https://label.example.com"
    for name in ("labeler", "reviewer", "manager"):
        users[name].email = f"{name}@example.com"
        users[name].save()
    with django_capture_on_commit_callbacks(execute=True):
        made = reject(client_for, project)
        client_for("manager").post(f"/api/v1/assets/{made['asset'].id}/threads", {"body": "@reviewer look"},
                                   format="json")
        Job.objects.create(project=project, kind="thumbnails", created_by=users["manager"], status="succeeded")
        job_finished(Job.objects.get(created_by=users["manager"]))
    sent = sorted((m.to[0], m.subject) for m in mail.outbox)
    assert [to for to, _ in sent] == ["labeler@example.com", "reviewer@example.com"]  # no mail for the job
    rework = next(m for m in mail.outbox if m.to == ["labeler@example.com"])
    assert f"https://label.example.com/projects/{project.id}/assets/{made['asset'].id}/label" in rework.body


def test_no_mail_by_default(client_for, project, users, django_capture_on_commit_callbacks):
    users["labeler"].email = "labeler@example.com"
    users["labeler"].save()
    with django_capture_on_commit_callbacks(execute=True):
        reject(client_for, project)
    assert mail.outbox == []
    assert Notification.objects.filter(user=users["labeler"], kind="rework").count() == 1
