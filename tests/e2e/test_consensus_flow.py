"""A reviewer settles a consensus in Chromium: the review page's Consensus tab lists the image whose
automatic choice agrees too little, shows its three labels one at a time (keys and buttons), and
"Choose this label" stores the pick."""

from typing import Any

import numpy as np
import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from labelplatform.assets.services import assets_upload
from labelplatform.flows.label_save import label_create
from labelplatform.labels.services import LabelBody
from labelplatform.masks import encode
from labelplatform.projects.models import Membership
from labelplatform.quality.models import ConsensusChoice
from tests.conftest import PASSWORD, image_bytes
from tests.e2e.browser import browser_page, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTH, HEIGHT = 320, 240
RIGHT_OF_HALF = (170, 120)  # inside the whole car, outside its left half
ALPHA_IS = "([c, x, y, alpha]) => c.getContext('2d').getImageData(x, y, 1, 1).data[3] === alpha"
FILL = round(0.45 * 255)


def car_body(x1: int) -> dict[str, Any]:
    mask = np.zeros((HEIGHT, WIDTH), dtype=bool)
    mask[60:180, 40:x1] = True
    rle = encode(mask)
    return {"objects": [{"class": 1, "mask": {"size": list(rle["size"]), "counts": rle["counts"]},
                         "attributes": {"occluded": "no"}}],
            "classifications": {"weather": "sun"}, "status": "submitted", "time_spent_s": 30.0}


def wait_alpha(page, alpha: int) -> None:  # type: ignore[no-untyped-def]
    masks = page.get_by_test_id("review-masks").element_handle()
    page.wait_for_function(ALPHA_IS, arg=[masks, *RIGHT_OF_HALF, alpha], timeout=5_000)


def test_a_reviewer_switches_between_the_labels_and_picks_one(stack_url, project, users, tmp_path):
    project.settings = {**project.settings, "labels_per_asset": 3, "consensus_review_below": 0.9}
    project.save(update_fields=["settings"])
    labeler3 = User.objects.create_user("labeler3", password=PASSWORD)
    Membership.objects.create(project=project, user=labeler3, role="labeler")
    # given three labels of one image: the whole car, its left half, the whole car again
    with transaction.atomic():
        (asset,) = assets_upload(project=project, user=users["manager"],
                                 files=[SimpleUploadedFile("crossing.png", image_bytes(WIDTH, HEIGHT))])
    whole = label_create(asset=asset, user=users["labeler"], body=LabelBody(**car_body(200))).label
    half = label_create(asset=asset, user=users["labeler2"], body=LabelBody(**car_body(120))).label
    label_create(asset=asset, user=labeler3, body=LabelBody(**car_body(200)))
    assert ConsensusChoice.objects.get(asset=asset).label_id == whole.pk  # 0.75: below 0.9, wants a pick

    with browser_page(tmp_path) as page:
        # when the reviewer opens the review page's Consensus tab
        log_in(page, stack_url, "reviewer", f"/projects/{project.pk}/review")
        page.get_by_test_id("review-tab-consensus").click()
        item = page.locator(f"[data-testid=consensus-item][data-asset-id='{asset.pk}']")
        item.wait_for(state="visible", timeout=20_000)
        buttons = page.get_by_test_id("consensus-label")
        buttons.nth(2).wait_for(state="visible", timeout=10_000)
        assert buttons.count() == 3
        assert "75%" in buttons.nth(0).inner_text() and "50%" in buttons.nth(1).inner_text()
        image = page.get_by_test_id("review-image")
        page.wait_for_function("el => el.complete && el.naturalWidth > 0", arg=image.element_handle(),
                               timeout=20_000)
        wait_alpha(page, FILL)  # label 1: the whole car covers the point
        page.screenshot(path=str(tmp_path / "consensus-1.png"))
        # then key 2 shows the half car (the point is bare), the button 3 the whole car again
        page.keyboard.press("2")
        wait_alpha(page, 0)
        assert buttons.nth(1).get_attribute("aria-pressed") == "true"
        page.screenshot(path=str(tmp_path / "consensus-2.png"))
        buttons.nth(2).click()
        wait_alpha(page, FILL)
        page.keyboard.press("2")
        wait_alpha(page, 0)
        # and "Choose this label" picks the half car; nothing else needs a pick
        page.get_by_test_id("consensus-choose").click()
        page.get_by_test_id("consensus-empty").wait_for(state="visible", timeout=20_000)
        assert f"label #{half.pk}" in page.get_by_test_id("review-done").inner_text()
        page.screenshot(path=str(tmp_path / "consensus-done.png"))

    choice = ConsensusChoice.objects.get(asset=asset)
    assert (choice.label_id, choice.method, choice.chosen_by_id) == (half.pk, "picked", users["reviewer"].pk)
    assert choice.agreement == pytest.approx(0.5)


def test_a_manager_sets_the_consensus_threshold_on_the_settings_page(stack_url, project, users, tmp_path):
    # given a project collecting one label per image
    with browser_page(tmp_path) as page:
        log_in(page, stack_url, "manager", f"/projects/{project.pk}/settings")
        page.get_by_test_id("tab-general").click()
        form = page.get_by_test_id("general-settings")
        form.wait_for(timeout=20_000)
        assert page.get_by_test_id("settings-consensus-review-below").count() == 0  # no consensus, no threshold

        # when the manager asks for three labels per image, the threshold appears; they set 60 % and save
        page.get_by_test_id("settings-labels-per-asset").fill("3")
        page.get_by_test_id("settings-consensus-review-below").fill("60")
        page.get_by_test_id("settings-save").click()
        form.get_by_text("Saved.").wait_for(timeout=10_000)
        page.screenshot(path=str(tmp_path / "settings.png"), full_page=True)

        # and an out-of-range value cannot be saved
        page.get_by_test_id("settings-consensus-review-below").fill("140")
        assert not page.get_by_test_id("settings-save").is_enabled()

    # then the project keeps both, with the other settings untouched
    project.refresh_from_db()
    assert project.settings["labels_per_asset"] == 3
    assert project.settings["consensus_review_below"] == pytest.approx(0.6)
    assert project.settings["labelers_see_all"] is True
