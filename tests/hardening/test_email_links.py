"""Links in e-mails start with SITE_URL, not with the Host header a client sends (reset poisoning).

Found by trying: with ALLOWED_HOSTS taking more than our own names (`*` behind some proxies), a
password-reset request for someone else's address with `Host: attacker.example` e-mailed them a
working reset link to attacker.example, which hands the token over when clicked.
"""

import pytest
from django.core import mail
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db


@pytest.fixture
def victim(users):  # type: ignore[no-untyped-def]
    users["labeler"].email = "lab@example.com"
    users["labeler"].save()
    return users["labeler"]


def reset_mail(capture, host: str) -> str:  # type: ignore[no-untyped-def]
    with capture(execute=True):
        answer = APIClient().post("/api/v1/auth/password-reset", {"email": "lab@example.com"}, format="json",
                                  HTTP_HOST=host)
    assert answer.status_code == 202
    return str(mail.outbox[-1].body)


def test_a_forged_host_does_not_choose_where_the_reset_link_points(victim, settings,
                                                                   django_capture_on_commit_callbacks):
    settings.ALLOWED_HOSTS = ["*"]
    settings.SITE_URL = "https://labels.example.org/"
    body = reset_mail(django_capture_on_commit_callbacks, "attacker.example")
    assert "https://labels.example.org/reset-password?" in body
    assert "attacker.example" not in body


def test_without_site_url_the_link_uses_the_callers_allowed_host(victim, settings,
                                                                 django_capture_on_commit_callbacks):
    settings.SITE_URL = ""
    assert "http://localhost/reset-password?" in reset_mail(django_capture_on_commit_callbacks, "localhost")


def test_an_invitation_link_starts_with_site_url(client_for, project, settings):
    settings.ALLOWED_HOSTS = ["*"]
    settings.SITE_URL = "https://labels.example.org"
    invited = client_for("manager").post(f"/api/v1/projects/{project.pk}/invitations",
                                         {"user": "new@example.com", "role": "viewer"}, format="json",
                                         HTTP_HOST="attacker.example")
    assert invited.status_code == 202, invited.json()
    link = client_for("manager").get(f"/api/v1/projects/{project.pk}/invitations/{invited.json()['id']}/link",
                                     HTTP_HOST="attacker.example")
    assert link.json()["url"].startswith("https://labels.example.org/")
