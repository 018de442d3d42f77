"""A labeler's label on a gold asset is sampled for review as any other; the reviewer sees it with its score
against the reference, and the labeler sees the asset in review as any of theirs (docs/workflow.md)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from labelplatform.assets.services import assets_upload
from labelplatform.flows.gold import asset_gold_set
from labelplatform.flows.label_save import label_create
from labelplatform.labels.services import LabelBody
from tests.conftest import image_bytes
from tests.e2e.browser import browser_page, log_in
from tests.e2e.test_review_flow import HEIGHT, WIDTH, car_body

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_reviewer_sees_a_gold_labels_score_the_labeler_an_asset_in_review(stack_url, project, users, tmp_path):
    with transaction.atomic():
        (asset,) = assets_upload(project=project, user=users["manager"],
                                 files=[SimpleUploadedFile("gold.png", image_bytes(WIDTH, HEIGHT))])
    reference = label_create(asset=asset, user=users["manager"], body=LabelBody(**car_body())).label
    asset_gold_set(asset=asset, label_id=reference.pk, user=users["manager"])
    project.settings = {**project.settings, "review_fraction": 1.0, "gold_fraction": 1.0}
    project.save(update_fields=["settings"])
    label = label_create(asset=asset, user=users["labeler"], body=LabelBody(**car_body())).label

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
