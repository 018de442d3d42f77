"""A reviewer's rejection reaches the labeler: the project page counts the rework waiting, the editor shows a
rework banner with the comment and draws the pins where the reviewer put them (following zoom), and the image
page lists the review. Each role's project and settings pages show only what the role can use."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from labelplatform.assets.services import assets_upload
from labelplatform.flows.label_save import label_create
from labelplatform.jobs.models import Job, JobStatus
from labelplatform.labels.services import LabelBody
from labelplatform.workflow.reviews import review_submit
from tests.conftest import image_bytes
from tests.e2e.browser import browser_page, log_in
from tests.e2e.test_review_flow import HEIGHT, WIDTH, car_body

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PIN = (240, 60)
SHOTS = "/tmp/lp-feedback"


def marker_centre(page) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    box = page.get_by_test_id("pin-marker").first.bounding_box()
    return box["x"] + box["width"] / 2, box["y"] + box["height"] / 2


def expected_centre(page) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    """Where image point PIN is on screen: stage origin + image * scale + offset (the editor's viewport)."""
    stage = page.get_by_test_id("label-stage").bounding_box()
    zoom = page.get_by_test_id("label-zoom")
    scale = float(zoom.get_attribute("data-scale"))
    return (stage["x"] + PIN[0] * scale + float(zoom.get_attribute("data-offset-x")),
            stage["y"] + PIN[1] * scale + float(zoom.get_attribute("data-offset-y")))


def test_a_rejection_reaches_the_labeler(stack_url, project, users, tmp_path):
    # given a project where labelers see only what was handed to them, three images, one label rejected
    project.settings = {**project.settings, "review_fraction": 1.0, "labelers_see_all": False}
    project.save(update_fields=["settings"])
    with transaction.atomic():
        asset, _, _ = assets_upload(project=project, user=users["manager"], files=[
            SimpleUploadedFile(f"0016E5_0{n}.png", image_bytes(WIDTH, HEIGHT)) for n in (7901, 7902, 7903)])
    label = label_create(asset=asset, user=users["labeler"], body=LabelBody(**car_body())).label
    review_submit(label=label, reviewer=users["reviewer"], decision="reject", comment="the car is cut short",
                  pins=[{"x": PIN[0], "y": PIN[1], "text": "extend here"}])

    with browser_page(tmp_path) as page:
        # the labeler's project page counts what they can see and the rework waiting; no upload, no settings
        log_in(page, stack_url, "labeler", f"/projects/{project.pk}")
        rework = page.get_by_test_id("rework-count")
        rework.wait_for(timeout=20_000)
        assert rework.get_attribute("data-count") == "1"
        page.get_by_test_id("asset-grid").wait_for()
        page.wait_for_function(
            "() => !document.querySelector('[data-testid=project-image-count]').textContent.includes('…')")
        assert page.get_by_test_id("project-image-count").inner_text() == "1 of 3 images handed to you"
        assert page.locator(".filter-count").inner_text() == "1 image"
        assert page.get_by_test_id("upload-panel").count() == 0
        assert page.get_by_test_id("nav-settings").count() == 0
        assert page.get_by_test_id("project-settings-link").count() == 0
        # the tile cuts a long name in the middle: the frame number and extension stay whole
        tail = page.locator(".asset-name-tail").first
        assert tail.inner_text() == "_07901.png"
        name_box, tail_box = page.get_by_test_id("asset-name").first.bounding_box(), tail.bounding_box()
        assert tail_box["x"] + tail_box["width"] <= name_box["x"] + name_box["width"] + 0.5
        page.screenshot(path=f"{SHOTS}-labeler-project.png", full_page=True)

        # the editor says rework is waiting, with the comment, and draws the pin where the reviewer put it
        page.goto(f"{stack_url}/projects/{project.pk}/assets/{asset.pk}/label")
        banner = page.get_by_test_id("review-banner")
        banner.wait_for(timeout=20_000)
        assert banner.get_attribute("data-kind") == "rework"
        assert "the car is cut short" in banner.inner_text() and "reviewer" in banner.inner_text()
        # the top bar counts the rework waiting too (the queue hands it out first)
        assert page.get_by_test_id("label-rework-count").get_attribute("data-count") == "1"
        page.get_by_test_id("pin-marker").first.wait_for()
        x, y = marker_centre(page)
        ex, ey = expected_centre(page)
        assert abs(x - ex) < 2 and abs(y - ey) < 2
        page.screenshot(path=f"{SHOTS}-labeler-editor.png")
        # zooming in moves the pin with the image
        scale = page.get_by_test_id("label-zoom").get_attribute("data-scale")
        page.keyboard.press("+")
        page.wait_for_function(f"() => document.querySelector('[data-testid=label-zoom]').dataset.scale !== '{scale}'")
        x, y = marker_centre(page)
        ex, ey = expected_centre(page)
        assert abs(x - ex) < 2 and abs(y - ey) < 2
        # the banner lists every review with who and when
        page.get_by_test_id("review-details-toggle").click()
        assert "extend here" in page.get_by_test_id("review-comments").inner_text()
        page.screenshot(path=f"{SHOTS}-labeler-editor-zoomed.png")
        # the auto-segment bar sits above the image, not over it, in a strip kept for it: the image stays put
        stage_before = page.get_by_test_id("label-stage").bounding_box()
        page.keyboard.press("s")
        bar = page.get_by_test_id("segment-bar")
        bar.wait_for()
        # the bar's text changes while the model prepares: compare the two boxes once the layout settled
        page.wait_for_function(
            "() => { const bar = document.querySelector('[data-testid=segment-bar]').getBoundingClientRect();"
            " const stage = document.querySelector('[data-testid=label-stage]').getBoundingClientRect();"
            " return bar.bottom <= stage.top + 0.5; }", timeout=10_000)
        assert page.get_by_test_id("label-stage").bounding_box() == stage_before
        page.screenshot(path=f"{SHOTS}-segment-bar.png")
        # Submit sends the rework back even unchanged (a labeler may disagree), says that it went through, and
        # the banner and the count follow without a reload
        page.keyboard.press("b")
        page.get_by_test_id("label-submit").click()
        note = page.locator("[data-testid=label-note].label-note-done")
        note.wait_for(timeout=20_000)
        assert note.inner_text().startswith("Submitted at ")
        page.locator("[data-testid=review-banner][data-kind=resubmitted]").wait_for(timeout=20_000)
        page.get_by_test_id("label-rework-count").wait_for(state="detached", timeout=20_000)

        # the image page shows the review too (the fix is submitted: waiting for review again)
        page.goto(f"{stack_url}/projects/{project.pk}/assets/{asset.pk}")
        notice = page.get_by_test_id("asset-review-notice")
        notice.wait_for(timeout=20_000)
        assert notice.get_attribute("data-kind") == "resubmitted"
        assert "the car is cut short" in page.get_by_test_id("review-comments").inner_text()
        page.screenshot(path=f"{SHOTS}-labeler-asset.png", full_page=True)

        # settings: a sentence, not a page of greyed controls
        page.goto(f"{stack_url}/projects/{project.pk}/settings")
        page.get_by_test_id("settings-managers-only").wait_for(timeout=20_000)
        assert page.get_by_test_id("tab-ontology").count() == 0


@pytest.mark.parametrize("role", ["viewer", "reviewer", "manager"])
def test_each_role_sees_its_own_project_page(stack_url, project, users, tmp_path, role):
    with transaction.atomic():
        assets_upload(project=project, user=users["manager"], files=[
            SimpleUploadedFile(f"img{n}.png", image_bytes(WIDTH, HEIGHT)) for n in range(2)])
        # a failed job the manager started: only a manager (or its creator) may retry it
        Job.objects.create(kind="dataengine_synthesize", project=project, created_by=users["manager"],
                           status=JobStatus.FAILED, error="no submitted human label has an object to copy")
    with browser_page(tmp_path) as page:
        log_in(page, stack_url, role, f"/projects/{project.pk}")
        page.get_by_test_id("asset-grid").wait_for(timeout=20_000)
        assert page.get_by_test_id("project-image-count").inner_text() == "2 images"
        # work buttons only; navigation is the header's
        assert page.get_by_test_id("project-stats-link").count() == 0
        assert page.get_by_test_id("nav-datasets").count() == 1
        can_label = role != "viewer"
        assert (page.get_by_test_id("start-labeling").count() == 1) is can_label
        assert (page.get_by_test_id("asset-label-link").count() == 2) is can_label
        assert (page.get_by_test_id("project-review-link").count() == 1) is (role != "viewer")
        assert (page.get_by_test_id("upload-panel").count() == 1) is (role == "manager")
        assert (page.get_by_test_id("nav-settings").count() == 1) is (role == "manager")
        page.locator("[data-testid='job-row'][data-job-status='failed']").wait_for(timeout=20_000)
        assert (page.get_by_test_id("job-retry").count() == 1) is (role == "manager")  # before: every role's 403
        if role == "manager":
            # the thumbnail job's result reads as words, not JSON
            result = page.get_by_test_id("job-result").first
            result.wait_for(timeout=30_000)
            assert "{" not in result.inner_text() and "thumbnail" in result.inner_text()
        page.screenshot(path=f"{SHOTS}-{role}-project.png", full_page=True)
        page.goto(f"{stack_url}/projects/{project.pk}/settings")
        if role == "manager":
            page.get_by_test_id("tab-ontology").wait_for(timeout=20_000)
        else:
            page.get_by_test_id("settings-managers-only").wait_for(timeout=20_000)
