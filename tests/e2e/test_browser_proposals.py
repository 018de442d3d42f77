"""Segment everything in the editor: the Proposals tool shows the asset's MobileSAM proposals (the first
request starts the job, the bar says so and the proposals appear when it has run), one click on the
object of a real photo makes it an object of the current class, and the submitted RLE is that proposal.

Needs the real model (scripts/models): a failure under CI, a skip elsewhere (the `installed` fixture).
"""

import cv2
import numpy as np
import pytest

from labelplatform.labels.models import Label
from labelplatform.labels.selectors import revision_of
from labelplatform.masks import decode
from labelplatform.masks.regions import iou_ignoring
from labelplatform.prelabel import storage
from labelplatform.prelabel.backends import sam_pair_of
from labelplatform.prelabel.builtin import mobilesam
from tests.e2e.browser import browser_page
from tests.e2e.test_browser_sam import image_origin, installed, open_editor_one_to_one, photo  # noqa: F401 (fixtures)
from tests.e2e.test_segment_tool import answer_and_submit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
BAR = "[data-testid='proposals-bar']"


def stored_proposals(project, asset) -> list[dict]:  # type: ignore[no-untyped-def]
    """The proposals the job stored (what GET proposals answers)."""
    pair = sam_pair_of(project, mobilesam.NAME)
    stored = storage.json_load(storage.proposals_path(pair.key, asset.pk, asset.sha256))
    assert isinstance(stored, dict)
    return list(stored["proposals"])


def test_one_click_turns_a_proposal_into_an_object_and_submits_it(installed, photo, stack_url, project, users,  # noqa: F811
                                                                   tmp_path):
    asset, truth, ignore = photo
    height, width = truth.shape

    with browser_page(tmp_path) as page:
        proposal_gets: list[int] = []
        page.on("response", lambda r: "/proposals?" in r.url and proposal_gets.append(r.status))
        open_editor_one_to_one(page, stack_url, project, asset)

        # given the first class and the Proposals tool (A): nothing is computed yet, so a job starts
        page.keyboard.press("1")
        page.keyboard.press("a")
        page.locator(f"{BAR}[data-phase='computing']").wait_for(timeout=20_000)
        assert "Computing (job " in page.get_by_test_id("proposals-status").inner_text()
        # and the proposals appear by themselves once the worker has computed them
        page.locator(f"{BAR}[data-phase='ready']").wait_for(timeout=300_000)
        proposals = stored_proposals(project, asset)
        count = len(proposals)
        assert count > 0 and page.locator(BAR).get_attribute("data-count") == str(count)
        assert 202 in proposal_gets and proposal_gets[-1] == 200
        assert all(status in (200, 202) for status in proposal_gets)  # not computed yet is no error
        # shown, but not in the label and not in undo
        assert page.evaluate("window.__labelBench.editor.objects.length") == 0
        assert page.evaluate("window.__labelBench.editor.historyState.canUndo") is False

        # when the labeler points inside the photo's object and clicks: the proposal there is the one
        # overlapping the object most, and the click goes to its deepest pixel inside the object
        masks = [decode(p["mask"]).astype(bool) for p in proposals]
        best = max(range(count), key=lambda i: np.logical_and(masks[i], truth).sum())
        inside = np.logical_and(masks[best], truth).astype(np.uint8)
        depth = cv2.distanceTransform(np.pad(inside, 1), cv2.DIST_L2, 5)[1:-1, 1:-1]
        y, x = np.unravel_index(int(np.argmax(depth)), depth.shape)
        ox, oy = image_origin(page)
        page.mouse.move(ox + x + 0.5, oy + y + 0.5)
        page.wait_for_function("window.__labelBench.editor.proposalsState.hovered !== null")
        assert page.evaluate("window.__labelBench.editor.proposalsState.hovered.area") == int(masks[best].sum())
        page.screenshot(path=str(tmp_path / "proposals-hover.png"))
        page.mouse.click(ox + x + 0.5, oy + y + 0.5)
        page.locator("[data-testid='object-row'][data-class-id='1']").wait_for()
        assert page.locator(BAR).get_attribute("data-count") == str(count - 1)
        answer_and_submit(page, tmp_path / "proposals-accepted.png")

    # then the stored object is exactly the clicked proposal, and it is the photo's object
    label = Label.objects.get(asset=asset, author=users["labeler"])
    assert label.status == "submitted"
    (stored,) = revision_of(label).label_objects.all()
    assert stored.class_id == 1
    mask = decode({"size": [height, width], "counts": stored.counts}).astype(bool)
    assert np.array_equal(mask, masks[best])
    assert iou_ignoring(mask, truth, ignore) > 0.8
