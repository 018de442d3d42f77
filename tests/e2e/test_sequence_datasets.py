"""The Datasets page with sequence formats, in Chromium against the real stack (gunicorn, Celery worker).

A manager exports a labeled sequence as DAVIS palette PNGs from the Datasets page (the format's hint says
only tracked objects of sequence frames are written) and downloads the zip: each frame's PNG holds the track
ids where the labels have them. The same zip imported into a second sequence of the same frames, with
track classes mapping both tracks to "road" (a bad mapping is refused in the form first), gives labels with
the same tracks and masks and the mapped class.
"""

import io
import json
import zipfile

import numpy as np
import pytest
from PIL import Image

from labelplatform.labels.models import Label
from labelplatform.labels.selectors import revision_of
from labelplatform.masks import decode
from labelplatform.sequences.models import Sequence
from tests.e2e.browser import browser_page, log_in
from tests.e2e.test_sequence_tracks import HEIGHT, ROAD, WIDTH, cars  # noqa: F401  (a fixture)
from tests.sequences.conftest import frames_zip, run_started, upload

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def tracked(asset_id: int, author: str) -> dict[int, tuple[int, np.ndarray]]:
    """track -> (class, mask) of the author's current label on the asset."""
    label = Label.objects.get(asset_id=asset_id, author__username=author)
    return {o.track: (o.class_id, decode({"size": [HEIGHT, WIDTH], "counts": o.counts}).astype(bool))
            for o in revision_of(label).label_objects.all()}


def test_davis_export_and_import_through_the_datasets_page(stack_url, project, users, client_for, cars,  # noqa: F811
                                                         tmp_path):
    again = Sequence.objects.get(pk=run_started(upload(
        client_for("manager"), project, "again.zip", frames_zip([(f"{i}.png", (WIDTH, HEIGHT)) for i in range(3)]),
        name="again")).params["sequence"])
    source = {f.index: f.asset_id for f in cars.frames.all()}
    target = {f.index: f.asset_id for f in again.frames.all()}

    with browser_page(tmp_path) as page:
        # when the manager picks DAVIS palette PNGs on the Datasets page and exports the latest labels
        log_in(page, stack_url, "manager", f"/projects/{project.pk}/datasets")
        panel = page.get_by_test_id("export-panel")
        panel.wait_for(timeout=20_000)
        panel.get_by_test_id("export-format").select_option("davis_png")
        assert "value = track id" in panel.get_by_test_id("export-format-help").inner_text()
        assert "only objects with a track" in panel.get_by_test_id("export-sequence-hint").inner_text()
        panel.get_by_test_id("export-start").click()
        job_view = panel.get_by_test_id("export-job")
        job_view.locator("[data-testid='job-progress'][data-job-status='succeeded']").wait_for(timeout=90_000)
        page.screenshot(path=str(tmp_path / "exported.png"), full_page=True)
        with page.expect_download(timeout=30_000) as download_info:
            panel.get_by_test_id("export-download").click()
        zip_path = tmp_path / download_info.value.suggested_filename
        download_info.value.save_as(zip_path)

        # and imports the zip into the second sequence with a track-class mapping
        importer = page.get_by_test_id("import-panel")
        importer.get_by_test_id("import-file").set_input_files(str(zip_path))
        importer.get_by_test_id("import-format").select_option("davis_png")
        assert "Annotations/" in importer.get_by_test_id("import-format-hint").inner_text()
        importer.get_by_test_id("import-sequence").select_option(str(again.pk))
        importer.get_by_test_id("import-track-classes").fill('{"0": "road"}')
        # then a bad mapping is refused before anything is sent
        assert "is not a track id" in importer.get_by_test_id("import-track-classes-problem").inner_text()
        assert importer.get_by_test_id("import-start").is_disabled()
        importer.get_by_test_id("import-track-classes").fill(json.dumps({"1": "road", "2": ROAD}))
        page.screenshot(path=str(tmp_path / "import_form.png"), full_page=True)
        importer.get_by_test_id("import-start").click()
        importer.locator("[data-testid='import-job'] [data-job-status='succeeded']").wait_for(timeout=90_000)
        page.screenshot(path=str(tmp_path / "imported.png"), full_page=True)

    # then the DAVIS zip holds a palette PNG per labeled frame, pixel value = track
    with zipfile.ZipFile(zip_path) as archive:
        pngs = {int(name.rsplit("/", 1)[1][:-4]): np.array(Image.open(io.BytesIO(archive.read(name))))
                for name in archive.namelist() if name.startswith("Annotations/cars/") and name.endswith(".png")}
    assert sorted(pngs) == [0, 1]
    for index, png in pngs.items():
        objects = tracked(source[index], "labeler")
        expected = np.zeros((HEIGHT, WIDTH), np.uint8)
        for track, (_, mask) in objects.items():
            expected[mask] = track
        assert np.array_equal(png, expected)
    # and the import gave the second sequence the same tracks and masks, with the mapped class
    for index in (0, 1):
        before, after = tracked(source[index], "labeler"), tracked(target[index], "manager")
        assert sorted(after) == sorted(before)
        for track, (cls, mask) in after.items():
            assert cls == ROAD
            assert np.array_equal(mask, before[track][1])
    assert not Label.objects.filter(asset_id=target[2]).exists()
