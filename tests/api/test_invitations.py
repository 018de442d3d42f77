"""Who may add whom (issue 14, item 6): membership by invitation, staff add directly, no user enumeration."""

import pytest
from django.contrib.auth.models import User
from django.core import mail

from labelplatform.accounts.verification import verified_mark
from labelplatform.projects.models import Invitation, Membership

BODY_KEYS = {"id", "project", "invitee", "role", "status", "invited_by", "created_at"}


@pytest.fixture
def someone_elses_project(client_for) -> int:
    """A project any signed-in user can make: the attacker of the report is its manager."""
    return client_for("outsider").post("/api/v1/projects", {"name": "mine"}, format="json").json()["id"]


def test_the_report_any_user_adding_anyone_by_id_makes_no_member(client_for, users, someone_elses_project):
    # given the report's request: a fresh project's manager names another account by id, as admin
    url = f"/api/v1/projects/{someone_elses_project}/members"
    response = client_for("outsider").post(url, {"user": users["labeler"].id, "role": "manager"}, format="json")

    # then an invitation, not a membership: the labeler is not in the project until they accept
    assert response.status_code == 202
    assert response.json()["status"] == "pending"
    assert not Membership.objects.filter(project_id=someone_elses_project, user=users["labeler"]).exists()
    assert client_for("labeler").get(f"/api/v1/projects/{someone_elses_project}").status_code == 404


def test_an_unknown_name_is_answered_like_a_known_one(client_for, someone_elses_project):
    url = f"/api/v1/projects/{someone_elses_project}/members"
    manager = client_for("outsider")
    known = manager.post(url, {"user": "labeler", "role": "viewer"}, format="json")
    unknown = manager.post(url, {"user": "ghost", "role": "viewer"}, format="json")
    by_id = manager.post(url, {"user": "99999", "role": "viewer"}, format="json")

    assert known.status_code == unknown.status_code == by_id.status_code == 202
    strip = lambda body: {k: v for k, v in body.items() if k not in ("id", "invitee", "created_at")}  # noqa: E731
    assert strip(known.json()) == strip(unknown.json()) == strip(by_id.json())
    assert set(known.json()) == BODY_KEYS  # no user id, no token
    listed = manager.get(f"/api/v1/projects/{someone_elses_project}/invitations").json()
    assert sorted(i["invitee"] for i in listed) == ["99999", "ghost", "labeler"]
    assert all(set(i) == BODY_KEYS for i in listed)


def test_the_invited_user_sees_and_accepts_and_becomes_a_member(client_for, users, project):
    sent = client_for("manager").post(f"/api/v1/projects/{project.id}/invitations",
                                      {"user": "outsider", "role": "labeler"}, format="json")
    assert sent.status_code == 202
    assert client_for("labeler").get("/api/v1/invitations").json() == []

    mine = client_for("outsider").get("/api/v1/invitations").json()
    assert [(i["project"], i["role"], i["invited_by"]["username"]) for i in mine] == [
        ({"id": project.id, "name": project.name}, "labeler", "manager")]
    assert client_for("labeler").post(f"/api/v1/invitations/{mine[0]['id']}/accept").status_code == 404

    accepted = client_for("outsider").post(f"/api/v1/invitations/{mine[0]['id']}/accept")
    assert accepted.status_code == 200 and accepted.json()["status"] == "accepted"
    assert Membership.objects.get(project=project, user=users["outsider"]).role == "labeler"
    assert client_for("outsider").get(f"/api/v1/projects/{project.id}").status_code == 200
    assert client_for("outsider").get("/api/v1/invitations").json() == []
    assert client_for("outsider").post(f"/api/v1/invitations/{mine[0]['id']}/accept").status_code == 404
    assert client_for("manager").get(f"/api/v1/projects/{project.id}/invitations").json() == []


