"""Passwords: reset through an e-mailed link, and changed by the signed-in user."""

import re

import pytest
from django.contrib.auth.models import User
from django.core import mail
from rest_framework.test import APIClient

from tests.conftest import PASSWORD

NEW_PASSWORD = "another long passphrase"


def _reset_link(text: str) -> tuple[str, str]:
    found = re.search(r"/reset-password\?uid=([\w-]+)&token=([\w-]+)", text)
    assert found, text
    return found.group(1), found.group(2)


@pytest.fixture
def labeler_with_email(users) -> User:
    users["labeler"].email = "lab@example.com"
    users["labeler"].save()
    return users["labeler"]


def _request_reset(email: str, capture) -> dict:  # type: ignore[no-untyped-def, type-arg]
    with capture(execute=True):
        response = APIClient().post("/api/v1/auth/password-reset", {"email": email}, format="json")
    assert response.status_code == 202
    return response.json()


def test_a_reset_answers_alike_and_mails_only_an_existing_address(labeler_with_email,
                                                                    django_capture_on_commit_callbacks):
    unknown = _request_reset("nobody@example.com", django_capture_on_commit_callbacks)
    assert mail.outbox == []
    known = _request_reset("LAB@example.com", django_capture_on_commit_callbacks)
    assert known == unknown
    assert [m.to for m in mail.outbox] == [["lab@example.com"]]
    assert "labeler" in mail.outbox[0].body


def test_the_emailed_link_sets_a_new_password_once(labeler_with_email, django_capture_on_commit_callbacks):
    _request_reset("lab@example.com", django_capture_on_commit_callbacks)
    uid, token = _reset_link(mail.outbox[0].body)

    weak = APIClient().post("/api/v1/auth/password-reset/confirm",
                            {"uid": uid, "token": token, "password": "short"}, format="json")
    assert weak.status_code == 400 and "password" in weak.json()

    done = APIClient().post("/api/v1/auth/password-reset/confirm",
                            {"uid": uid, "token": token, "password": NEW_PASSWORD}, format="json")
    assert done.status_code == 204
    login = APIClient().post("/api/v1/auth/login", {"username": "labeler", "password": NEW_PASSWORD}, format="json")
    assert login.status_code == 200

    again = APIClient().post("/api/v1/auth/password-reset/confirm",
                             {"uid": uid, "token": token, "password": "yet another passphrase"}, format="json")
    assert again.status_code == 400
    labeler_with_email.refresh_from_db()
    assert labeler_with_email.check_password(NEW_PASSWORD)


def test_a_deactivated_account_gets_no_reset_email(labeler_with_email, django_capture_on_commit_callbacks):
    labeler_with_email.is_active = False
    labeler_with_email.save()
    _request_reset("lab@example.com", django_capture_on_commit_callbacks)
    assert mail.outbox == []


def test_a_signed_in_user_changes_their_password_and_stays_signed_in(users):
    client = APIClient()
    assert client.post("/api/v1/auth/login", {"username": "viewer", "password": PASSWORD},
                       format="json").status_code == 200
    wrong = client.post("/api/v1/auth/password", {"old_password": "nope", "new_password": NEW_PASSWORD},
                        format="json")
    assert wrong.status_code == 400 and "old_password" in wrong.json()
    weak = client.post("/api/v1/auth/password", {"old_password": PASSWORD, "new_password": "short"}, format="json")
    assert weak.status_code == 400 and "new_password" in weak.json()

    changed = client.post("/api/v1/auth/password", {"old_password": PASSWORD, "new_password": NEW_PASSWORD},
                          format="json")
    assert changed.status_code == 204
    assert client.get("/api/v1/auth/me").status_code == 200
    users["viewer"].refresh_from_db()
    assert users["viewer"].check_password(NEW_PASSWORD)
