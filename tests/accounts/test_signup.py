"""Sign-up from an invitation link: the account and the invited role in one step."""

import re

import pytest
from django.contrib.auth.models import User
from django.core import mail
from rest_framework.test import APIClient

from labelplatform.projects.models import Invitation, Membership

NEW_PASSWORD = "a long new passphrase"


def _token_of(text: str) -> str:
    found = re.search(r"/signup\?token=([\w-]+)", text)
    assert found, text
    return found.group(1)


@pytest.fixture
def emailed_token(client_for, project, django_capture_on_commit_callbacks) -> str:
    with django_capture_on_commit_callbacks(execute=True):
        sent = client_for("manager").post(f"/api/v1/projects/{project.id}/members",
                                          {"user": "Ana@Example.com", "role": "reviewer"}, format="json")
    assert sent.status_code == 202
    return _token_of(mail.outbox[-1].body)


def test_an_address_with_no_account_is_emailed_the_signup_link(emailed_token, project):
    message = mail.outbox[-1]
    assert message.to == ["ana@example.com"]
    assert project.name in message.subject
    assert f"http://testserver/signup?token={emailed_token}" in message.body


def test_the_link_shows_the_project_and_role_and_signing_up_joins(emailed_token, project):
    anyone = APIClient()
    shown = anyone.get(f"/api/v1/auth/signup?token={emailed_token}")
    assert shown.json() == {"project": {"id": project.id, "name": project.name}, "role": "reviewer",
                            "email": "ana@example.com"}

    made = anyone.post("/api/v1/auth/signup", {"token": emailed_token, "username": "ana",
                                               "password": NEW_PASSWORD}, format="json")
    assert made.status_code == 201 and made.json()["username"] == "ana"
    ana = User.objects.get(username="ana")
    assert ana.email == "ana@example.com" and ana.check_password(NEW_PASSWORD)
    assert Membership.objects.get(project=project, user=ana).role == "reviewer"
    # signed in by the sign-up: the session sees the project with the invited role
    assert anyone.get(f"/api/v1/projects/{project.id}").json()["my_role"] == "reviewer"


def test_a_used_link_is_closed(emailed_token):
    body = {"token": emailed_token, "username": "ana", "password": NEW_PASSWORD}
    assert APIClient().post("/api/v1/auth/signup", body, format="json").status_code == 201
    again = APIClient().post("/api/v1/auth/signup", {**body, "username": "ana2"}, format="json")
    assert again.status_code == 404
    assert APIClient().get(f"/api/v1/auth/signup?token={emailed_token}").status_code == 404


def test_a_weak_password_or_taken_name_makes_no_account_and_leaves_the_link_open(emailed_token, users):
    weak = APIClient().post("/api/v1/auth/signup", {"token": emailed_token, "username": "ana",
                                                    "password": "short"}, format="json")
    assert weak.status_code == 400 and "password" in weak.json()
    taken = APIClient().post("/api/v1/auth/signup", {"token": emailed_token, "username": "Labeler",
                                                     "password": NEW_PASSWORD}, format="json")
    assert taken.status_code == 400 and "username" in taken.json()
    assert not User.objects.filter(username="ana").exists()
    assert Invitation.objects.get(token=emailed_token).status == "pending"


def test_an_unknown_token_is_not_found(db):  # type: ignore[no-untyped-def]
    assert APIClient().get("/api/v1/auth/signup?token=nope").status_code == 404
    assert APIClient().get("/api/v1/auth/signup").status_code == 404


def test_a_manager_copies_the_link_of_an_invitation_by_name(client_for, project):
    manager = client_for("manager")
    invitation = manager.post(f"/api/v1/projects/{project.id}/invitations",
                              {"user": "bo", "role": "labeler"}, format="json").json()
    link = manager.get(f"/api/v1/projects/{project.id}/invitations/{invitation['id']}/link").json()["url"]
    assert link.startswith("http://testserver/signup?token=")
    assert client_for("reviewer").get(
        f"/api/v1/projects/{project.id}/invitations/{invitation['id']}/link").status_code == 403

    made = APIClient().post("/api/v1/auth/signup", {"token": _token_of(link), "username": "bo",
                                                    "password": NEW_PASSWORD, "email": "bo@example.com"},
                            format="json")
    assert made.status_code == 201
    assert Membership.objects.get(project=project, user__username="bo").role == "labeler"
    assert User.objects.get(username="bo").email == "bo@example.com"


def test_a_withdrawn_invitation_link_no_longer_signs_up(client_for, project):
    manager = client_for("manager")
    invitation = manager.post(f"/api/v1/projects/{project.id}/invitations",
                              {"user": "cy", "role": "viewer"}, format="json").json()
    link = manager.get(f"/api/v1/projects/{project.id}/invitations/{invitation['id']}/link").json()["url"]
    manager.delete(f"/api/v1/projects/{project.id}/invitations/{invitation['id']}")
    assert APIClient().post("/api/v1/auth/signup", {"token": _token_of(link), "username": "cy",
                                                    "password": NEW_PASSWORD}, format="json").status_code == 404
    assert manager.get(f"/api/v1/projects/{project.id}/invitations/{invitation['id']}/link").status_code == 404
