"""A labeler paints two objects with the mouse in Chromium and submits; stored masks are exactly the drawn pixels."""

import numpy as np
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from labelplatform.assets.services import assets_upload
from labelplatform.labels.models import Label
from labelplatform.labels.selectors import revision_of
from labelplatform.masks import decode
from labelplatform.projects.ontology import OntologySerializer
from labelplatform.projects.selectors import ontology_current
from labelplatform.projects.services import ontology_save
from tests.conftest import image_bytes
from tests.e2e.browser import browser_page, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTH, HEIGHT = 320, 240
# Axis-aligned rectangles with integer corners, drawn with the polygon tool at 1:1: a pixel is inside
# when its centre is (the engine's even-odd scanline rule), so x0 <= x < x1 and y0 <= y < y1, unambiguously.
ROAD = (40, 60, 200, 180)  # x0, y0, x1, y1
CAR = (150, 120, 280, 220)  # overlaps the road; drawn "behind" it


def rectangle_mask(x0: int, y0: int, x1: int, y1: int) -> np.ndarray:
    mask = np.zeros((HEIGHT, WIDTH), dtype=bool)
    mask[y0:y1, x0:x1] = True
    return mask


def draw_rectangle(page, origin: tuple[float, float], corners: tuple[int, int, int, int]) -> None:  # type: ignore[no-untyped-def]
    """Four polygon clicks on the corners, then Enter closes the path."""
    x0, y0, x1, y1 = corners
    for x, y in [(x0, y0), (x1, y0), (x1, y1), (x0, y1)]:
        page.mouse.move(origin[0] + x, origin[1] + y)
        page.mouse.down()
        page.mouse.up()
    page.keyboard.press("Enter")


def test_paint_two_classes_over_and_behind_then_submit(stack_url, project, users, tmp_path):
    # given an uploaded image, and rain asking how heavy it is (a number sub-question)
    with transaction.atomic():
        asset = assets_upload(project=project, user=users["manager"],
                              files=[SimpleUploadedFile("street.png", image_bytes(WIDTH, HEIGHT))])[0]
        current = ontology_current(project).document
        document = OntologySerializer(data={  # what PUT projects/{id}/ontology stores
            "classes": [c for c in current["classes"] if not c["archived"]],
            "classifications": [{"name": "weather", "type": "radio", "options": [
                {"value": "sun"},
                {"value": "rain", "children": [{"name": "mm per hour", "type": "number", "required": True}]}]}]})
        document.is_valid(raise_exception=True)
        ontology_save(project=project, user=users["manager"], document=document.validated_data)

    with browser_page(tmp_path) as page:
        # when the labeler logs in and opens the editor from the project's asset grid
        log_in(page, stack_url, "labeler")
        page.get_by_test_id("project-card").filter(has_text=project.name).click()
        page.locator(f"[data-testid='asset-label-link'][data-asset-id='{asset.pk}']").click()
        page.locator("[data-testid='label-zoom'][data-ready='true']").wait_for(timeout=20_000)
        page.get_by_test_id("zoom-1to1").click()
        page.wait_for_function("document.querySelector(\"[data-testid='label-zoom']\").dataset.scale === '1'")
        zoom = page.get_by_test_id("label-zoom")
        offset_x, offset_y = float(zoom.get_attribute("data-offset-x")), float(zoom.get_attribute("data-offset-y"))
        stage = page.get_by_test_id("label-stage").bounding_box()
        origin = (stage["x"] + offset_x, stage["y"] + offset_y)

        # and draws a road (class 2) with the polygon tool, drawing over
        page.keyboard.press("2")
        page.keyboard.press("g")
        draw_rectangle(page, origin, ROAD)
        page.locator("[data-testid='object-row'][data-class-id='2']").wait_for()

        # then a car (class 1) overlapping it, drawn behind
        page.keyboard.press("1")
        page.get_by_test_id("mode-behind").click()
        draw_rectangle(page, origin, CAR)
        page.locator("[data-testid='object-row'][data-class-id='1']").wait_for()
        # the car is selected after drawing: answer its required attribute, and the image classification
        page.locator("[data-testid='selected-object'] [data-testid='attr-option'][data-value='yes']").check()
        page.locator("[data-testid='classifications'] [data-testid='attr-option'][data-value='rain']").check()
        rate = page.locator("[data-testid='classifications'] [data-path='weather/rain/mm per hour'] input")
        rate.fill("2.5")
        rate.press("Enter")
        rate.blur()  # shortcuts are off while typing in a field
        page.screenshot(path=str(tmp_path / "painted.png"))
        # the shortcut overlay lists the key map
        page.keyboard.press("?")
        assert "Submit and next image" in page.get_by_test_id("help-overlay").inner_text()
        page.screenshot(path=str(tmp_path / "help.png"))
        page.keyboard.press("Escape")
        page.get_by_test_id("help-overlay").wait_for(state="detached")

        # and submits
        page.get_by_test_id("label-submit").click()
        page.locator("[data-testid='save-status'][data-phase='saved']").filter(has_text="submitted").wait_for(
            timeout=20_000
        )
        page.screenshot(path=str(tmp_path / "submitted.png"))

    # then the stored label holds exactly the drawn pixels: the road whole, the car only where the road is not
    label = Label.objects.get(asset=asset, author=users["labeler"])
    assert label.status == "submitted"
    assert label.time_spent_s > 0
    revision = revision_of(label)
    assert revision.classifications == {"weather": "rain", "weather/rain/mm per hour": 2.5}
    stored = {o.class_id: o for o in revision.label_objects.all()}
    assert sorted(stored) == [1, 2]
    road = rectangle_mask(*ROAD)
    car = rectangle_mask(*CAR) & ~road
    road_mask = decode({"size": [HEIGHT, WIDTH], "counts": stored[2].counts})
    car_mask = decode({"size": [HEIGHT, WIDTH], "counts": stored[1].counts})
    assert np.array_equal(road_mask, road)
    assert np.array_equal(car_mask, car)
    assert stored[1].attributes == {"occluded": "yes"}
    assert stored[2].area == int(road.sum()) and stored[1].area == int(car.sum())
