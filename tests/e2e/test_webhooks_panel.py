"""The Settings → Webhooks panel in Chromium: a manager subscribes a URL (the secret is shown once), an
event makes a delivery that the log shows with its status and attempts, and Redeliver sends it again."""

import pytest
from django.db import transaction

from labelplatform.projects.services import member_set
from labelplatform.webhooks.models import Delivery, Subscription
from tests.e2e.browser import browser_page, log_in
from tests.stack.processes import wait_until

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

RECEIVER = "https://93.184.216.34/hooks/labels"  # public: the guard lets it through; nothing answers here


def test_a_manager_subscribes_reads_the_log_and_redelivers(stack_url, project, users, tmp_path):
    with browser_page(tmp_path) as page:
        # given the manager on the Webhooks tab
        log_in(page, stack_url, "manager", f"/projects/{project.id}/settings?tab=webhooks")
        page.get_by_test_id("webhooks-panel").wait_for(timeout=20_000)
        # when they subscribe a URL to member.added
        page.get_by_test_id("webhook-url").fill(RECEIVER)
        page.get_by_label("member.added").check()
        page.get_by_test_id("webhook-add").click()
        # then the secret is shown once and the subscription is listed
        secret = page.get_by_test_id("webhook-secret").inner_text(timeout=20_000)
        hook = Subscription.objects.get(project=project)
        assert hook.secret in secret
        assert hook.events == ["label.submitted", "member.added"]
        page.get_by_test_id("webhook-row").filter(has_text=RECEIVER).wait_for()

        # when someone joins, the delivery shows in the log
        with transaction.atomic():
            member_set(project=project, user=users["outsider"], role="viewer")
        wait_until(lambda: Delivery.objects.filter(subscription=hook, attempts__gte=1).exists(), 30, "an attempt")
        page.get_by_test_id("webhook-log").click()
        row = page.get_by_test_id("delivery-row").first
        row.wait_for(timeout=20_000)
        assert "member.added" in row.inner_text()
        # and Redeliver makes a second delivery of the same event
        row.get_by_test_id("redeliver").click()
        page.get_by_test_id("delivery-row").nth(1).wait_for(timeout=20_000)
        first, again = Delivery.objects.filter(subscription=hook).order_by("id")
        assert again.event_id == first.event_id
