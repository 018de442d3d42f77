"""The SDK's threads and notifications against gunicorn: a pinned thread mentioning a member reaches
their notifications, and replies, resolve, reopen and mark-read go through."""

import pytest

from labelplatform.client import Client, NotFound
from labelplatform.projects.models import Project
from labelplatform.projects.services import member_set
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.worker, pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_threads_and_notifications(live_url, manager_token, users, image_dir) -> None:  # type: ignore[no-untyped-def]
    with Client(live_url, manager_token) as lp:
        project = lp.projects.create("Discussions")["id"]
        member_set(project=Project.objects.get(pk=project), user=users["reviewer"], role="reviewer")
        asset = lp.assets.upload_folder(project, image_dir)[0]["id"]

        thread = lp.threads.create(asset, "@reviewer is this a car?", point=(12.5, 7.0))
        assert (thread["x"], thread["y"], thread["status"]) == (12.5, 7.0, "open")
        assert [t["id"] for t in lp.threads.of_asset(asset)] == [thread["id"]]

        with Client.login(live_url, "reviewer", PASSWORD) as reviewer:
            assert reviewer.notifications.unread() == 1
            (note,) = list(reviewer.notifications.list(unread=True))
            assert note["kind"] == "mention"
            reviewer.threads.reply(thread["id"], "yes, a car")
            assert reviewer.notifications.mark_read() == 0
            assert list(reviewer.notifications.list(unread=True)) == []

        kinds = [n["kind"] for n in lp.notifications.list(unread=True)]
        assert "reply" in kinds and lp.notifications.unread() == len(kinds)  # (jobs the upload started too)
        assert [c["body"] for c in lp.threads.get(thread["id"])["comments"]] == ["@reviewer is this a car?",
                                                                                 "yes, a car"]
        assert lp.threads.resolve(thread["id"])["status"] == "resolved"
        assert [t["id"] for t in lp.threads.of_project(project)] == [thread["id"]]
        assert list(lp.threads.of_asset(asset, status="open")) == []
        assert lp.threads.reopen(thread["id"])["status"] == "open"
        with pytest.raises(NotFound):
            lp.threads.get(thread["id"] + 1000)
