"""A real `celery worker` process runs the thumbnail job from Redis, end to end."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from labelplatform.assets.models import Asset
from labelplatform.assets.services import assets_upload
from labelplatform.jobs.models import Job
from tests.conftest import image_bytes
from tests.stack.processes import celery_worker, require_services, stack_env, wait_for_job

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def test_worker_makes_thumbnails(project, users, tmp_path, settings):
    require_services()
    # given a worker on the real broker, sharing the test database and media folder
    with celery_worker(stack_env(settings.MEDIA_ROOT), tmp_path / "worker.log"):
        # when images are uploaded (the job is enqueued on commit)
        files = [SimpleUploadedFile(f"{i}.png", image_bytes(300 + i, 200)) for i in range(3)]
        with transaction.atomic():
            assets = assets_upload(project=project, user=users["manager"], files=files)
        job = Job.objects.get(kind="thumbnails")

        wait_for_job(job, tmp_path / "worker.log", 60)
    # then the worker finished the job with progress and a thumbnail per asset
    assert job.status == "succeeded", job.error
    assert (job.done, job.total) == (3, 3)
    assert job.result == {"thumbnails": 3}
    for asset in Asset.objects.filter(pk__in=[a.pk for a in assets]):
        assert asset.thumbnail
        assert (settings.MEDIA_ROOT / asset.thumbnail).stat().st_size > 0


def test_a_finished_job_is_not_run_twice(project, users):
    from labelplatform.jobs.services import job_run

    job = Job.objects.create(kind="thumbnails", project=project, params={"asset_ids": []})
    job_run(job_id=job.pk)
    job.refresh_from_db()
    finished_at = job.finished_at
    job_run(job_id=job.pk)  # a redelivered message (acks_late) finds it done
    job.refresh_from_db()
    assert (job.status, job.attempts, job.finished_at) == ("succeeded", 1, finished_at)
