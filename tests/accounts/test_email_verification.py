"""Invitation hijack (issue 14 hardening): an e-mail address counts for invitations only once its
owner has shown they read its mail (a signed link, or an invitation link that was e-mailed to it)."""

import re

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.test import override_settings
from rest_framework.test import APIClient

from labelplatform.projects.models import Invitation, Membership

PASSWORD = "a long new passphrase"
VICTIM = "victim@example.com"


def _link_token(text: str, page: str) -> str:
    found = re.search(rf"/{page}\?token=([\w:-]+)", text)
    assert found, text
    return found.group(1)


def _invite(client_for, project, invitee: str, role: str = "labeler") -> dict:
    sent = client_for("manager").post(f"/api/v1/projects/{project.id}/invitations",
                                      {"user": invitee, "role": role}, format="json")
    assert sent.status_code == 202
    return sent.json()


@pytest.fixture
def attacker(client_for, project) -> APIClient:
    """Someone holding a sign-up link (an invitation by user name) who typed the victim's address."""
    link = client_for("manager").get(
        f"/api/v1/projects/{project.id}/invitations/{_invite(client_for, project, 'mallory', 'viewer')['id']}/link")
    client = APIClient()
    made = client.post("/api/v1/auth/signup", {"token": _link_token(link.json()["url"], "signup"),
                                               "username": "mallory", "password": PASSWORD, "email": VICTIM},
                       format="json")
    assert made.status_code == 201
    return client


def test_the_hijack_a_typed_address_does_not_receive_invitations_to_it(attacker, client_for, project):
    invitation = _invite(client_for, project, VICTIM, role="manager")

    assert attacker.get("/api/v1/invitations").json() == []  # before the fix: the victim's invitation
    assert attacker.get("/api/v1/auth/me").json()["email_verified"] is False
    assert attacker.post(f"/api/v1/invitations/{invitation['id']}/accept").status_code == 404
    assert Membership.objects.get(project=project, user__username="mallory").role == "viewer"
    assert Invitation.objects.get(pk=invitation["id"]).status == "pending"


def test_the_victim_signs_up_through_the_emailed_link_and_joins(attacker, client_for, project,
                                                                django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        invitation = _invite(client_for, project, VICTIM, role="reviewer")
    (message,) = [m for m in mail.outbox if m.to == [VICTIM]]
    made = APIClient().post("/api/v1/auth/signup", {"token": _link_token(message.body, "signup"),
                                                    "username": "victim", "password": PASSWORD}, format="json")
    assert made.status_code == 201 and made.json()["email_verified"] is True
    assert Membership.objects.get(project=project, user__username="victim").role == "reviewer"
    assert Invitation.objects.get(pk=invitation["id"]).status == "accepted"


def test_a_verified_address_receives_the_invitation_and_a_changed_one_does_not(
        client_for, users, staff, project, django_capture_on_commit_callbacks):
    outsider = client_for("outsider")
    users["outsider"].email = "out@example.com"
    users["outsider"].save()
    assert outsider.get("/api/v1/auth/me").json()["email_verified"] is False
    with django_capture_on_commit_callbacks(execute=True):
        asked = outsider.post("/api/v1/auth/email/verify")
    assert asked.status_code == 202
    (message,) = mail.outbox
    assert message.to == ["out@example.com"] and "http://testserver/verify-email?token=" in message.body
    invitation = _invite(client_for, project, "Out@Example.com")
    assert outsider.get("/api/v1/invitations").json() == []  # not yet verified

    confirmed = APIClient().post("/api/v1/auth/email/verify/confirm",
                                 {"token": _link_token(message.body, "verify-email")}, format="json")
    assert confirmed.status_code == 204
    assert outsider.get("/api/v1/auth/me").json()["email_verified"] is True
    assert [i["id"] for i in outsider.get("/api/v1/invitations").json()] == [invitation["id"]]

    # staff change the address: it is unverified again, and so is a change back
    for address in ("other@example.com", "out@example.com"):
        assert staff.patch(f"/api/v1/users/{users['outsider'].id}", {"email": address},
                              format="json").status_code == 200
    assert outsider.get("/api/v1/auth/me").json()["email_verified"] is False
    assert outsider.get("/api/v1/invitations").json() == []
    assert outsider.post(f"/api/v1/invitations/{invitation['id']}/accept").status_code == 404


def test_a_link_for_an_address_no_longer_the_accounts_or_tampered_or_expired_is_refused(
        client_for, users, django_capture_on_commit_callbacks):
    users["outsider"].email = "out@example.com"
    users["outsider"].save()
    with django_capture_on_commit_callbacks(execute=True):
        client_for("outsider").post("/api/v1/auth/email/verify")
    token = _link_token(mail.outbox[-1].body, "verify-email")
    confirm = lambda t: APIClient().post("/api/v1/auth/email/verify/confirm", {"token": t}, format="json")  # noqa: E731

    assert confirm(token[:-2] + "xx").status_code == 400
    assert confirm("").status_code == 400
    with override_settings(EMAIL_VERIFY_TIMEOUT=-1):
        assert confirm(token).status_code == 400
    users["outsider"].email = "changed@example.com"
    users["outsider"].save()
    refused = confirm(token)
    assert refused.status_code == 400 and "expired" in refused.json()["detail"]
    assert client_for("outsider").get("/api/v1/auth/me").json()["email_verified"] is False


def test_asking_without_an_address_or_too_often(client_for, users):
    assert client_for("outsider").post("/api/v1/auth/email/verify").status_code == 400
    users["outsider"].email = "out@example.com"
    users["outsider"].save()
    with override_settings(RESET_FREE_REQUESTS=1):  # one free, one more counted, then a wait
        answers = [client_for("outsider").post("/api/v1/auth/email/verify").status_code for _ in range(3)]
    assert answers == [202, 202, 429]
    assert APIClient().post("/api/v1/auth/email/verify").status_code in (401, 403)


def test_a_password_link_proves_the_address(staff):
    made = staff.post("/api/v1/users", {"username": "newbie", "email": "newbie@example.com"}, format="json")
    assert made.status_code == 201
    newbie = User.objects.get(username="newbie")
    link = staff.post(f"/api/v1/users/{newbie.id}/password-link").json()["url"]
    uid, token = re.search(r"uid=([\w-]+)&token=([\w-]+)", link).groups()  # type: ignore[union-attr]
    assert APIClient().post("/api/v1/auth/password-reset/confirm",
                            {"uid": uid, "token": token, "password": PASSWORD}, format="json").status_code == 204
    signed_in = APIClient()
    signed_in.force_authenticate(newbie)
    assert signed_in.get("/api/v1/auth/me").json()["email_verified"] is True
