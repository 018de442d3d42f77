"""Creating and running jobs. Enqueue happens after commit, so a worker always finds the row.

Tasks are acks_late: a worker killed mid-job (out of memory, say) gets the
message redelivered. Each start counts an attempt, committed before the work, so
a job that keeps killing its worker is failed after JOB_MAX_ATTEMPTS instead of
being redelivered forever.
"""

import logging
import traceback
from functools import partial
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from labelplatform.jobs.models import Job, JobStatus
from labelplatform.jobs.progress import Progress
from labelplatform.jobs.registry import HANDLERS
from labelplatform.jobs.scratch import job_scratch_clear

log = logging.getLogger(__name__)


def job_create(*, kind: str, project: Any = None, user: Any = None, params: dict[str, Any] | None = None) -> Job:
    if kind not in HANDLERS:
        raise ValueError(f"unknown job kind {kind!r}")
    job = Job.objects.create(kind=kind, project=project, created_by=user, params=params or {})
    from labelplatform.jobs.tasks import run_job

    transaction.on_commit(partial(run_job.delay, job.pk))
    return job


def job_run(*, job_id: int) -> None:
    """Run a job's handler. Safe to call again: a finished job is left alone."""
    with transaction.atomic():
        job = Job.objects.select_for_update().filter(pk=job_id).first()
        if job is None or job.status in (JobStatus.SUCCEEDED, JobStatus.FAILED):
            return
        job.attempts += 1
        if job.attempts > settings.JOB_MAX_ATTEMPTS:
            job.status, job.finished_at = JobStatus.FAILED, timezone.now()
            job.error = (f"stopped: its worker ended without finishing it {job.attempts - 1} times "
                         "(out of memory or killed); it is not started again")
            job.save(update_fields=["status", "finished_at", "error", "attempts"])
            log.error("job %s (%s) failed: %s", job.pk, job.kind, job.error)
        else:
            job.status, job.started_at, job.done = JobStatus.RUNNING, timezone.now(), 0
            job.save(update_fields=["status", "started_at", "done", "attempts"])
    try:
        if job.status == JobStatus.RUNNING:
            _run_handler(job)
    finally:
        job_scratch_clear(job)


def _run_handler(job: Job) -> None:
    try:
        result = HANDLERS[job.kind](job, Progress(job))
    except Exception as exc:
        log.exception("job %s (%s) failed", job.pk, job.kind)
        Job.objects.filter(pk=job.pk).update(
            status=JobStatus.FAILED,
            error=f"{type(exc).__name__}: {exc}"[:2000] or traceback.format_exc()[-2000:],
            finished_at=timezone.now(),
        )
        return
    Job.objects.filter(pk=job.pk).update(
        status=JobStatus.SUCCEEDED,
        result=result if isinstance(result, (dict, list)) else None,
        done=max(job.done, job.total),
        finished_at=timezone.now(),
    )
