"""A labeler's stats page says their gold scores show the day after (docs/workflow.md, "What a labeler sees
of gold"): right after a submit on a gold asset it shows no gold score; the manager's page shows it at once."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from labelplatform.assets.services import assets_upload
from labelplatform.flows.gold import asset_gold_set
from labelplatform.flows.label_save import label_create
from labelplatform.labels.services import LabelBody
from tests.conftest import image_bytes
from tests.e2e.browser import browser_page, log_in
from tests.e2e.test_review_flow import HEIGHT, WIDTH, car_body

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_labelers_gold_scores_show_the_next_day_the_managers_at_once(stack_url, project, users, tmp_path):
    with transaction.atomic():
        (asset,) = assets_upload(project=project, user=users["manager"],
                                 files=[SimpleUploadedFile("gold.png", image_bytes(WIDTH, HEIGHT))])
    reference = label_create(asset=asset, user=users["manager"], body=LabelBody(**car_body())).label
    asset_gold_set(asset=asset, label_id=reference.pk, user=users["manager"])
    label_create(asset=asset, user=users["labeler"], body=LabelBody(**car_body()))
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
