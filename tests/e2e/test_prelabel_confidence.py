"""Pre-labels' per-object confidence in the label editor: scores shown, low ones marked, accept above a threshold."""

import numpy as np
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from labelplatform.assets.services import assets_upload
from labelplatform.masks import encode
from labelplatform.prelabel.services import prediction_store
from tests.e2e.browser import browser_page
from tests.e2e.test_segment_tool import HEIGHT, WIDTH, disc_image_png, disc_mask, log_in_and_open, stored_masks

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def low_rows(page) -> list[str]:  # type: ignore[no-untyped-def]
    return page.locator("[data-testid='object-row'][data-low-confidence='true']").evaluate_all(
        "rows => rows.map(r => r.dataset.classId)")


def test_scores_show_and_accept_above_threshold_drops_the_low_ones(stack_url, project, users, tmp_path):
    # given a pre-labeled asset: a sure car (the disc), a fairly sure road and an unsure second car
    with transaction.atomic():
        asset = assets_upload(project=project, user=users["manager"],
                              files=[SimpleUploadedFile("disc.png", disc_image_png())])[0]
    road = np.zeros((HEIGHT, WIDTH), dtype=bool)
    road[200:, :] = True
    speck = np.zeros((HEIGHT, WIDTH), dtype=bool)
    speck[10:40, 10:40] = True
    prediction_store(asset=asset, source="dataengine", model_version="4",
                     objects=[{"class": 2, "mask": encode(road), "score": 0.64},
                              {"class": 1, "mask": encode(speck), "score": 0.3},
                              {"class": 1, "mask": encode(disc_mask()), "score": 0.9}])

    with browser_page(tmp_path) as page:
        log_in_and_open(page, stack_url, project, asset)
        rows = page.locator("[data-testid='object-row']")
        # then each object shows its score, most confident first, and the one under 0.5 is marked
        assert page.locator("[data-testid='object-score']").all_inner_texts() == ["0.90", "0.64", "0.30"]
        assert low_rows(page) == ["1"]
        assert page.get_by_test_id("confidence-threshold").input_value() == "0.5"
        page.screenshot(path=str(tmp_path / "scores.png"))

        # when the labeler presses Shift+A: the unsure car goes, as one undoable step
        page.keyboard.press("Shift+A")
        assert rows.count() == 2
        assert low_rows(page) == []
        page.keyboard.press("Control+z")
        assert rows.count() == 3

        # when they raise the threshold to 0.7 (remembered) and accept with the button
        page.get_by_test_id("confidence-threshold").fill("0.7")
        assert sorted(low_rows(page)) == ["1", "2"]
        assert page.evaluate("localStorage.getItem('labelplatform:prelabel-threshold')") == "0.7"
        page.get_by_test_id("accept-confident").click()
        # then only the sure car is left
        assert rows.count() == 1
        assert rows.first.get_attribute("data-class-id") == "1"
        page.screenshot(path=str(tmp_path / "accepted.png"))

        # and the submitted label is that car
        rows.first.click()
        page.locator("[data-testid='selected-object'] [data-testid='attr-option'][data-value='yes']").check()
        page.get_by_test_id("label-submit").click()
        page.locator("[data-testid='save-status'][data-phase='saved']").filter(has_text="submitted").wait_for(
            timeout=20_000)

    masks = stored_masks(asset, users["labeler"])
    assert sorted(masks) == [1]
    assert np.array_equal(masks[1], disc_mask())
