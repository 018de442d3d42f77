"""What the sequence editor offers each role: a viewer looks at the frames, their labels (anyone's) and their
propagated pre-labels
but is offered no save, propagation, carry-on or track edit (the server refuses them; before, the buttons were
there and a click answered a 403), and a labeler of a project where labelers see only what they are given is
told why a decoded sequence shows no frames (before: "its decoding job may still be running"). The image
labeling page, which a viewer reaches by its address (a frame, a pre-labeled image), offers no save either,
and does not autosave an edit."""

import numpy as np
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from labelplatform.masks import encode
from labelplatform.sequences.models import Sequence
from tests.conftest import image_bytes
from tests.e2e.browser import browser_page, image_origin, log_in
from tests.sequences.conftest import frames_zip, run_started

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def decoded_sequence(client, project) -> Sequence:  # type: ignore[no-untyped-def]
    """Three 64x48 frames uploaded as a zip and decoded here, in the test process."""
    with transaction.atomic():
        response = client.post(f"/api/v1/projects/{project.pk}/sequences", {
            "file": SimpleUploadedFile("walk.zip", frames_zip([(f"{i}.png", (64, 48)) for i in range(3)])),
            "name": "walk"}, format="multipart")
    job = run_started(response)
    return Sequence.objects.get(pk=job.params["sequence"])


def test_a_viewer_is_offered_no_save_and_no_propagation(stack_url, project, client_for, tmp_path):
    sequence = decoded_sequence(client_for("manager"), project)
    mask = np.zeros((48, 64), np.uint8)
    mask[10:30, 10:40] = 1
    with transaction.atomic():
        client_for("manager").post(f"/api/v1/sequences/{sequence.pk}/tracks", {"name": "bus"}, format="json")
        # the labeler's submitted label on the first frame
        labeled = client_for("labeler").post(f"/api/v1/assets/{sequence.frames.get(index=0).asset_id}/labels", {
            "objects": [{"class": 1, "track": 1, "mask": encode(mask), "attributes": {"occluded": "no"}}],
            "status": "submitted"}, format="json")
    assert labeled.status_code == 201, labeled.json()
    with browser_page(tmp_path) as page:
        # given the viewer opens the sequence editor
        log_in(page, stack_url, "viewer", f"/projects/{project.pk}/sequences/{sequence.pk}")
        page.get_by_test_id("frame-counter").filter(has_text="Frame 1 / 3").wait_for()
        # then the frames step and play, but nothing writes
        page.get_by_test_id("frame-view-only").wait_for()
        assert page.get_by_test_id("frame-next").is_enabled()
        for control in ("frame-save", "propagate-control", "carry-on", "frame-save-status"):
            assert page.get_by_test_id(control).count() == 0, control
        # and the tracks are listed without an Edit button (before: its form's "Save track" answered a 403)
        page.get_by_test_id("track-row").filter(has_text="bus").wait_for()
        assert page.get_by_test_id("track-edit").count() == 0
        # and the frame shows the labeler's label, counted as labeled (before: an empty frame, "labeled 0")
        page.get_by_test_id("object-row").wait_for()
        assert page.get_by_test_id("object-row").count() == 1
        assert "labeled 1" in page.get_by_test_id("timeline").inner_text()
        page.screenshot(path=str(tmp_path / "viewer.png"))

        # and a labeler sees the controls
        page.context.clear_cookies()
        log_in(page, stack_url, "labeler", f"/projects/{project.pk}/sequences/{sequence.pk}")
        page.get_by_test_id("frame-save").wait_for()
        assert page.get_by_test_id("propagate-control").count() == 1
        assert page.get_by_test_id("frame-view-only").count() == 0
        assert page.get_by_test_id("track-edit").count() == 1


