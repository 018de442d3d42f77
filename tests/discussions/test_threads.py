"""Comment threads on an asset: create (on the image, a label or a point), reply, resolve and reopen;
mentions of members notify them, replies notify the thread's earlier participants."""

from django.contrib.auth.models import User

from labelplatform.discussions.models import Comment, Thread
from labelplatform.flows.label_save import label_create
from labelplatform.labels.services import LabelBody
from labelplatform.notifications.models import Notification
from labelplatform.projects.services import project_create
from tests.workflow.helpers import car_label, make_assets, set_settings


def threads_url(asset) -> str:  # type: ignore[no-untyped-def]
    return f"/api/v1/assets/{asset.id}/threads"


def kinds_of(user: User) -> list[str]:
    return list(Notification.objects.filter(user=user).order_by("id").values_list("kind", flat=True))


def test_a_thread_with_a_mention_notifies_the_member_named(client_for, project, users):
    (asset,) = make_assets(project, 1)
    answer = client_for("reviewer").post(threads_url(asset), {"body": "@labeler the mirror is missing. @outsider"},
                                         format="json")
    assert answer.status_code == 201, answer.json()
    body = answer.json()
    assert body["status"] == "open" and body["x"] is None and body["created_by"]["username"] == "reviewer"
    (comment,) = body["comments"]
    # only project members are mentions: the outsider stays plain text and hears nothing
    assert [m["username"] for m in comment["mentions"]] == ["labeler"]
    assert kinds_of(users["labeler"]) == ["mention"]
    assert kinds_of(users["outsider"]) == [] and kinds_of(users["reviewer"]) == []
    note = Notification.objects.get(user=users["labeler"])
    assert note.link == f"/projects/{project.id}/assets/{asset.id}?thread={body['id']}"
    assert note.text.startswith("reviewer mentioned you on ")


def test_a_reply_notifies_earlier_participants_once_and_never_the_author(client_for, project, users):
    (asset,) = make_assets(project, 1)
    thread = client_for("reviewer").post(threads_url(asset), {"body": "is this a car?"}, format="json").json()
    reply = client_for("labeler").post(f"/api/v1/threads/{thread['id']}/comments", {"body": "yes, a van"},
                                       format="json")
    assert reply.status_code == 201 and [c["body"] for c in reply.json()["comments"]] == ["is this a car?",
                                                                                           "yes, a van"]
    assert kinds_of(users["reviewer"]) == ["reply"] and kinds_of(users["labeler"]) == []
    # a mention of someone who also took part: one notification, the mention
    client_for("manager").post(f"/api/v1/threads/{thread['id']}/comments", {"body": "@reviewer agreed"},
                               format="json")
    assert kinds_of(users["reviewer"]) == ["reply", "mention"] and kinds_of(users["labeler"]) == ["reply"]


def test_a_thread_pins_a_point_or_names_a_label_of_its_asset(client_for, project, users):
    first, other = make_assets(project, 2)
    labeler = client_for("labeler")
    label = labeler.post(f"/api/v1/assets/{first.id}/labels", car_label(), format="json").json()
    pinned = labeler.post(threads_url(first), {"body": "here", "x": 12.5, "y": 7, "label": label["id"]},
                          format="json")
    assert pinned.status_code == 201, pinned.json()
    assert (pinned.json()["x"], pinned.json()["y"], pinned.json()["label"]) == (12.5, 7.0, label["id"])
    # bad input: a clear 400 and nothing stored
    before = Thread.objects.count(), Comment.objects.count()
    for bad in ({"body": "x", "x": 3}, {"body": "x", "x": 1e6, "y": 1}, {"body": "   "},
                {"body": "x", "x": -1, "y": 2}):
        assert labeler.post(threads_url(first), bad, format="json").status_code == 400, bad
    assert labeler.post(threads_url(other), {"body": "x", "label": label["id"]}, format="json").status_code == 400
    assert (Thread.objects.count(), Comment.objects.count()) == before


def test_resolve_and_reopen(client_for, project):
    (asset,) = make_assets(project, 1)
    thread = client_for("reviewer").post(threads_url(asset), {"body": "fix the edge"}, format="json").json()
    resolved = client_for("labeler").post(f"/api/v1/threads/{thread['id']}/resolve")
    assert resolved.status_code == 200
    assert resolved.json()["status"] == "resolved" and resolved.json()["resolved_by"]["username"] == "labeler"
    assert [t["id"] for t in client_for("viewer").get(threads_url(asset), {"status": "open"}).json()] == []
    assert client_for("viewer").get(threads_url(asset), {"status": "bogus"}).status_code == 400
    reopened = client_for("reviewer").post(f"/api/v1/threads/{thread['id']}/reopen").json()
    assert reopened["status"] == "open" and reopened["resolved_by"] is None and reopened["resolved_at"] is None
    listed = client_for("viewer").get(f"/api/v1/projects/{project.id}/threads", {"status": "open"}).json()
    assert [t["id"] for t in listed["results"]] == [thread["id"]]


def test_viewers_read_only_and_other_projects_threads_are_not_found(client_for, project, users):
    (asset,) = make_assets(project, 1)
    thread = client_for("reviewer").post(threads_url(asset), {"body": "a question"}, format="json").json()
    viewer = client_for("viewer")
    assert viewer.get(f"/api/v1/threads/{thread['id']}").status_code == 200
    assert viewer.post(f"/api/v1/threads/{thread['id']}/comments", {"body": "me too"}, format="json").status_code \
        == 403
    assert viewer.post(threads_url(asset), {"body": "hi"}, format="json").status_code == 403
    # a manager of another project knows nothing of this one's threads
    project_create(user=users["outsider"], name="Elsewhere")
    outsider = client_for("outsider")
    for url in (f"/api/v1/threads/{thread['id']}", threads_url(asset)):
        assert outsider.get(url).status_code == 404
    assert outsider.post(f"/api/v1/threads/{thread['id']}/resolve").status_code == 404
    assert Comment.objects.count() == 1


def test_a_restricted_labeler_reads_no_thread_about_someone_elses_label(client_for, project, users):
    set_settings(project, labelers_see_all=False, labels_per_asset=2)
    (asset,) = make_assets(project, 1)
    theirs = label_create(asset=asset, user=users["labeler2"], body=LabelBody(**car_label())).label
    label_create(asset=asset, user=users["labeler"], body=LabelBody(**car_label()))  # the asset is theirs too
    about_theirs = client_for("reviewer").post(threads_url(asset), {"body": "hmm", "label": theirs.id},
                                              format="json").json()
    on_image = client_for("reviewer").post(threads_url(asset), {"body": "the image"}, format="json").json()
    labeler = client_for("labeler")
    assert [t["id"] for t in labeler.get(threads_url(asset)).json()] == [on_image["id"]]
    assert labeler.get(f"/api/v1/threads/{about_theirs['id']}").status_code == 404
    assert labeler.post(threads_url(asset), {"body": "x", "label": theirs.id}, format="json").status_code == 404
