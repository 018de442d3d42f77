"""The upgrade (projects 0004): pending invitations by e-mail that had been tied to an account by an
unverified address are untied; those by user name and answered ones keep their account."""

import importlib

from django.apps import apps

from labelplatform.projects.models import Invitation

untie = importlib.import_module("labelplatform.projects.migrations.0004_email_invitations_name_no_account").untie


def test_pending_email_invitations_are_untied(users, project):
    make = lambda invitee, email, status: Invitation.objects.create(  # noqa: E731
        project=project, invitee=invitee, email=email, user=users["outsider"], role="viewer", status=status,
        invited_by=users["manager"])
    by_email = make("victim@example.com", "victim@example.com", "pending")
    by_name = make("outsider", "", "pending")
    answered = make("old@example.com", "old@example.com", "accepted")

    untie(apps, None)  # type: ignore[arg-type]

    by_email.refresh_from_db(), by_name.refresh_from_db(), answered.refresh_from_db()
    assert by_email.user is None
    assert by_name.user == users["outsider"] and answered.user == users["outsider"]
