"""Comment threads and the notification bell in Chromium: a labeler pins a question on the image in the editor
and mentions the reviewer; the reviewer's bell counts it, its link opens the image page on that thread, the
reply reaches the labeler's bell, and the thread is resolved."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from labelplatform.assets.services import assets_upload
from labelplatform.discussions.models import Thread
from tests.conftest import image_bytes
from tests.e2e.browser import browser_page, image_origin, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = "/tmp/lp-threads"


def test_a_pinned_thread_with_a_mention_reaches_the_reviewer_and_back(stack_url, project, users, tmp_path):
    with transaction.atomic():
        (asset,) = assets_upload(project=project, user=users["manager"], files=[
            SimpleUploadedFile("street.png", image_bytes(320, 240))])

    with browser_page(tmp_path) as page:
        log_in(page, stack_url, "labeler", f"/projects/{project.pk}/assets/{asset.pk}/label")
        panel = page.get_by_test_id("threads-panel")
        panel.wait_for(timeout=20_000)
        ox, oy = image_origin(page)
        scale = float(page.get_by_test_id("label-zoom").get_attribute("data-scale"))
        # pin a point: the next click on the image is the thread's point, not a brush stroke
        page.get_by_test_id("thread-pin").click()
        page.get_by_test_id("thread-pick-layer").wait_for()
        page.mouse.click(ox + 100 * scale, oy + 50 * scale)
        assert page.get_by_test_id("thread-unpin").inner_text().startswith("at 100, 50")
        text = page.get_by_test_id("thread-new-text")
        text.fill("is this a van or a car? @rev")
        text.press("Tab")  # takes the offered member
        assert text.input_value() == "is this a van or a car? @reviewer "
        page.get_by_test_id("thread-create").click()
        page.get_by_test_id("thread").wait_for()
        assert page.get_by_test_id("threads-open-count").get_attribute("data-count") == "1"
        page.get_by_test_id("thread-pin-layer").wait_for()
        # in the editor too, the pin opens its thread
        page.locator("[data-testid=pin-marker][data-variant=thread]").click()
        assert "is this a van or a car?" in page.get_by_test_id("thread-pin-card").inner_text()
        page.keyboard.press("Escape")
        page.get_by_test_id("thread-pin-card").wait_for(state="detached")
        assert page.locator(".mention").inner_text() == "@reviewer"
        page.screenshot(path=f"{SHOTS}-editor.png")
        thread = Thread.objects.get()
        assert (round(thread.x), round(thread.y)) == (100, 50)
        assert list(thread.comments.get().mentions.values_list("username", flat=True)) == ["reviewer"]

        # the reviewer's bell counts the mention; following it opens the image page on the thread
        page.get_by_test_id("logout").click()
        page.wait_for_url("**/login**")
        log_in(page, stack_url, "reviewer")
        bell = page.get_by_test_id("notification-bell")
        page.locator("[data-testid=notification-bell][data-count='1']").wait_for(timeout=20_000)
        bell.click()
        item = page.get_by_test_id("notification-item")
        assert item.get_attribute("data-kind") == "mention" and "labeler mentioned you" in item.inner_text()
        page.screenshot(path=f"{SHOTS}-bell.png")
        item.click()
        page.wait_for_url(f"**/projects/{project.pk}/assets/{asset.pk}?thread={thread.pk}")
        page.locator(".thread-highlighted").wait_for(timeout=20_000)
        # the image page draws the thread's pin where the labeler put it; clicking it shows the thread
        pin = page.locator("[data-testid=pin-marker][data-variant=thread]")
        pin.wait_for()
        image, marker = page.get_by_test_id("asset-image").bounding_box(), pin.bounding_box()
        assert abs(marker["x"] + marker["width"] / 2 - (image["x"] + 100 * image["width"] / 320)) < 2
        assert abs(marker["y"] + marker["height"] / 2 - (image["y"] + 50 * image["height"] / 240)) < 2
        pin.click()
        card = page.get_by_test_id("thread-pin-card")
        assert "labeler" in card.inner_text() and "is this a van or a car?" in card.inner_text()
        page.screenshot(path=f"{SHOTS}-asset-pin.png")
        page.get_by_test_id("thread-pin-card-close").click()
        card.wait_for(state="detached")
        page.locator("[data-testid=notification-bell][data-count='0']").wait_for()
        page.get_by_test_id("thread-reply-text").fill("a van: see the sliding door")
        page.get_by_test_id("thread-reply").click()
        page.get_by_test_id("thread-comment").nth(1).wait_for()
        # the image page pins a new thread too: the next click on the picture is its point
        page.get_by_test_id("thread-pin").click()
        page.get_by_test_id("asset-frame").click(
            position={"x": 200 * image["width"] / 320, "y": 120 * image["height"] / 240})
        assert page.get_by_test_id("thread-unpin").inner_text().startswith("at 200, 120")
        page.get_by_test_id("thread-new-text").fill("the door is here")
        page.get_by_test_id("thread-create").click()
        page.locator("[data-testid=pin-marker][data-variant=thread]").nth(1).wait_for()
        page.screenshot(path=f"{SHOTS}-asset-page.png", full_page=True)

        # the reply reaches the labeler, who resolves the thread
        page.get_by_test_id("logout").click()
        page.wait_for_url("**/login**")
        log_in(page, stack_url, "labeler", f"/projects/{project.pk}/assets/{asset.pk}")
        page.locator("[data-testid=notification-bell][data-count='1']").wait_for(timeout=20_000)
        page.locator(f"[data-testid=thread][data-thread-id='{thread.pk}']").get_by_test_id("thread-resolve").click()
        page.locator("[data-testid=thread][data-status=resolved]").wait_for()
        page.get_by_test_id("notification-bell").click()
        page.get_by_test_id("notification-read-all").click()
        page.locator("[data-testid=notification-bell][data-count='0']").wait_for()
    thread.refresh_from_db()
    assert thread.status == "resolved" and thread.resolved_by == users["labeler"]
    door = Thread.objects.get(comments__body="the door is here")
    assert (round(door.x), round(door.y)) == (200, 120) and door.created_by == users["reviewer"]
