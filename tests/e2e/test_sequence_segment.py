"""Auto-segment in the sequence editor, in Chromium against the real stack (gunicorn, Celery worker, MobileSAM):
on frame 1 of DAVIS "bear", with nothing selected, one click on the bear is answered as on the labeling page
(the frame's own embedding, the browser decoder); Enter makes a new object with a track, saved as the editor
holds it and overlapping the ground truth. Then, with that object selected, a click is a correction (POST
sequences/{id}/frames/{index}/correct) and nothing else answers it.
"""

import numpy as np
import pytest

from labelplatform.labels.models import Label
from labelplatform.projects.selectors import ontology_current
from tests.e2e.browser import browser_page, image_origin, log_in
from tests.e2e.sequence_helpers import (
    add_bear_class,
    bear_truth,
    clip,
    editor_masks,
    inmost,
    installed,  # noqa: F401  (the model-installed fixture)
    stored_objects,
    to_mask,
    upload_in_page,
    wait_saved,
)
from tests.prelabel.clips import iou

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

INDEX = 1


def test_a_click_with_nothing_selected_segments_a_new_object(installed, stack_url, project, users,  # noqa: F811
                                                             tmp_path):
    truth, following = bear_truth(INDEX, INDEX + 1)
    frames, _ = clip()
    bear_class = add_bear_class(project, users)
    classes = [c for c in ontology_current(project).document["classes"] if not c["archived"]]
    assert classes[-1]["id"] == bear_class
    x, y = inmost(truth)
    problems: list[str] = []
    posts: list[str] = []
    gets: list[str] = []
    with browser_page(tmp_path) as page:
        page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
        page.on("request", lambda r: (posts if r.method == "POST" else gets).append(r.url))
        log_in(page, stack_url, "manager")
        sequence = upload_in_page(page, project, frames[:3], tmp_path)
        frame, after = sequence.frames.filter(index__in=(INDEX, INDEX + 1)).order_by("index")
        # given frame 1 opened at 1:1, nothing on it, nothing selected
        page.goto(f"{stack_url}/projects/{project.pk}/sequences/{sequence.pk}?frame={INDEX + 1}&bench=1")
        page.locator(f"[data-testid='label-zoom'][data-ready='true'][data-position='{INDEX}']").wait_for(timeout=30_000)
        page.get_by_test_id("zoom-1to1").click()
        page.wait_for_function("document.querySelector(\"[data-testid='label-zoom']\").dataset.scale === '1'")
        assert editor_masks(page) == []
        # when the labeler picks the bear class (the last), takes auto-segment (its bar shows) and clicks the bear
        page.keyboard.press(str(len(classes)))
        page.keyboard.press("s")
        page.get_by_test_id("segment-bar").wait_for()
        origin = image_origin(page)
        # (once the model list came: a click before it is GrabCut's, the page's fallback)
        page.get_by_test_id("segment-decoder").wait_for()
        page.mouse.click(origin[0] + x, origin[1] + y)
        # then a proposal comes (the worker computes frame 1's embedding first) and Enter makes it an object
        page.locator("[data-testid='segment-accept']:not([disabled])").wait_for(timeout=120_000)
        page.get_by_test_id("segment-status").and_(page.locator("[data-phase='ready']")).wait_for()
        page.screenshot(path=str(tmp_path / "proposal.png"))
        # (Save frame with the mask not accepted is refused, saying why: before, an empty label was saved)
        page.get_by_test_id("frame-save").click()
        page.get_by_test_id("error").filter(has_text="Accept the auto-segment mask first (Enter) or Esc").wait_for()
        assert not Label.objects.filter(asset_id=frame.asset_id).exists()
        page.get_by_test_id("error").get_by_role("button").click()
        page.keyboard.press("Enter")
        page.get_by_test_id("object-track").filter(has_text="track 1").wait_for()
        page.get_by_test_id("frame-save").click()
        wait_saved(page)
        saved = editor_masks(page)
        [stored] = stored_objects(frame.asset_id)
        before_correction = list(posts)
        # and with the new object selected (accepting selected it) a click inside it is a correction, answered
        # by the server alone
        page.locator("[data-testid='object-row'].selected").wait_for()
        with page.expect_response(lambda r: r.url.endswith(f"/frames/{INDEX}/correct") and r.status == 200,
                                  timeout=120_000):
            page.mouse.click(origin[0] + x, origin[1] + y)
        page.wait_for_function("window.__sequenceBench.session.editor.segmentState.points.length === 0")
        phase = page.get_by_test_id("segment-status").get_attribute("data-phase")
        corrections = len(posts)
        # and on the next frame the tool starts over with that frame's asset: its embedding, a click answered there
        page.keyboard.press("ArrowRight")
        page.locator(f"[data-testid='label-zoom'][data-ready='true'][data-position='{INDEX + 1}']").wait_for()
        page.locator("[data-testid='segment-decoder'][data-phase='ready']").wait_for(timeout=120_000)
        nx, ny = inmost(following)
        page.mouse.click(origin[0] + nx, origin[1] + ny)
        page.locator("[data-testid='segment-accept']:not([disabled])").wait_for(timeout=120_000)
        area = page.evaluate("window.__sequenceBench.session.editor.segmentState.proposal.area")
    assert problems == []
    assert any(u.split("?")[0].endswith(f"/assets/{after.asset_id}/embedding") for u in gets)
    assert not any(u.endswith(("/segment", "/correct")) for u in posts[corrections:])  # decoded in the browser
    assert 0.8 < area / np.count_nonzero(following) < 1.25
    assert not any(u.endswith("/correct") for u in before_correction)  # the first click was not a correction
    assert not any(u.endswith("/segment") for u in posts[len(before_correction):])
    assert phase == "idle"  # useSegment did not answer the correction's click
    mask = to_mask(stored.counts)
    assert (stored.track, stored.class_id) == (1, bear_class) and np.array_equal(mask, to_mask(saved[0]["counts"]))
    assert iou(mask, truth) > 0.8, iou(mask, truth)
