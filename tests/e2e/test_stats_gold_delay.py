"""A labeler's stats page says their gold scores show the day after (docs/workflow.md, "What a labeler sees
of gold"): right after a submit on a gold asset it shows no gold score; the manager's page shows it at once."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.e2e.browser import browser_page, log_in
from tests.e2e.gold import gold_labeled

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_labelers_gold_scores_show_the_next_day_the_managers_at_once(stack_url, project, users, tmp_path):
    gold_labeled(project, users)
    yesterday = (timezone.now().date() - timedelta(days=1)).isoformat()

    with browser_page(tmp_path) as page:
        log_in(page, stack_url, "labeler", f"/projects/{project.pk}/stats")
        note = page.get_by_test_id("gold-until")
        note.wait_for(timeout=20_000)
        assert yesterday in note.inner_text()
        assert page.get_by_test_id("quality-labelers").count() == 0  # no score of theirs counts yet
        assert "None of your labels is scored" in page.get_by_test_id("quality-section").inner_text()
        page.screenshot(path=str(tmp_path / "labeler-stats.png"), full_page=True)

        page.context.clear_cookies()
        log_in(page, stack_url, "manager", f"/projects/{project.pk}/stats")
        page.get_by_test_id("quality-labelers").wait_for(timeout=20_000)
        assert page.get_by_test_id("gold-until").count() == 0
        row = page.locator("[data-testid=quality-labelers] tr[data-username=labeler]")
        assert row.count() == 1 and "1.00" in row.inner_text()
