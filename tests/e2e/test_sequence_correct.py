"""A correction click in the sequence editor, in Chromium against the real stack (gunicorn, Celery worker,
MobileSAM): frame 2 of DAVIS "bear" holds a propagated pre-label that leaked into the background; the labeler
selects the object, takes the auto-segment tool and Shift+clicks the leak. The click goes to POST
sequences/{id}/frames/{index}/correct (the worker computes the frame's embedding when the first answer is a
202), the leak leaves the mask and the rest stays, Ctrl+Z gives the pre-label back and Ctrl+Y the correction,
and the saved label is what the editor holds, track kept.
"""

import numpy as np
import pytest

from labelplatform.masks import encode
from labelplatform.prelabel.services import prediction_store
from tests.e2e.browser import browser_page, image_origin, log_in
from tests.e2e.sequence_helpers import (
    WIDTH,
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

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

INDEX = 2


def leaked(truth: np.ndarray) -> tuple[np.ndarray, np.ndarray, tuple[int, int]]:
    """(the mask with a leak, the leak, its deepest pixel): 80 px of background stuck to the object's left."""
    ys, xs = np.nonzero(truth)
    leak = np.zeros_like(truth)
    leak[int(np.percentile(ys, 30)):int(np.percentile(ys, 70)), max(0, xs.min() - 80): xs.min() + 5] = True
    leak &= ~truth
    return truth | leak, leak, inmost(leak)


def label_map_at(page, x: int, y: int) -> int:  # type: ignore[no-untyped-def]
    return int(page.evaluate(f"window.__sequenceBench.session.editor.labelMap[{y * WIDTH + x}]"))


def test_a_shift_click_on_a_leak_corrects_the_propagated_mask(installed, stack_url, project, users,  # noqa: F811
                                                               tmp_path):
    (truth,) = bear_truth(INDEX)
    frames, _ = clip()
    bear_class = add_bear_class(project, users)
    current, leak, (x, y) = leaked(truth)
    problems: list[str] = []
    with browser_page(tmp_path) as page:
        page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
        log_in(page, stack_url, "manager")
        sequence = upload_in_page(page, project, frames[:3], tmp_path)
        # given frame 2's propagated pre-label, leaked into the background on the bear's left
        frame = sequence.frames.select_related("asset").get(index=INDEX)
        prediction_store(asset=frame.asset, objects=[{"class": bear_class, "mask": encode(current), "score": 0.9,
                                                      "track": 1}], source="propagation", score=0.9)
        # when the labeler opens frame 2 at 1:1, selects the object, takes auto-segment and Shift+clicks the leak
        page.goto(f"{stack_url}/projects/{project.pk}/sequences/{sequence.pk}?frame={INDEX + 1}&bench=1")
        page.locator(f"[data-testid='label-zoom'][data-ready='true'][data-position='{INDEX}']").wait_for(timeout=30_000)
        page.get_by_test_id("frame-note").filter(has_text="Propagated pre-label").wait_for()
        page.get_by_test_id("zoom-1to1").click()
        page.wait_for_function("document.querySelector(\"[data-testid='label-zoom']\").dataset.scale === '1'")
        before = editor_masks(page)
        assert np.array_equal(to_mask(before[0]["counts"]), current)
        page.get_by_test_id("object-row").first.click()
        page.keyboard.press("s")
        origin = image_origin(page)
        assert label_map_at(page, x, y) != 0
        page.keyboard.down("Shift")
        page.mouse.click(origin[0] + x, origin[1] + y)
        page.keyboard.up("Shift")
        # then the answer (after the worker computed the frame's embedding) takes the leak out
        page.wait_for_function(f"window.__sequenceBench.session.editor.labelMap[{y * WIDTH + x}] === 0",
                               timeout=120_000)
        corrected = editor_masks(page)
        page.screenshot(path=str(tmp_path / "corrected.png"))
        # and Ctrl+Z gives the pre-label back in one step, Ctrl+Y the correction
        page.keyboard.press("Control+z")
        page.wait_for_function(f"window.__sequenceBench.session.editor.labelMap[{y * WIDTH + x}] !== 0")
        undone = editor_masks(page)
        page.keyboard.press("Control+y")
        page.wait_for_function(f"window.__sequenceBench.session.editor.labelMap[{y * WIDTH + x}] === 0")
        page.get_by_test_id("frame-save").click()
        wait_saved(page)
        saved = editor_masks(page)
    assert problems == []
    after = to_mask(corrected[0]["counts"])
    assert corrected[0]["track"] == 1 and np.count_nonzero(after & leak) < 0.5 * np.count_nonzero(leak)
    far = np.arange(WIDTH)[None, :] > np.nonzero(truth)[1].mean()  # the bear's right half, far from the click
    assert np.count_nonzero((after ^ truth) & far) < 0.01 * np.count_nonzero(truth & far)
    assert np.array_equal(to_mask(undone[0]["counts"]), current)
    [stored] = stored_objects(frame.asset_id)
    assert (stored.track, stored.class_id) == (1, bear_class)
    assert np.array_equal(to_mask(stored.counts), after) and np.array_equal(to_mask(saved[0]["counts"]), after)
