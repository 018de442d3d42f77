"""Exports and imports with media on S3-compatible storage, parts written on other machines included."""

import io
import json
import shutil
import urllib.request
import zipfile

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile

from labelplatform.assets.models import Asset
from labelplatform.datasets.exporting import export_plan, part_claim, part_run
from labelplatform.datasets.models import ExportPart
from labelplatform.datasets.services import ExportRequest, export_start
from labelplatform.jobs.models import Job
from labelplatform.labels.models import LabelObject
from tests.datasets.conftest import make_project, run
from tests.stack.s3 import keys

pytestmark = pytest.mark.django_db


def test_parts_written_elsewhere_travel_through_the_bucket(s3_media, s3_endpoint, labeled, users, client_for,
                                                           settings):
    settings.EXPORT_PART_ASSETS = 1
    job = export_start(project=labeled, user=users["manager"], request=ExportRequest(
        format="coco", labels="latest", version=None, include_images=True,
        polygons=False, instance_mode="binary"))
    # given every part was written by a worker on another machine (this machine's scratch holds none)
    for part in export_plan(job):
        claimed = part_claim(part.pk)
        assert claimed is not None
        part_run(claimed)
    assert set(ExportPart.objects.filter(job=job).values_list("status", flat=True)) == {"done"}
    assert len(keys(s3_endpoint, s3_media, f"exports/tmp/job-{job.pk}/")) == 4
    shutil.rmtree(settings.SCRATCH_ROOT)

    # when the job assembles the result
    job = run(job.pk)

    # then the zip is in the bucket, the shared parts are gone, and the download holds every stored mask
    assert job.status == "succeeded", job.error
    assert keys(s3_endpoint, s3_media, "exports/") == [job.result_file]
    assert job.result["parts"] == 4 and job.result["bytes"] == default_storage.size(job.result_file)
    download = client_for("viewer").get(f"/api/v1/jobs/{job.pk}/result")
    assert download.status_code == 200
    archive = zipfile.ZipFile(io.BytesIO(b"".join(download.streaming_content)))
    coco = json.loads(archive.read("annotations/instances.json"))
    stored = set(LabelObject.objects.filter(revision__label__asset__project=labeled,
                                            revision__label__status="submitted").values_list("counts", flat=True))
    assert {a["segmentation"]["counts"] for a in coco["annotations"]} == stored
    for asset in Asset.objects.filter(project=labeled, name__in=[i["file_name"] for i in coco["images"]]):
        with default_storage.open(asset.file, "rb") as original:
            assert archive.read(f"images/{asset.name}") == original.read()
    assert not any(settings.SCRATCH_ROOT.rglob("*.*"))  # no scratch files left on this machine

    # and in signed mode the download is a presigned URL that saves the zip under its name
    settings.MEDIA_SERVE = "signed"
    redirect = client_for("viewer").get(f"/api/v1/jobs/{job.pk}/result")
    assert redirect.status_code == 302
    with urllib.request.urlopen(redirect["Location"], timeout=10) as fetched:
        name = job.result_file.rsplit("/", 1)[-1]
        assert fetched.headers["Content-Disposition"] == f'attachment; filename="{name}"'
        assert fetched.read() == archive.fp.getvalue()


def test_an_import_reads_its_upload_from_the_bucket(s3_media, s3_endpoint, users, client_for, labeled, export_zip):
    # given a COCO export with images, imported into a new project
    exported = export_zip(labeled, format="coco", include_images=True)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as out:
        for name in exported.namelist():
            out.writestr(name, exported.read(name))
    target = make_project(users["manager"], name="Target")
    upload = SimpleUploadedFile("dataset.zip", buffer.getvalue(), content_type="application/zip")
    started = client_for("manager").post(f"/api/v1/projects/{target.pk}/imports",
                                         {"file": upload, "format": "coco"}, format="multipart")
    assert started.status_code == 202, started.json()
    stored_upload = Job.objects.get(pk=started.json()["id"]).params["file"]
    assert keys(s3_endpoint, s3_media, f"imports/{target.pk}/") == [stored_upload]

    job = run(started.json()["id"])

    # then the images and masks arrived (in the bucket), like from a local upload
    assert job.status == "succeeded", job.error
    assert job.result["images_created"] == 4 and job.result["labels_created"] == 4, job.result
    imported = Asset.objects.filter(project=target)
    assert set(keys(s3_endpoint, s3_media, f"assets/{target.pk}/")) == {a.file for a in imported}
    stored = set(LabelObject.objects.filter(revision__label__asset__project=target).values_list("counts", flat=True))
    assert stored == {a["segmentation"]["counts"]
                      for a in json.loads(exported.read("annotations/instances.json"))["annotations"]}
