"""A manager exports a project's labels as COCO from the Datasets page in Chromium: the export runs on the
real worker with a live progress bar, the zip comes through the download link, and pycocotools decodes the
label's exact pixels from it."""

import json
import zipfile
from typing import Any

import numpy as np
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from pycocotools.coco import COCO

from labelplatform.assets.services import assets_upload
from labelplatform.datasets.services import version_create
from labelplatform.flows.label_save import label_create, label_update
from labelplatform.jobs.models import Job
from labelplatform.labels.services import LabelBody
from labelplatform.masks import encode
from tests.conftest import image_bytes
from tests.e2e.browser import browser_page, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTH, HEIGHT = 96, 64


def car_mask() -> np.ndarray:
    """A car in two pieces with a hole: what polygons would lose, RLE must keep."""
    mask = np.zeros((HEIGHT, WIDTH), dtype=bool)
    mask[10:40, 8:50] = True
    mask[20:26, 20:30] = False  # the hole
    mask[50:60, 70:90] = True  # a second piece
    mask[0, 95] = True  # one pixel in the corner
    return mask


def body(mask: np.ndarray) -> dict[str, Any]:
    rle = encode(mask)
    return {"objects": [{"class": 1, "mask": {"size": list(rle["size"]), "counts": rle["counts"]},
                         "attributes": {"occluded": "yes"}}],
            "classifications": {"weather": "rain"}, "status": "submitted", "time_spent_s": 12.0}


def test_manager_exports_coco_and_the_download_decodes_to_the_label(stack_url, project, users, tmp_path):
    # given a project with one submitted label
    with transaction.atomic():
        asset = assets_upload(project=project, user=users["manager"],
                              files=[SimpleUploadedFile("street.png", image_bytes(WIDTH, HEIGHT))])[0]
    mask = car_mask()
    label = label_create(asset=asset, user=users["labeler"], body=LabelBody(**body(mask))).label

    with browser_page(tmp_path) as page:
        # when the manager logs in, opens the Datasets page from the project's header links
        log_in(page, stack_url, "manager", f"/projects/{project.pk}")
        page.get_by_test_id("nav-datasets").click()
        page.get_by_test_id("datasets-page").wait_for(state="visible", timeout=20_000)
        assert page.url.endswith(f"/projects/{project.pk}/datasets")

        # and starts a COCO (RLE) export of the latest submitted labels
        panel = page.get_by_test_id("export-panel")
        panel.get_by_test_id("export-format").select_option("coco")
        panel.get_by_test_id("export-labels-latest").check()
        panel.get_by_test_id("export-start").click()

        # then the job's progress bar runs to the end and a download link appears
        job_view = panel.get_by_test_id("export-job")
        job_view.locator("[data-testid='job-progress'][data-job-status='succeeded']").wait_for(timeout=90_000)
        bar = job_view.get_by_role("progressbar")
        assert bar.get_attribute("aria-valuenow") == "100"
        job = Job.objects.get(pk=int(job_view.get_attribute("data-job-id")))
        assert job.kind == "export" and job.params["format"] == "coco" and job.params["polygons"] is False
        counts = panel.get_by_test_id("export-counts")
        counts.wait_for(state="visible")
        assert counts.inner_text().startswith("1 image · 1 object")
        page.screenshot(path=str(tmp_path / "datasets-exported.png"), full_page=True)

        # and the link downloads the zip through the browser
        with page.expect_download(timeout=30_000) as download_info:
            panel.get_by_test_id("export-download").click()
        download = download_info.value
        assert download.suggested_filename == f"job-{job.pk}-coco.zip"
        zip_path = tmp_path / download.suggested_filename
        download.save_as(zip_path)

        # the recent-jobs list shows the finished export with its own download link
        row = page.locator(f"[data-testid='dataset-job-row'][data-job-id='{job.pk}']")
        row.wait_for(timeout=20_000)
        assert row.get_attribute("data-job-status") == "succeeded"
        assert row.get_by_test_id("job-download").get_attribute("href") == f"/api/v1/jobs/{job.pk}/result"

    # the downloaded COCO file decodes, with pycocotools, to the label's exact pixels
    with zipfile.ZipFile(zip_path) as archive:
        instances = archive.read("annotations/instances.json")
    (tmp_path / "instances.json").write_bytes(instances)
    dataset = COCO(str(tmp_path / "instances.json"))
    assert dataset.getImgIds() == [asset.pk]
    image = dataset.loadImgs(asset.pk)[0]
    assert (image["width"], image["height"], image["file_name"]) == (WIDTH, HEIGHT, "street.png")
    assert [c["name"] for c in dataset.loadCats(dataset.getCatIds())] == ["car", "road"]
    annotations = dataset.loadAnns(dataset.getAnnIds(imgIds=[asset.pk]))
    assert len(annotations) == 1
    annotation = annotations[0]
    assert annotation["category_id"] == 1
    assert annotation["attributes"] == {"occluded": "yes"}
    assert annotation["id"] == label.revisions.get().label_objects.get().pk  # annotation ids are object ids
    decoded = dataset.annToMask(annotation).astype(bool)
    assert decoded.shape == mask.shape
    assert np.array_equal(decoded, mask)
    assert annotation["area"] == int(mask.sum())
    assert json.loads(instances)["annotations"][0]["segmentation"]["counts"] == encode(mask)["counts"]