def test_declining_makes_no_member(client_for, users, project):
    client_for("manager").post(f"/api/v1/projects/{project.id}/members", {"user": "outsider", "role": "viewer"},
                               format="json")
    (invitation,) = client_for("outsider").get("/api/v1/invitations").json()
    declined = client_for("outsider").post(f"/api/v1/invitations/{invitation['id']}/decline")
    assert declined.status_code == 200 and declined.json()["status"] == "declined"
    assert not Membership.objects.filter(project=project, user=users["outsider"]).exists()


def test_an_email_invitation_waits_for_a_user_with_that_address(client_for, project):
    response = client_for("manager").post(f"/api/v1/projects/{project.id}/invitations",
                                          {"user": "New.Person@Example.com", "role": "reviewer"}, format="json")
    assert response.status_code == 202 and response.json()["invitee"] == "new.person@example.com"
    invitation = Invitation.objects.get(pk=response.json()["id"])
    assert invitation.user is None and len(invitation.token) >= 40  # a future sign-up link carries the token
    assert mail.outbox == []  # the sign-up link goes once the transaction commits

    # an account with that address finds the invitation once the address is verified, and accepts it
    newcomer = User.objects.create_user("newcomer", email="new.person@example.com")
    client = client_for("manager")
    client.force_authenticate(newcomer)
    assert client.get("/api/v1/invitations").json() == []
    verified_mark(newcomer)
    (mine,) = client.get("/api/v1/invitations").json()
    assert client.post(f"/api/v1/invitations/{mine['id']}/accept").status_code == 200
    assert Membership.objects.get(project=project, user=newcomer).role == "reviewer"


def test_an_account_with_an_email_is_notified(client_for, users, project, django_capture_on_commit_callbacks):
    users["outsider"].email = "out@example.com"
    users["outsider"].save()
    with django_capture_on_commit_callbacks(execute=True):
        client_for("manager").post(f"/api/v1/projects/{project.id}/invitations",
                                   {"user": "out@example.com", "role": "viewer"}, format="json")
    (message,) = mail.outbox
    assert message.to == ["out@example.com"] and project.name in message.subject
    assert "viewer" in message.body and "/invitations" in message.body


def test_inviting_again_changes_the_pending_role_and_managers_may_withdraw(client_for, project):
    url = f"/api/v1/projects/{project.id}/invitations"
    first = client_for("manager").post(url, {"user": "outsider", "role": "viewer"}, format="json").json()
    again = client_for("manager").post(url, {"user": "outsider", "role": "labeler"}, format="json").json()
    assert again["id"] == first["id"] and again["role"] == "labeler"
    assert client_for("reviewer").delete(f"{url}/{first['id']}").status_code == 403
    assert client_for("manager").delete(f"{url}/{first['id']}").status_code == 204
    assert client_for("outsider").get("/api/v1/invitations").json() == []
    assert client_for("manager").delete(f"{url}/{first['id']}").status_code == 404


def test_staff_add_directly(client_for, users, project):
    staff = User.objects.create_user("admin", is_staff=True)
    client = client_for("manager")
    client.force_authenticate(staff)
    added = client.post(f"/api/v1/projects/{project.id}/members", {"user": "outsider", "role": "labeler"},
                        format="json")
    assert added.status_code == 201 and added.json() == {
        "user": {"id": users["outsider"].id, "username": "outsider"}, "role": "labeler"}
    assert client_for("outsider").get(f"/api/v1/projects/{project.id}").status_code == 200


def test_managers_change_members_roles_directly(client_for, users, project):
    url = f"/api/v1/projects/{project.id}/members"
    changed = client_for("manager").post(url, {"user": users["labeler"].id, "role": "reviewer"}, format="json")
    assert changed.status_code == 201 and changed.json()["role"] == "reviewer"
    assert Membership.objects.get(project=project, user=users["labeler"]).role == "reviewer"


def test_removing_a_non_member_says_nothing_about_accounts(client_for, project):
    url = f"/api/v1/projects/{project.id}/members"
    outside = client_for("manager").delete(f"{url}?user=outsider")
    nobody = client_for("manager").delete(f"{url}?user=ghost")
    assert outside.status_code == nobody.status_code == 404
    assert outside.json() == nobody.json()
