"""A reviewer rejects a labeler's label in Chromium with a comment and a pin clicked on the image;
the review is stored with the pin where it was clicked, and the label is the labeler's next item.
The rejection is made with the keyboard (R, the comment, Ctrl+Enter), the next label is accepted with A,
and the shortcuts overlay (?) and the mask toggles (M, L) work."""

from typing import Any

import numpy as np
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from labelplatform.assets.models import Asset
from labelplatform.assets.services import assets_upload
from labelplatform.flows.label_save import label_create
from labelplatform.labels.services import LabelBody
from labelplatform.masks import encode
from labelplatform.workflow.models import Review
from labelplatform.workflow.queue import queue_next
from tests.conftest import image_bytes
from tests.e2e.browser import browser_page, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTH, HEIGHT = 320, 240
CAR = (40, 60, 200, 180)  # x0, y0, x1, y1 of the car mask
# RGBA of the mask overlay canvas (image-sized) at image points.
READ_PIXELS = "(c, points) => points.map(([x, y]) => Array.from(c.getContext('2d').getImageData(x, y, 1, 1).data))"
# Waits until the overlay's alpha at image point (x, y) is `alpha` (it repaints after a state change).
ALPHA_IS = "([c, x, y, alpha]) => c.getContext('2d').getImageData(x, y, 1, 1).data[3] === alpha"
CENTRE = ((CAR[0] + CAR[2]) // 2, (CAR[1] + CAR[3]) // 2)
PIN_AT = (0.75, 0.25)  # where the reviewer clicks, as a fraction of the shown image: image (240, 60)


def car_body() -> dict[str, Any]:
    mask = np.zeros((HEIGHT, WIDTH), dtype=bool)
    x0, y0, x1, y1 = CAR
    mask[y0:y1, x0:x1] = True
    rle = encode(mask)
    return {"objects": [{"class": 1, "mask": {"size": list(rle["size"]), "counts": rle["counts"]},
                         "attributes": {"occluded": "no"}}],
            "classifications": {"weather": "sun"}, "status": "submitted", "time_spent_s": 42.0}


def wait_alpha(page, x: int, y: int, alpha: int) -> None:  # type: ignore[no-untyped-def]
    masks = page.get_by_test_id("review-masks").element_handle()
    page.wait_for_function(ALPHA_IS, arg=[masks, x, y, alpha], timeout=5_000)


def focused_test_id(page) -> str | None:  # type: ignore[no-untyped-def]
    return page.evaluate("() => document.activeElement?.getAttribute('data-testid') ?? null")


def test_reviewer_rejects_with_a_pin_and_the_label_returns_as_rework(stack_url, project, users, tmp_path):
    project.settings = {**project.settings, "review_fraction": 1.0}
    project.save(update_fields=["settings"])
    # given two labels the labeler submitted, sampled for review (reviewed in submission order)
    with transaction.atomic():
        asset, other_asset = assets_upload(project=project, user=users["manager"], files=[
            SimpleUploadedFile("street.png", image_bytes(WIDTH, HEIGHT)),
            SimpleUploadedFile("road.jpg", image_bytes(WIDTH, HEIGHT, fmt="JPEG"))])
    label = label_create(asset=asset, user=users["labeler"], body=LabelBody(**car_body())).label
    other_label = label_create(asset=other_asset, user=users["labeler"], body=LabelBody(**car_body())).label
    assert Asset.objects.get(pk=asset.pk).status == "in_review"
    assert Asset.objects.get(pk=other_asset.pk).status == "in_review"

    with browser_page(tmp_path) as page:
        # when the reviewer logs in and opens the review page from the project
        log_in(page, stack_url, "reviewer", f"/projects/{project.pk}")
        page.get_by_test_id("project-review-link").click()
        item = page.get_by_test_id("review-item")
        item.wait_for(state="visible", timeout=20_000)
        assert item.get_attribute("data-label-id") == str(label.pk)
        image = page.get_by_test_id("review-image")
        page.wait_for_function("el => el.complete && el.naturalWidth > 0", arg=image.element_handle(),
                               timeout=20_000)
        # the car's mask is drawn in the car class colour inside its box, nothing outside
        inside, outside = page.get_by_test_id("review-masks").evaluate(
            READ_PIXELS,
            [[(CAR[0] + CAR[2]) // 2, (CAR[1] + CAR[3]) // 2], [10, 10]],
        )
        assert inside[:3] == [255, 0, 0] and inside[3] > 0
        assert outside[3] == 0
        assert page.get_by_test_id("review-object").count() == 1
        assert page.get_by_test_id("review-accept").get_attribute("title") == "Accept (A)"
        page.screenshot(path=str(tmp_path / "review-before.png"))

        # ? lists the shortcuts, Esc closes the list
        page.keyboard.press("?")
        overlay = page.get_by_test_id("help-overlay")
        overlay.wait_for(state="visible", timeout=5_000)
        assert "Accept the label" in overlay.inner_text() and "Show / hide the masks" in overlay.inner_text()
        page.keyboard.press("a")  # keys under the overlay do nothing
        page.screenshot(path=str(tmp_path / "review-help.png"))
        page.keyboard.press("Escape")
        overlay.wait_for(state="hidden", timeout=5_000)
        # M hides and shows the masks; L shows outlines only (the car's corner is an edge)
        page.keyboard.press("m")
        wait_alpha(page, *CENTRE, 0)
        assert page.get_by_test_id("review-masks-toggle").get_attribute("aria-pressed") == "false"
        page.keyboard.press("m")
        wait_alpha(page, *CENTRE, round(0.45 * 255))
        page.keyboard.press("l")
        wait_alpha(page, *CENTRE, 0)
        wait_alpha(page, CAR[0], CAR[1], 255)
        page.screenshot(path=str(tmp_path / "review-outlines.png"))
        page.keyboard.press("l")
        wait_alpha(page, *CENTRE, round(0.45 * 255))

        # and clicks on the image to pin a note; typing it (a, r, f and n included) triggers no shortcut
        box = page.get_by_test_id("review-frame").bounding_box()
        assert box is not None and box["width"] > 0
        page.mouse.click(box["x"] + box["width"] * PIN_AT[0], box["y"] + box["height"] * PIN_AT[1])
        assert focused_test_id(page) == "draft-pin-text"
        page.keyboard.type("extend the bumper here")
        assert page.get_by_test_id("draft-pin-text").input_value() == "extend the bumper here"
        assert page.get_by_test_id("pin-marker").count() == 1
        # then with the keyboard: Tab out of the note, R to the comment box, the comment, Ctrl+Enter rejects
        page.keyboard.press("Tab")
        page.keyboard.press("r")
        assert focused_test_id(page) == "review-comment-input"
        page.keyboard.type("the car is cut short")
        assert page.get_by_test_id("review-comment-input").input_value() == "the car is cut short"
        page.screenshot(path=str(tmp_path / "review-pinned.png"))
        page.keyboard.press("Control+Enter")

        # then the page confirms and serves the other label, which A accepts (a second A sends nothing more)
        page.get_by_test_id("review-done").wait_for(state="visible", timeout=20_000)
        page.locator(f"[data-testid=review-item][data-label-id='{other_label.pk}']").wait_for(
            state="visible", timeout=20_000)
        assert "Rejected label" in page.get_by_test_id("review-done").inner_text()
        page.keyboard.press("a")
        page.keyboard.press("a")
        # and finds nothing more to review
        page.get_by_test_id("review-empty").wait_for(state="visible", timeout=20_000)
        assert "Accepted label" in page.get_by_test_id("review-done").inner_text()
        page.screenshot(path=str(tmp_path / "review-after.png"))

    # the other label is accepted, once
    (accepted,) = Review.objects.filter(label=other_label)
    assert accepted.decision == "accept" and accepted.reviewer == users["reviewer"] and accepted.comment == ""
    # the review is stored with the pin at the clicked image pixels
    review = Review.objects.get(label=label)
    assert review.decision == "reject" and review.reviewer == users["reviewer"]
    assert review.comment == "the car is cut short" and review.revision == 1
    (pin,) = review.pins
    assert abs(pin["x"] - WIDTH * PIN_AT[0]) <= 1 and abs(pin["y"] - HEIGHT * PIN_AT[1]) <= 1
    assert pin["text"] == "extend the bumper here"
    assert Asset.objects.get(pk=asset.pk).status == "rework"
    # and the labeler's next queue item is that label, as rework
    served = queue_next(project=project, user=users["labeler"], stages=["label"])
    assert served is not None and served.rework is True
    assert served.claim.label_id == label.pk and served.claim.asset_id == asset.pk
