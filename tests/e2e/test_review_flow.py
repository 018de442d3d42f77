"""A reviewer rejects a labeler's label in Chromium with a comment and a pin clicked on the image;
the review is stored with the pin where it was clicked, and the label is the labeler's next item."""

from typing import Any

import numpy as np
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from labelplatform.assets.models import Asset
from labelplatform.assets.services import assets_upload
from labelplatform.labels.services import label_create
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
PIN_AT = (0.75, 0.25)  # where the reviewer clicks, as a fraction of the shown image: image (240, 60)


def car_body() -> dict[str, Any]:
    mask = np.zeros((HEIGHT, WIDTH), dtype=bool)
    x0, y0, x1, y1 = CAR
    mask[y0:y1, x0:x1] = True
    rle = encode(mask)
    return {"objects": [{"class": 1, "mask": {"size": list(rle["size"]), "counts": rle["counts"]},
                         "attributes": {"occluded": "no"}}],
            "classifications": {"weather": "sun"}, "status": "submitted", "time_spent_s": 42.0}


def test_reviewer_rejects_with_a_pin_and_the_label_returns_as_rework(stack_url, project, users, tmp_path):
    project.settings = {**project.settings, "review_fraction": 1.0}
    project.save(update_fields=["settings"])
    # given a label the labeler submitted, sampled for review
    with transaction.atomic():
        asset = assets_upload(project=project, user=users["manager"],
                              files=[SimpleUploadedFile("street.png", image_bytes(WIDTH, HEIGHT))])[0]
    label = label_create(asset=asset, user=users["labeler"], data=car_body())
    assert Asset.objects.get(pk=asset.pk).status == "in_review"

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
        page.screenshot(path=str(tmp_path / "review-before.png"))

        # and clicks on the image to pin a note, writes a comment and rejects
        box = page.get_by_test_id("review-frame").bounding_box()
        assert box is not None and box["width"] > 0
        page.mouse.click(box["x"] + box["width"] * PIN_AT[0], box["y"] + box["height"] * PIN_AT[1])
        page.get_by_test_id("draft-pin-text").fill("extend the bumper here")
        page.get_by_test_id("review-comment-input").fill("the car is cut short")
        assert page.get_by_test_id("pin-marker").count() == 1
        page.screenshot(path=str(tmp_path / "review-pinned.png"))
        page.get_by_test_id("review-reject").click()

        # then the page confirms and finds nothing more to review
        page.get_by_test_id("review-done").wait_for(state="visible", timeout=20_000)
        page.get_by_test_id("review-empty").wait_for(state="visible", timeout=20_000)
        page.screenshot(path=str(tmp_path / "review-after.png"))

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
