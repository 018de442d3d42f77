"""A user logs in in Chromium and sees the thumbnail the worker made for an uploaded image."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from labelplatform.assets.services import assets_upload
from labelplatform.jobs.models import Job
from tests.conftest import image_bytes
from tests.e2e.browser import browser_page, log_in
from tests.stack.processes import (
    wait_until,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_login_then_see_the_uploaded_thumbnail(stack_url, project, users, tmp_path):
    # given an uploaded image whose thumbnail the worker has made
    with transaction.atomic():
        asset = assets_upload(project=project, user=users["manager"],
                              files=[SimpleUploadedFile("street.png", image_bytes(320, 240))])[0]
    job = Job.objects.get(kind="thumbnails")
    wait_until(lambda: job.refresh_from_db() or job.status == "succeeded", 60, "thumbnail job")

    with browser_page(tmp_path) as page:
        # when the labeler logs in and opens the project
        log_in(page, stack_url, "labeler")
        page.get_by_test_id("project-card").filter(has_text=project.name).click()

        # then the thumbnail is shown, decoded from the checked media view
        thumb = page.locator(f"img[data-testid='asset-thumb'][data-asset-id='{asset.pk}']")
        thumb.wait_for(state="visible", timeout=20_000)
        page.wait_for_function(
            "el => el.complete && el.naturalWidth > 0", arg=thumb.element_handle(), timeout=20_000
        )
        assert thumb.evaluate("el => el.naturalWidth") == 256  # longest side of a 320x240 image
        page.screenshot(path=str(tmp_path / "project.png"))
