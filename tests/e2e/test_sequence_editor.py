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

import cv2
import numpy as np
import pytest
from django.db import transaction
from PIL import Image

from labelplatform.labels.models import Label
from labelplatform.labels.selectors import revision_of
from labelplatform.masks import decode
from labelplatform.prelabel.models import Prediction
from labelplatform.projects.ontology import OntologySerializer
from labelplatform.projects.selectors import ontology_current
from labelplatform.projects.services import ontology_save
from labelplatform.sequences.models import Sequence
from tests.e2e.browser import browser_page, image_origin, log_in
from tests.e2e.test_ui_quality import check
from tests.prelabel import conftest as prelabel_fixtures

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
installed = prelabel_fixtures.installed  # the one model-installed fixture (fails under CI, skips elsewhere)

BEAR = Path(__file__).resolve().parents[3] / "shared" / "data" / "davis2016_video" / "bear"
FRAMES = 5
WIDTH, HEIGHT = 854, 480
BRUSH = 12


def clip() -> tuple[list[bytes], np.ndarray]:
    """JPEG frames and frame 0's object mask: DAVIS bear when present, else an ellipse moving right."""
    if BEAR.is_dir():
        frames = [(BEAR / "frames" / f"{i:05d}.jpg").read_bytes() for i in range(FRAMES)]
        truth = np.array(Image.open(BEAR / "masks" / "00000.png")) > 0
        return frames, truth
    yy, xx = np.mgrid[:HEIGHT, :WIDTH]
    frames, truth = [], None
    for i in range(FRAMES):
        inside = ((xx - 300 - 8 * i) / 150.0) ** 2 + ((yy - 240) / 110.0) ** 2 <= 1
        rgb = np.full((HEIGHT, WIDTH, 3), (60, 110, 60), np.uint8)
        rgb[inside] = (120, 80, 50)
        out = io.BytesIO()
        Image.fromarray(rgb).save(out, "JPEG", quality=95)
        frames.append(out.getvalue())
        truth = inside if truth is None else truth
    assert truth is not None
    return frames, truth


def frames_zip(frames: list[bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for i, data in enumerate(frames):
            archive.writestr(f"bear/{i:05d}.jpg", data)
    return out.getvalue()


def add_bear_class(project, users) -> int:  # type: ignore[no-untyped-def]
    """A "bear" class added to the project's ontology; its id."""
    with transaction.atomic():
        current = ontology_current(project).document
        document = OntologySerializer(data={
            "classes": [c for c in current["classes"] if not c["archived"]] + [
                {"name": "bear", "color": "#3050ff", "kind": "thing"}],
            "classifications": []})
        document.is_valid(raise_exception=True)
        ontology_save(project=project, user=users["manager"], document=document.validated_data)
    return int(next(c["id"] for c in ontology_current(project).document["classes"] if c["name"] == "bear"))


def upload_in_page(page, project, frames: list[bytes], tmp_path: Path) -> Sequence:  # type: ignore[no-untyped-def]
    """The frames uploaded as a zip named "bear" on the project page, decoded by the worker."""
    zip_path = tmp_path / "bear.zip"
    zip_path.write_bytes(frames_zip(frames))
    page.get_by_test_id("project-card").filter(has_text=project.name).click()
    page.get_by_test_id("sequence-file").set_input_files(str(zip_path))
    page.get_by_test_id("sequence-name").fill("bear")
    page.get_by_test_id("sequence-upload").click()
    page.get_by_test_id("sequence-row").filter(has_text=f"{len(frames)} frames").wait_for(timeout=90_000)
    page.get_by_test_id("sequence-decode-job").wait_for(state="detached")  # its progress goes once it succeeded
    page.screenshot(path=str(tmp_path / "project.png"), full_page=True)
    return Sequence.objects.get(project=project, name="bear")


def outline(mask: np.ndarray) -> list[tuple[int, int]]:
    """The object's outer contour simplified to a few dozen integer vertices (polygon clicks)."""
    contours, _ = cv2.findContours(mask.astype(np.uint8), cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_NONE)
    largest = max(contours, key=cv2.contourArea)
    return [(int(x), int(y)) for x, y in cv2.approxPolyDP(largest, 3.0, True)[:, 0, :]]


def editor_masks(page) -> list[dict]:  # type: ignore[no-untyped-def]
    """What the editor in the page holds now, as the label body it would send (RLE per object, track)."""
    return page.evaluate("""(() => {
      const s = window.__sequenceBench.session;
      const e = s.editor;
      return s.tracks.labelBody(e.labelMap, e.width, e.height, e.objects, e.classifications).objects
        .map((o) => ({ track: o.track, cls: o.class, counts: o.mask.counts }));
    })()""")


def stored_objects(asset_id: int) -> list:  # type: ignore[type-arg]
    label = Label.objects.get(asset_id=asset_id)
    return list(revision_of(label).label_objects.order_by("order"))


def to_mask(counts: str) -> np.ndarray:
    return decode({"size": [HEIGHT, WIDTH], "counts": counts}).astype(bool)


def wait_saved(page) -> None:  # type: ignore[no-untyped-def]
    status = page.locator("[data-testid='frame-save-status'][data-saving='false']")
    status.filter(has_text="saved (submitted)").wait_for(timeout=30_000)


def test_label_propagate_correct_and_save_a_sequence(installed, stack_url, project, users, tmp_path):
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
        page.goto(page.url + "?bench=1")
        page.locator("[data-testid='label-zoom'][data-ready='true']").wait_for(timeout=30_000)
        page.get_by_test_id("zoom-1to1").click()
        page.wait_for_function("document.querySelector(\"[data-testid='label-zoom']\").dataset.scale === '1'")
        origin = image_origin(page)
        page.keyboard.press(str(len(current["classes"]) + 1))  # the bear: the last class
        page.keyboard.press("g")
        for x, y in outline(truth):
            page.mouse.click(origin[0] + x, origin[1] + y)
        page.keyboard.press("Enter")
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
        check(page, "sequence editor", None, problems)  # axe-core: no serious or critical violation

        # and erases a stroke across the object's box, then saves the frame
        before = to_mask(propagated[0]["counts"])
        y = int(before.sum(axis=1).argmax())  # the object's widest row
        xs = np.nonzero(before[y])[0]
        x0, x1 = max(0, int(xs.min()) - 5), min(WIDTH - 1, int(xs.max()) + 5)
        page.keyboard.press("e")
        page.get_by_test_id("brush-size").fill(str(BRUSH))
        origin = image_origin(page)
        page.mouse.move(origin[0] + x0, origin[1] + y)
        page.mouse.down()
        for x in range(x0, x1 + 1, 10):
            page.mouse.move(origin[0] + x, origin[1] + y)
        page.mouse.move(origin[0] + x1, origin[1] + y)
        page.mouse.up()
        page.get_by_test_id("frame-save").click()
        wait_saved(page)
        corrected = editor_masks(page)
        page.screenshot(path=str(tmp_path / "frame3_corrected.png"))
        timeline = {int(c.get_attribute("data-position")): c.get_attribute("data-kind")
                    for c in page.get_by_test_id("timeline-frame").all()}

        # and exports the project as DAVIS palette PNGs through the API, in the same browser session
        davis = export_davis(page, stack_url, project.pk)

    assert problems == []
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