def test_a_labeler_who_sees_no_frame_is_sent_to_the_queue(stack_url, project, client_for, tmp_path):
    # given a project where labelers see only what they are given, and a decoded sequence
    project.settings = {**project.settings, "labelers_see_all": False}
    project.save(update_fields=["settings"])
    sequence = decoded_sequence(client_for("manager"), project)
    with browser_page(tmp_path) as page:
        log_in(page, stack_url, "labeler", f"/projects/{project.pk}/sequences/{sequence.pk}")
        empty = page.get_by_test_id("sequence-empty")
        empty.wait_for()
        assert "labelers see only the images they are given" in empty.inner_text()
        assert "decoding" not in empty.inner_text()


def test_a_viewer_on_an_image_label_page_is_offered_no_save(stack_url, project, client_for, tmp_path):
    sequence = decoded_sequence(client_for("manager"), project)
    frame = sequence.frames.get(index=0).asset_id
    with browser_page(tmp_path) as page:
        log_in(page, stack_url, "viewer", f"/projects/{project.pk}/assets/{frame}/label")
        page.get_by_test_id("label-view-only").wait_for()
        for control in ("label-save", "label-submit", "label-submit-next"):
            assert page.get_by_test_id(control).count() == 0, control
        # and an edit is not autosaved: the page has no saver (before: "Unsaved changes", then a 403 in the background)
        page.locator("[data-testid='label-zoom'][data-ready='true']").wait_for()
        origin = image_origin(page)
        page.keyboard.press("g")
        for x, y in [(5, 5), (40, 5), (40, 30), (5, 30)]:
            page.mouse.click(origin[0] + x, origin[1] + y)
        page.keyboard.press("Enter")
        page.get_by_test_id("object-row").wait_for()
        assert page.get_by_test_id("save-status").count() == 0


def test_a_frame_on_the_labeling_page_links_to_the_sequence_editor_at_that_frame(stack_url, project, client_for,
                                                                                 tmp_path):
    sequence = decoded_sequence(client_for("manager"), project)
    with transaction.atomic():
        plain = client_for("manager").post(f"/api/v1/projects/{project.pk}/assets", {
            "files": [SimpleUploadedFile("plain.png", image_bytes(64, 48))]}, format="multipart").json()[0]["id"]
    with browser_page(tmp_path) as page:
        # given the manager opens the second frame in the image labeling page
        second = sequence.frames.get(index=1).asset_id
        log_in(page, stack_url, "manager", f"/projects/{project.pk}/assets/{second}/label")
        banner = page.get_by_test_id("label-sequence-frame")
        banner.wait_for()
        assert banner.inner_text().startswith("Frame 2 of walk")
        page.screenshot(path=str(tmp_path / "frame-banner.png"))
        # when they follow the link, the sequence editor opens at that frame
        page.get_by_test_id("label-sequence-link").click()
        page.get_by_test_id("frame-counter").filter(has_text="Frame 2 / 3").wait_for()
        assert page.url.endswith(f"/projects/{project.pk}/sequences/{sequence.pk}?frame=2")

        # and an image of no sequence shows no link (its lookup answered nulls, not a 404: no console error)
        with page.expect_response(lambda r: r.url.endswith(f"/assets/{plain}/frame")) as answer:
            page.goto(f"{stack_url}/projects/{project.pk}/assets/{plain}/label")
        assert answer.value.status == 200 and answer.value.json()["sequence"] is None
        page.locator("[data-testid='label-zoom'][data-ready='true']").wait_for()
        assert page.get_by_test_id("label-sequence-frame").count() == 0

    # given a project where labelers see only what they are given, and the frame the queue handed the labeler
    project.settings = {**project.settings, "labelers_see_all": False}
    project.save(update_fields=["settings"])
    handed = client_for("labeler").post(f"/api/v1/projects/{project.pk}/queue/next").json()["asset"]["id"]
    with browser_page(tmp_path) as page:
        log_in(page, stack_url, "labeler", f"/projects/{project.pk}/assets/{handed}/label")
        # then the link counts it among the frames they see: their sequence editor's only frame
        page.get_by_test_id("label-sequence-link").click()
        page.get_by_test_id("frame-counter").filter(has_text="Frame 1 / 1").wait_for()
        assert page.get_by_test_id("frame-counter").get_attribute("data-position") == "0"
