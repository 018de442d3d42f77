"""The sweeper: dead workers' jobs go back to the queue (or fail past the limit), unsent jobs are sent."""

from datetime import timedelta

import pytest
from django.utils import timezone

from labelplatform.datasets.exporting import export_plan, part_claim
from labelplatform.datasets.models import ExportPart, PartStatus
from labelplatform.jobs.models import Job, JobStatus
from labelplatform.jobs.sweeper import jobs_sweep
from tests.jobs.conftest import start_export

pytestmark = pytest.mark.django_db


def _running(job: Job, quiet_s: float, attempts: int = 1) -> None:
    Job.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING, attempts=attempts, enqueued_at=timezone.now(),
                                         heartbeat_at=timezone.now() - timedelta(seconds=quiet_s))


def test_a_job_whose_heartbeat_went_quiet_is_queued_and_sent_again(exportable, users, settings):
    job = start_export(exportable, users["manager"], fmt="ndjson")
    _running(job, quiet_s=settings.JOB_STALE_S + 1)
    Job.objects.filter(pk=job.pk).update(created_at=timezone.now() - timedelta(minutes=5))
    assert jobs_sweep()["requeued"] == 1
    job.refresh_from_db()
    assert job.status == JobStatus.QUEUED and job.heartbeat_at is None
    assert job.enqueued_at is not None and job.task_id.startswith(f"job-{job.pk}-")  # sent to the broker


def test_a_job_with_a_fresh_heartbeat_is_left_alone(exportable, users, settings):
    job = start_export(exportable, users["manager"], fmt="ndjson")
    _running(job, quiet_s=settings.JOB_STALE_S - 5)
    jobs_sweep()
    job.refresh_from_db()
    assert job.status == JobStatus.RUNNING


def test_a_dead_job_at_its_attempt_limit_is_failed_visibly(exportable, users, settings):
    job = start_export(exportable, users["manager"], fmt="ndjson")
    _running(job, quiet_s=settings.JOB_STALE_S + 1, attempts=settings.JOB_MAX_ATTEMPTS)
    assert jobs_sweep()["failed"] == 1
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and job.finished_at is not None
    assert f"its worker stopped answering {settings.JOB_MAX_ATTEMPTS} times" in job.error


def test_a_job_the_broker_never_got_is_sent(exportable, users):
    # given a job committed while the broker was down (its message was never sent)
    job = start_export(exportable, users["manager"], fmt="ndjson")
    Job.objects.filter(pk=job.pk).update(created_at=timezone.now() - timedelta(minutes=1), enqueued_at=None)
    assert jobs_sweep()["sent"] >= 1
    job.refresh_from_db()
    assert job.status == JobStatus.QUEUED and job.enqueued_at is not None


def test_a_part_lease_of_a_dead_worker_is_taken_over_after_the_stale_time(exportable, users, settings):
    job = start_export(exportable, users["manager"], fmt="ndjson")
    part = export_plan(job)[0]
    assert part_claim(part.pk) is not None
    assert part_claim(part.pk) is None  # held, by a live worker as far as anyone knows
    quiet = timezone.now() - timedelta(seconds=settings.JOB_STALE_S + 1)
    ExportPart.objects.filter(pk=part.pk).update(claimed_at=quiet)
    taken = part_claim(part.pk)
    assert taken is not None and taken.status == PartStatus.RUNNING
