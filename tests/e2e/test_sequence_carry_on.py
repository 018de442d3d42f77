"""A correction carried on by itself, in Chromium against the real stack (gunicorn, Celery worker, MobileSAM):
the manager labels frame 0 of DAVIS "bear" with the polygon tool, propagates four frames, opens frame 2 (a
propagated pre-label), erases a stroke across the bear and saves. Nothing else is clicked: the editor asks
POST sequences/{id}/frames/2/repropagate, the worker re-propagates track 1 forwards from frame 2 and, fused
from both ends, back to frame 1; the sequence bar shows both jobs to the end, and frame 3, which the editor
had loaded before, opens with the new pre-label. With "Carry corrections on" switched off, a save starts
nothing.
"""

import numpy as np
import pytest

from labelplatform.jobs.models import Job
from labelplatform.prelabel.models import Prediction
from labelplatform.projects.selectors import ontology_current
from labelplatform.sequences.services import PROPAGATE_KIND
from tests.e2e.browser import browser_page, log_in
from tests.e2e.sequence_helpers import (
    add_bear_class,
    clip,
    draw_polygon,
    editor_masks,
    erase_across,
    installed,  # noqa: F401  (the model-installed fixture)
    open_at_one_to_one,
    to_mask,
    upload_in_page,
    wait_saved,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CORRECTED = 2


def predictions(assets: list[int]) -> dict[int, Prediction]:
    return {
        i: p
        for i, asset in enumerate(assets)
        if (p := Prediction.objects.filter(asset_id=asset, source="propagation").first())
    }


def erase_and_save(page, mask: np.ndarray) -> None:  # type: ignore[no-untyped-def]
    erase_across(page, mask)
    page.get_by_test_id("frame-save").click()
    wait_saved(page)


def show(page, position: int) -> None:  # type: ignore[no-untyped-def]
    page.locator(f"[data-testid='timeline-frame'][data-position='{position}']").click()
    page.locator(f"[data-testid='label-zoom'][data-ready='true'][data-position='{position}']").wait_for()


def test_a_saved_correction_re_propagates_by_itself(installed, stack_url, project, users, tmp_path):  # noqa: F811
    frames, truth = clip()
    current = ontology_current(project).document
    add_bear_class(project, users)
    problems: list[str] = []
    with browser_page(tmp_path) as page:
        page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
        # given frame 0 labeled with the polygon tool and propagated four frames on the worker
        log_in(page, stack_url, "manager")
        sequence = upload_in_page(page, project, frames, tmp_path)
        assets = [f.asset_id for f in sequence.frames.order_by("index")]
        page.get_by_test_id("sequence-open").filter(has_text="bear").click()
        open_at_one_to_one(page)
        draw_polygon(page, str(len(current["classes"]) + 1), truth)  # the bear: the last class
        page.get_by_test_id("frame-save").click()
        wait_saved(page)
        page.get_by_test_id("propagate-frames").fill("4")
        page.get_by_test_id("propagate-forward").click()
        page.locator("[data-testid='propagate-job'] [data-job-status='succeeded']").wait_for(timeout=240_000)
        page.locator("[data-testid='timeline-frame'][data-position='3'][data-kind='propagated']").wait_for(
            timeout=30_000
        )
        assert page.get_by_test_id("carry-on-job").count() == 0  # the propagation's own save carries nothing on
        before = predictions(assets)
        assert sorted(before) == [1, 2, 3, 4]

        # when the manager opens frame 2, erases a stroke across the pre-label and saves; frame 3 is prefetched
        show(page, CORRECTED)
        page.get_by_test_id("frame-note").filter(has_text="Propagated pre-label").wait_for()
        erase_and_save(page, to_mask(editor_masks(page)[0]["counts"]))

        # then two jobs start by themselves and the bar follows them to the end
        forwards = page.locator("[data-testid='carry-on-job'][data-from='2'][data-to='4']")
        backwards = page.locator("[data-testid='carry-on-job'][data-from='2'][data-to='0']")
        for job in (forwards, backwards):
            try:
                job.and_(page.locator("[data-job-status='succeeded']")).wait_for(timeout=300_000)
            except Exception:  # the jobs' own state says more than a locator's time-out
                page.screenshot(path=str(tmp_path / "carry_on_timeout.png"))
                states = list(
                    Job.objects.filter(kind=PROPAGATE_KIND).values_list(
                        "id", "status", "done", "total", "error", "params"
                    )
                )
                pytest.fail(f"carried-on jobs did not succeed in the page: {states}")
        page.screenshot(path=str(tmp_path / "carried_on.png"))
        after = predictions(assets)
        jobs = list(Job.objects.filter(kind=PROPAGATE_KIND).order_by("id"))

        # and frame 3 opens with the pre-label the job wrote, not the one loaded before
        show(page, 3)
        page.get_by_test_id("frame-note").filter(has_text="Propagated pre-label").wait_for()
        shown_three = editor_masks(page)

        # and with the switch off, another correction's save starts nothing
        page.get_by_test_id("carry-on-toggle").uncheck()
        erase_and_save(page, to_mask(shown_three[0]["counts"]))
        page.wait_for_timeout(3000)
        jobs_after_switch = Job.objects.filter(kind=PROPAGATE_KIND).count()
        carried_from_three = page.locator("[data-testid='carry-on-job'][data-from='3']").count()

    assert problems == []
    assert [(j.params["from"], j.params["to"], j.params["tracks"]) for j in jobs[1:]] == [(2, 4, [1]), (2, 0, [1])]
    assert jobs[2].result["keyframes"] == [1] and jobs[2].result["last"] == 1  # frame 1: between frames 0 and 2
    # the frames after the correction (and frame 1, now between two labeled frames) got new pre-labels
    assert after[3].pk != before[3].pk and after[1].pk != before[1].pk
    assert after[CORRECTED].pk == before[CORRECTED].pk  # the corrected frame's own pre-label is left as it was
    new_three = after[3].predicted_objects.get()
    assert new_three.track == 1
    assert [o["track"] for o in shown_three] == [1]
    assert np.array_equal(to_mask(shown_three[0]["counts"]), to_mask(new_three.counts))
    assert jobs_after_switch == len(jobs) and carried_from_three == 0
