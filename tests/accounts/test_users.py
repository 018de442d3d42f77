"""Staff make accounts and deactivate them; a deactivated user cannot sign in or use a token."""

import re

from django.contrib.auth.models import User
from django.core import mail
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from labelplatform.flows.label_save import label_create
from labelplatform.labels.models import Label
from labelplatform.labels.services import LabelBody
from tests.conftest import PASSWORD
from tests.workflow.helpers import car_label


def test_staff_make_a_user_with_a_password(staff):
    made = staff.post("/api/v1/users", {"username": "dee", "email": "Dee@Example.com",
                                        "password": "a long new passphrase"}, format="json")
    assert made.status_code == 201
    assert {k: made.json()[k] for k in ("username", "email", "is_active", "is_staff")} == {
        "username": "dee", "email": "dee@example.com", "is_active": True, "is_staff": False}
    assert APIClient().post("/api/v1/auth/login", {"username": "dee", "password": "a long new passphrase"},
                            format="json").status_code == 200


def test_a_user_made_without_a_password_is_mailed_a_link_to_set_one(staff, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        assert staff.post("/api/v1/users", {"username": "eve", "email": "eve@example.com"},
                          format="json").status_code == 201
    assert [m.to for m in mail.outbox] == [["eve@example.com"]]
    uid, token = re.search(r"uid=([\w-]+)&token=([\w-]+)", mail.outbox[0].body).groups()  # type: ignore[union-attr]
    assert APIClient().post("/api/v1/auth/password-reset/confirm",
                            {"uid": uid, "token": token, "password": "eve's long passphrase"},
                            format="json").status_code == 204
    assert User.objects.get(username="eve").check_password("eve's long passphrase")


def test_staff_get_a_password_link_for_a_user_without_an_address(staff, users):
    link = staff.post(f"/api/v1/users/{users['viewer'].id}/password-link").json()["url"]
    assert link.startswith("http://testserver/reset-password?uid=")
    assert mail.outbox == []


def test_names_are_checked(staff):
    assert staff.post("/api/v1/users", {"username": "Labeler"}, format="json").status_code == 400
    assert staff.post("/api/v1/users", {"username": "bad name!"}, format="json").status_code == 400
    weak = staff.post("/api/v1/users", {"username": "fay", "password": "short"}, format="json")
    assert weak.status_code == 400 and "password" in weak.json()
    assert not User.objects.filter(username="fay").exists()


def test_a_deactivated_user_cannot_sign_in_or_use_a_token_and_their_labels_stay(staff, users, asset):
    label = label_create(asset=asset, user=users["labeler"], body=LabelBody(**car_label())).label
    token = Token.objects.create(user=users["labeler"])
    session = APIClient()
    assert session.post("/api/v1/auth/login", {"username": "labeler", "password": PASSWORD},
                        format="json").status_code == 200

    off = staff.patch(f"/api/v1/users/{users['labeler'].id}", {"is_active": False}, format="json")
    assert off.status_code == 200 and off.json()["is_active"] is False

    assert APIClient().post("/api/v1/auth/login", {"username": "labeler", "password": PASSWORD},
                            format="json").status_code == 400
    with_token = APIClient()
    with_token.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    assert with_token.get("/api/v1/auth/me").status_code == 401
    assert session.get("/api/v1/auth/me").status_code in (401, 403)
    assert Label.objects.filter(pk=label.pk, author=users["labeler"]).exists()

    on = staff.patch(f"/api/v1/users/{users['labeler'].id}", {"is_active": True}, format="json")
    assert on.json()["is_active"] is True
    assert with_token.get("/api/v1/auth/me").status_code == 200


def test_staff_cannot_deactivate_themselves(staff, users):
    assert staff.patch(f"/api/v1/users/{users['staff'].id}", {"is_active": False},
                       format="json").status_code == 400
    users["staff"].refresh_from_db()
    assert users["staff"].is_active
