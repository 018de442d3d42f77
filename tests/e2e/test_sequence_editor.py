"""The sequence editor in Chromium against the real stack (gunicorn, Celery worker, MobileSAM):

a manager uploads five DAVIS "bear" frames as a zip (a synthetic clip when ../shared is absent), labels
frame 0 with the polygon tool, propagates four frames, opens frame 3 (the propagated pre-label), erases a
stroke across it, saves, and exports DAVIS palette PNGs. The stored labels carry the track and hold exactly
what the editor holds (read from the page), the correction removed the stroke's pixels and kept the rest of
the propagated mask, and the exported PNGs equal the editor's masks pixel for pixel (value = track id).
"""

import io
import zipfile
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from labelplatform.prelabel.models import Prediction
from labelplatform.projects.selectors import ontology_current
from tests.e2e.browser import browser_page, log_in
from tests.e2e.sequence_helpers import (
    BRUSH,
    FRAMES,
    add_bear_class,
    clip,
    draw_polygon,
    editor_masks,
    erase_across,
    installed,  # noqa: F401  (the model-installed fixture)
    open_at_one_to_one,
    stored_objects,
    to_mask,
    upload_in_page,
    wait_saved,
)
from tests.e2e.test_ui_quality import check

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_label_propagate_correct_and_save_a_sequence(installed, stack_url, project, users, tmp_path):  # noqa: F811
    frames, truth = clip()
    # given a project with a "bear" class
    current = ontology_current(project).document
    bear_class = add_bear_class(project, users)

    problems: list[str] = []
    with browser_page(tmp_path) as page:
        page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
        # when the manager uploads the frames as a zip on the project page and the worker decodes them
        log_in(page, stack_url, "manager")
        sequence = upload_in_page(page, project, frames, tmp_path)
        page.get_by_test_id("sequence-open").filter(has_text="bear").click()
        assets = [f.asset_id for f in sequence.frames.order_by("index")]
        assert len(assets) == FRAMES

        # and opens the editor with the bench hooks on, draws frame 0's outline with the polygon tool at 1:1
        open_at_one_to_one(page)
        draw_polygon(page, str(len(current["classes"]) + 1), truth)  # the bear: the last class
        page.get_by_test_id("object-track").filter(has_text="track 1").wait_for()
        page.get_by_test_id("frame-save").click()
        wait_saved(page)
        drawn = editor_masks(page)
        page.screenshot(path=str(tmp_path / "frame0.png"))

        # and propagates four frames forwards; the job runs on the worker
        page.get_by_test_id("propagate-frames").fill("4")
        page.get_by_test_id("propagate-forward").click()
        page.locator("[data-testid='propagate-job'] [data-job-status='succeeded']").wait_for(timeout=240_000)
        page.locator("[data-testid='timeline-frame'][data-position='3'][data-kind='propagated']").wait_for(timeout=30_000)

        # and opens frame 3: the propagated pre-label, track kept, the previous frame's outline as onion skin
        page.locator("[data-testid='timeline-frame'][data-position='3']").click()
        page.locator("[data-testid='label-zoom'][data-ready='true'][data-position='3']").wait_for()
        page.get_by_test_id("frame-note").filter(has_text="Propagated pre-label").wait_for()
        page.locator("[data-testid='onion-skin'][data-outlined='true']").wait_for()
        page.get_by_test_id("object-track").filter(has_text="track 1").wait_for()
        propagated = editor_masks(page)
        page.screenshot(path=str(tmp_path / "frame3_propagated.png"))
        # (at 1400 px the top bar keeps one row with the note: it shrinks, its full text in its title)
        page.set_viewport_size({"width": 1400, "height": 900})
        page.screenshot(path=str(tmp_path / "frame3_1400.png"))
        note_box = page.get_by_test_id("frame-note").bounding_box()
        save_box = page.get_by_test_id("frame-save").bounding_box()
        one_row = abs((note_box["y"] + note_box["height"] / 2) - (save_box["y"] + save_box["height"] / 2)) < 4
        note_title = page.get_by_test_id("frame-note").get_attribute("title") or ""
        page.set_viewport_size({"width": 1280, "height": 800})
        check(page, "sequence editor", None, problems)  # axe-core: no serious or critical violation

        # and erases a stroke across the object's box, then saves the frame
        before = to_mask(propagated[0]["counts"])
        y, x0, x1 = erase_across(page, before)  # along the object's widest row
        page.get_by_test_id("frame-save").click()
        wait_saved(page)
        corrected = editor_masks(page)
        page.screenshot(path=str(tmp_path / "frame3_corrected.png"))
        timeline = {int(c.get_attribute("data-position")): c.get_attribute("data-kind")
                    for c in page.get_by_test_id("timeline-frame").all()}

        # and exports the project as DAVIS palette PNGs through the API, in the same browser session
        davis = export_davis(page, stack_url, project.pk)

    assert problems == []
    assert one_row and note_title.startswith("Propagated pre-label"), (note_box, save_box, note_title)
    # then frame 0's stored label is exactly what the editor held, with track 1, close to the object
    [first] = stored_objects(assets[0])
    assert (first.track, first.class_id) == (1, bear_class)
    assert [(o["track"], o["cls"]) for o in drawn] == [(1, bear_class)]
    assert np.array_equal(to_mask(first.counts), to_mask(drawn[0]["counts"]))
    overlap = (to_mask(first.counts) & truth).sum() / (to_mask(first.counts) | truth).sum()
    assert overlap > 0.85
    # and propagation put track 1 predictions with a score on frames 1-4, and the editor showed frame 3's
    for asset in assets[1:]:
        prediction = Prediction.objects.filter(asset_id=asset).first()
        assert prediction is not None
        objects = list(prediction.predicted_objects.all())
        assert [o.track for o in objects] == [1]
        assert objects[0].score is not None and 0 <= objects[0].score <= 1
    shown = Prediction.objects.filter(asset_id=assets[3]).first()
    assert shown is not None
    assert np.array_equal(to_mask(shown.predicted_objects.get().counts), before)
    # and frame 3's stored label is what the editor saved: the stroke's pixels gone, the rest kept
    [fixed] = stored_objects(assets[3])
    after = to_mask(fixed.counts)
    assert fixed.track == 1
    assert np.array_equal(after, to_mask(corrected[0]["counts"]))
    assert before[y, x0:x1].sum() > 20 and not after[y, x0:x1].any()
    band = np.zeros_like(before)
    band[max(0, y - BRUSH):y + BRUSH + 1, :] = True
    assert np.array_equal(after & ~band, before & ~band)
    assert not (after & ~before).any()
    assert timeline[0] == "labeled" and timeline[3] == "labeled"
    assert all(timeline[p] == "propagated" for p in (1, 2, 4))
    # and the DAVIS export holds the two labeled frames, pixel value = track, equal to what the editor saved
    assert sorted(davis) == [0, 3]
    assert np.array_equal(davis[0], to_mask(drawn[0]["counts"]).astype(np.uint8))
    assert np.array_equal(davis[3], to_mask(corrected[0]["counts"]).astype(np.uint8))


