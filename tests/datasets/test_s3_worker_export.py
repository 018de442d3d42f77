"""A real `celery worker` configured for S3 media by its environment exports a project whose images are there."""

import io
import zipfile

import pytest
from django.core.files.storage import default_storage
from django.db import transaction

from labelplatform.assets.models import Asset
from labelplatform.datasets.services import ExportRequest, export_start
from tests.stack.processes import celery_worker, require_services, stack_env, wait_for_job
from tests.stack.s3 import keys, s3_env

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def test_a_worker_on_s3_media_exports_in_parts_with_images(s3_media, s3_endpoint, labeled, users, client_for,
                                                           tmp_path, settings):
    require_services()
    # given a worker whose only media is the bucket (its scratch is its own, its media folder empty)
    env = {**stack_env(tmp_path / "worker-media"), **s3_env(s3_endpoint, s3_media),
           "SCRATCH_ROOT": str(tmp_path / "worker-scratch"), "EXPORT_PART_ASSETS": "2"}
    with celery_worker(env, tmp_path / "worker.log"):
        with transaction.atomic():
            job = export_start(project=labeled, user=users["manager"], request=ExportRequest(
                format="ndjson", labels="latest", version=None, include_images=True,
                polygons=False, instance_mode="binary"))

        wait_for_job(job, tmp_path / "worker.log", 90)
    # then the result is in the bucket and holds every image as uploaded
    assert job.status == "succeeded", job.error
    assert job.result["parts"] == 2 and job.result["assets"] == 4
    assert keys(s3_endpoint, s3_media, "exports/") == [job.result_file]
    assert not (tmp_path / "worker-media").exists()
    response = client_for("manager").get(f"/api/v1/jobs/{job.pk}/result")
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    assert len(archive.read("labels.ndjson").splitlines()) == 4
    for asset in Asset.objects.filter(project=labeled, name__in=[f"street{i}.png" for i in range(4)]):
        with default_storage.open(asset.file, "rb") as original:
            assert archive.read(f"images/{asset.name}") == original.read()
