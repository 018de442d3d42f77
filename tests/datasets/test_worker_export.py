"""A real `celery worker` process runs an export end to end; the zip is downloaded through the API."""

import io
import zipfile

import pytest
from django.db import transaction

from labelplatform.datasets.services import ExportRequest, export_start
from labelplatform.jobs.models import Job
from tests.stack.processes import celery_worker, require_services, stack_env, wait_for_job

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def test_a_worker_exports_ndjson_with_progress_and_members_download_it(labeled, users, client_for, tmp_path, settings):
    require_services()
    with celery_worker(stack_env(settings.MEDIA_ROOT), tmp_path / "worker.log"):
        # when an export is started (the job is enqueued on commit)
        with transaction.atomic():
            job = export_start(project=labeled, user=users["manager"], request=ExportRequest(
                format="ndjson", labels="latest", version=None, include_images=True,
                polygons=False, instance_mode="binary"))

        wait_for_job(job, tmp_path / "worker.log", 90)
    # then the worker finished it with full progress and a downloadable zip
    assert job.status == "succeeded", job.error
    assert (job.done, job.total) == (4, 4)
    assert job.result["assets"] == 4 and job.result["objects"] == 16
    response = client_for("viewer").get(f"/api/v1/jobs/{job.pk}/result")
    assert response.status_code == 200
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    assert len(archive.read("labels.ndjson").splitlines()) == 4
    assert sorted(n for n in archive.namelist() if n.startswith("images/")) == [
        f"images/street{i}.png" for i in range(4)]
    assert client_for("outsider").get(f"/api/v1/jobs/{job.pk}/result").status_code == 404
    assert Job.objects.filter(kind="export").count() == 1
