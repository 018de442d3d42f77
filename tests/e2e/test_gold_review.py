"""A labeler's label on a gold asset is sampled for review as any other; the reviewer sees it with its score
against the reference, and the labeler sees the asset in review as any of theirs (docs/workflow.md)."""

import pytest

from tests.e2e.browser import browser_page, log_in
from tests.e2e.gold import gold_labeled

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_reviewer_sees_a_gold_labels_score_the_labeler_an_asset_in_review(stack_url, project, users, tmp_path):
    _, label = gold_labeled(project, users, review_fraction=1.0, gold_fraction=1.0)

    with browser_page(tmp_path) as page:
        log_in(page, stack_url, "reviewer", f"/projects/{project.pk}/review")
        item = page.get_by_test_id("review-item")
        item.wait_for(timeout=20_000)
        assert item.get_attribute("data-label-id") == str(label.pk)
        chip = page.get_by_test_id("review-gold")
        chip.wait_for(timeout=10_000)
        assert chip.inner_text() == "gold · IoU 1.000"

        page.context.clear_cookies()
        log_in(page, stack_url, "labeler", f"/projects/{project.pk}")
        card = page.get_by_test_id("asset-grid").get_by_text("in review")
        card.wait_for(timeout=20_000)