def export_davis(page, base: str, project_id: int) -> dict[int, np.ndarray]:  # type: ignore[no-untyped-def]
    """POST projects/{id}/exports {format: davis_png}, wait for the worker's job, download the zip; per frame index
    of the "bear" folder the palette PNG's values (the track ids)."""
    csrf = next(c["value"] for c in page.context.cookies() if c["name"] == "csrftoken")
    headers = {"X-CSRFToken": csrf, "Referer": base}
    answer = page.request.post(f"{base}/api/v1/projects/{project_id}/exports", data={"format": "davis_png"},
                               headers=headers)
    assert answer.status == 202, answer.text()
    job_id = answer.json()["id"]
    for _ in range(240):
        job = page.request.get(f"{base}/api/v1/jobs/{job_id}").json()
        if job["status"] in ("succeeded", "failed", "cancelled"):
            break
        page.wait_for_timeout(500)
    assert job["status"] == "succeeded", job
    result = page.request.get(f"{base}/api/v1/jobs/{job_id}/result")
    assert result.status == 200
    out = {}
    with zipfile.ZipFile(io.BytesIO(result.body())) as archive:
        for name in archive.namelist():
            if name.startswith("Annotations/bear/") and name.endswith(".png"):
                png = Image.open(io.BytesIO(archive.read(name)))
                assert png.mode == "P"  # a palette PNG: the values are the track ids, not colours
                out[int(Path(name).stem)] = np.array(png)
    return out
