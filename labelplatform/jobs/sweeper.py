"""The sweeper, a beat task every JOB_SWEEP_S: jobs that no worker would otherwise finish.

- Running with a heartbeat quiet for JOB_STALE_S: its worker died (kill -9, out of memory, a
  lost machine) or lost the broker for good. It is queued and sent again at once, instead of
  after the broker's visibility timeout (an hour); the next start counts the attempt, so
  JOB_MAX_ATTEMPTS still bounds a job that kills its workers, and past it the job is failed here.
- Queued and never handed to the broker (it was down when the job was created): sent now.
- Queued while the broker lost its messages (a Redis restarted without persistence): sent again.

A message sent twice does no harm: a start leaves an ended job, or one running under a fresh
heartbeat, alone.
"""

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from labelplatform.jobs.broker import broker_forgot, jobs_publish
from labelplatform.jobs.models import Job, JobStatus
from labelplatform.jobs.scratch import job_scratch_clear

log = logging.getLogger(__name__)
SEND_GRACE_S = 5  # a job this young is still being sent by the request that created it


def jobs_sweep() -> dict[str, int]:
    now = timezone.now()
    requeued, failed = _dead_jobs_requeue(now)
    forgot = broker_forgot()
    unsent = Job.objects.filter(status=JobStatus.QUEUED, created_at__lt=now - timedelta(seconds=SEND_GRACE_S))
    if not forgot:
        unsent = unsent.filter(enqueued_at__isnull=True)
    # in order, over one producer, marked by one UPDATE; a broker gone again stops it, the next sweep goes on
    sent = jobs_publish(list(unsent.order_by("created_at").values_list("pk", flat=True)))
    if requeued or failed or sent:
        log.warning("job sweep: %s requeued from dead workers, %s failed, %s sent%s", requeued, failed, sent,
                    " (the broker had lost its messages)" if forgot else "")
    return {"requeued": requeued, "failed": failed, "sent": sent}


def _dead_jobs_requeue(now: datetime) -> tuple[int, int]:
    quiet = now - timedelta(seconds=settings.JOB_STALE_S)
    requeued = failed = 0
    with transaction.atomic():
        dead = Job.objects.select_for_update(skip_locked=True).filter(status=JobStatus.RUNNING).filter(
            Q(heartbeat_at__lt=quiet) | Q(heartbeat_at__isnull=True, started_at__lt=quiet))
        for job in dead:
            job.heartbeat_at = job.enqueued_at = None
            if job.attempts >= settings.JOB_MAX_ATTEMPTS:
                job.status, job.finished_at = JobStatus.FAILED, now
                job.error = (f"stopped: its worker stopped answering {job.attempts} times "
                             "(killed or out of memory); it is not started again")
                job_scratch_clear(job)
                failed += 1
            else:
                job.status = JobStatus.QUEUED
                requeued += 1
            job.save(update_fields=["status", "finished_at", "error", "heartbeat_at", "enqueued_at"])
    return requeued, failed
