"""Creating, running, cancelling and retrying jobs. A message is sent after commit, so a worker always finds the row.

Tasks are acks_late: a worker killed mid-job (out of memory, say) gets the
message redelivered, and the sweeper re-sends the job of a worker whose heartbeat
went quiet. Each start counts an attempt, committed before the work, so a job that
keeps killing its worker is failed after JOB_MAX_ATTEMPTS instead of being
redelivered forever. The attempt number also fences the run: a worker that lost
its job (cancelled, or handed on) can no longer write its progress or its outcome.
"""

import logging
import traceback
from collections.abc import Sequence
from datetime import timedelta
from functools import partial
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from labelplatform.common.errors import Conflict
from labelplatform.common.events import JOB_FINISHED, event_raise
from labelplatform.jobs.broker import broker_check, job_publish, job_revoke, jobs_publish
from labelplatform.jobs.heartbeat import JobStopped, heartbeat
from labelplatform.jobs.models import ENDED, Job, JobStatus
from labelplatform.jobs.progress import Progress
from labelplatform.jobs.registry import HANDLERS
from labelplatform.jobs.scratch import job_scratch_clear

log = logging.getLogger(__name__)


def job_create(*, kind: str, project: Any = None, user: Any = None, params: dict[str, Any] | None = None) -> Job:
    """Sent on commit; with the broker down it stays queued and the sweeper sends it later.
    A start that should answer 503 instead calls jobs.broker.broker_check first."""
    return jobs_create([Job(kind=kind, project=project, created_by=user, params=params or {})])[0]


def jobs_create(jobs: Sequence[Job]) -> list[Job]:
    """Unsaved jobs (any kinds) stored by one INSERT and sent together on commit (one UPDATE marks them)."""
    for job in jobs:
        if job.kind not in HANDLERS:
            raise ValueError(f"unknown job kind {job.kind!r}")
    if len(jobs) == 1:
        jobs[0].save()  # no transaction of its own, as bulk_create opens (BEGIN and COMMIT in autocommit)
        created = [jobs[0]]
    else:
        created = Job.objects.bulk_create(jobs)
    if created:
        transaction.on_commit(partial(jobs_publish, [job.pk for job in created]))
    return created


@transaction.atomic
def job_cancel(*, job: Job, user: User) -> Job:
    """A queued job never starts; a running one stops at its next progress update."""
    job = Job.objects.select_for_update().get(pk=job.pk)
    if job.status in ENDED:
        raise Conflict(f"job {job.pk} has already ended ({job.status})")
    job.status, job.finished_at = JobStatus.CANCELLED, timezone.now()
    job.error = f"cancelled by {user.get_username()}"
    job.save(update_fields=["status", "finished_at", "error"])
    if job.task_id:
        transaction.on_commit(partial(job_revoke, job.task_id))
    return job


@transaction.atomic
def job_retry(*, job: Job) -> Job:
    """A failed or cancelled job runs again from the start, with a fresh budget of attempts."""
    broker_check()
    job = Job.objects.select_for_update().get(pk=job.pk)
    if job.status not in (JobStatus.FAILED, JobStatus.CANCELLED):
        raise Conflict(f"only a failed or cancelled job can be retried; job {job.pk} is {job.status}")
    job.status, job.attempts, job.done, job.error, job.result = JobStatus.QUEUED, 0, 0, "", None
    job.started_at = job.finished_at = job.heartbeat_at = job.enqueued_at = None
    job.save(update_fields=["status", "attempts", "done", "error", "result", "started_at", "finished_at",
                            "heartbeat_at", "enqueued_at"])
    transaction.on_commit(partial(job_publish, job.pk))
    return job


def job_run(*, job_id: int) -> None:
    """Run a job's handler. Safe to call again: a finished job, or one another worker runs, is left alone."""
    job = _job_start(job_id)
    if job is None:
        return
    try:
        if job.status == JobStatus.RUNNING:
            _run_handler(job)
    finally:
        job_scratch_clear(job)


def _job_start(job_id: int) -> Job | None:
    now = timezone.now()
    with transaction.atomic():
        job = Job.objects.select_for_update().filter(pk=job_id).first()
        if job is None or job.status in ENDED:
            return None
        if job.status == JobStatus.RUNNING and job.heartbeat_at and \
                job.heartbeat_at > now - timedelta(seconds=settings.JOB_STALE_S):
            return None  # a second message for a job a live worker runs
        job.attempts += 1
        if job.attempts > settings.JOB_MAX_ATTEMPTS:
            job.status, job.finished_at = JobStatus.FAILED, now
            job.error = (f"stopped: its worker ended without finishing it {job.attempts - 1} times "
                         "(out of memory or killed); it is not started again")
            job.save(update_fields=["status", "finished_at", "error", "attempts"])
            log.error("job %s (%s) failed: %s", job.pk, job.kind, job.error)
            job_finished(job)
        else:
            job.status, job.started_at, job.heartbeat_at, job.done = JobStatus.RUNNING, now, now, 0
            job.save(update_fields=["status", "started_at", "heartbeat_at", "done", "attempts"])
    return job


def _run_handler(job: Job) -> None:
    ours = Job.objects.filter(pk=job.pk, status=JobStatus.RUNNING, attempts=job.attempts)
    with heartbeat(ours, "heartbeat_at") as lost:
        try:
            result = HANDLERS[job.kind](job, Progress(job, lost))
        except JobStopped:
            log.info("job %s (%s) stopped: cancelled, or handed to another worker", job.pk, job.kind)
            return
        except Exception as exc:
            log.exception("job %s (%s) failed", job.pk, job.kind)
            job.error = f"{type(exc).__name__}: {exc}"[:2000] or traceback.format_exc()[-2000:]
            if ours.update(status=JobStatus.FAILED, finished_at=timezone.now(), error=job.error):
                job.status = JobStatus.FAILED
                job_finished(job)
            return
    if ours.update(
        status=JobStatus.SUCCEEDED,
        result=result if isinstance(result, (dict, list)) else None,
        done=max(job.done, job.total),
        finished_at=timezone.now(),
    ):
        job.status, job.error = JobStatus.SUCCEEDED, ""
        job_finished(job)


def job_finished(job: Job) -> None:
    """The job.finished event (webhooks) of a project's job that succeeded or failed."""
    event_raise(JOB_FINISHED, project_id=job.project_id, data={"job": {
        "id": job.pk, "kind": job.kind, "status": job.status, "error": job.error}})