def test_versions_are_compared_by_a_worker_job_with_the_changed_object_listed(stack_url, project, users, tmp_path):
    # given two versions: v2 after the labeler's car grew by a block of 60 pixels
    with transaction.atomic():
        asset = assets_upload(project=project, user=users["manager"],
                              files=[SimpleUploadedFile("street.png", image_bytes(WIDTH, HEIGHT))])[0]
    mask = car_mask()
    label = label_create(asset=asset, user=users["labeler"], body=LabelBody(**body(mask))).label
    version_create(project=project, user=users["manager"], name="v1", labels="latest")
    grown = mask.copy()
    grown[40:46, 8:18] = True
    label_update(label=label, user=users["labeler"], body=LabelBody(**body(grown)), edited=1)
    version_create(project=project, user=users["manager"], name="v2", labels="latest")

    with browser_page(tmp_path) as page:
        # when a reviewer opens the Datasets page and compares v1 to v2 (the default pair)
        log_in(page, stack_url, "reviewer", f"/projects/{project.pk}/datasets")
        form = page.get_by_test_id("compare-form")
        form.wait_for(timeout=20_000)
        assert form.get_by_test_id("compare-a").input_value() == "v1"
        assert form.get_by_test_id("compare-b").input_value() == "v2"
        form.get_by_test_id("compare-run").click()

        # then a compare job runs on the worker and its result shows the one changed car with its IoU
        form.get_by_test_id("compare-result").wait_for(timeout=30_000)
        page.screenshot(path=str(tmp_path / "compare.png"), full_page=True)
        job = Job.objects.get(kind="compare")
        assert job.status == "succeeded" and job.params == {"a": "v1", "b": "v2", "limit": 200}
        objects = form.get_by_test_id("compare-objects").inner_text()
        assert objects.split()[1:] == ["0", "0", "1", "0"], objects  # added, removed, changed, unchanged
        (row,) = form.get_by_test_id("compare-row").all()
        assert row.get_attribute("data-change") == "changed"
        area = int(mask.sum())
        assert f"{area / (area + 60):.3f}" in row.inner_text()
        assert form.get_by_test_id("compare-run").is_enabled()

    with browser_page(tmp_path / "viewer") as page:
        # and a viewer (the server refuses them a compare) sees the versions without the compare form
        log_in(page, stack_url, "viewer", f"/projects/{project.pk}/datasets")
        page.get_by_test_id("versions-panel").wait_for(timeout=20_000)
        page.get_by_test_id("datasets-readonly").wait_for()
        assert "compare" not in page.get_by_test_id("datasets-readonly").inner_text()
        assert page.get_by_test_id("compare-form").count() == 0


def test_the_export_panel_chooses_synthetic_images_left_out_by_default(stack_url, project, users, tmp_path):
    # given a real labeled image and a synthetic one (as the data engine flags them)
    with transaction.atomic():
        real, synthetic = assets_upload(project=project, user=users["manager"], files=[
            SimpleUploadedFile(name, image_bytes(WIDTH, HEIGHT)) for name in ("real.png", "synthetic.png")])
    type(synthetic).objects.filter(pk=synthetic.pk).update(synthetic=True)
    for asset in (real, synthetic):
        label_create(asset=asset, user=users["manager"], body=LabelBody(**body(car_mask())), through_queue=False)

    def exported(panel: Any, after: Job | None = None) -> Job:
        panel.get_by_test_id("export-start").click()
        # the panel shows the job it started: a new one, not the previous export still on view
        job_view = panel.locator("[data-testid='export-job']" + (f":not([data-job-id='{after.pk}'])" if after else ""))
        job_view.locator("[data-testid='job-progress'][data-job-status='succeeded']").wait_for(timeout=90_000)
        return Job.objects.get(pk=int(job_view.get_attribute("data-job-id")))

    with browser_page(tmp_path) as page:
        log_in(page, stack_url, "manager", f"/projects/{project.pk}/datasets")
        panel = page.get_by_test_id("export-panel")
        panel.wait_for(state="visible", timeout=20_000)
        # the panel offers the API's three choices, "leave out" checked as the API's default
        assert panel.get_by_test_id("export-synthetic-exclude").is_checked()
        assert not panel.get_by_test_id("export-synthetic-include").is_checked()
        assert not panel.get_by_test_id("export-synthetic-only").is_checked()
        # when the manager exports the synthetic images alone, then with the real ones
        panel.get_by_test_id("export-synthetic-only").check()
        only = exported(panel)
        panel.get_by_test_id("export-synthetic-include").check()
        both = exported(panel, after=only)
        page.screenshot(path=str(tmp_path / "datasets-synthetic.png"), full_page=True)
    # then each job was asked for what was chosen and wrote those images
    assert (only.params["synthetic"], only.result["assets"]) == ("only", 1)
    assert (both.params["synthetic"], both.result["assets"]) == ("include", 2)
