"""Progress reporting that writes to the Job row at most a few times a second.

Each write is also the job's check that it should go on: it matches only while the row is
running under this attempt, so a cancelled job (or one handed to another worker after its
heartbeat went quiet) raises JobStopped at its next progress update.
"""

import threading
import time
from typing import Any

from django.db.models import F

from labelplatform.jobs.heartbeat import JobStopped
from labelplatform.jobs.models import ENDED, Job, JobStatus

MIN_WRITE_INTERVAL_S = 0.5  # keeps the database quiet on jobs with many tiny steps


class Progress:
    def __init__(self, job: Job, lost: threading.Event | None = None) -> None:
        self.job = job
        self.lost = lost or threading.Event()  # set by the heartbeat when the row stopped matching
        self._last_write = 0.0

    def set_total(self, total: int) -> None:
        self.job.total = total
        self._write(total=total)

    def set_done(self, done: int) -> None:
        self.job.done = done
        self._write(done=done)

    def advance(self, step: int = 1) -> None:
        self.job.done += step
        now = time.monotonic()
        if now - self._last_write >= MIN_WRITE_INTERVAL_S or self.job.done >= self.job.total:
            self._write(done=self.job.done)
            self._last_write = now
        elif self.lost.is_set():
            raise JobStopped(self.job.pk)

    def _write(self, **fields: Any) -> None:
        ours = Job.objects.filter(pk=self.job.pk, status=JobStatus.RUNNING, attempts=self.job.attempts)
        if self.lost.is_set() or not ours.update(**fields):
            raise JobStopped(self.job.pk)


def progress_add(job_id: int, step: int) -> None:
    """Progress from several workers on one job (export parts): added in the database, never overwritten.
    Raises JobStopped once the job has ended (cancelled): its parts need not be written."""
    if step and not Job.objects.filter(pk=job_id).exclude(status__in=ENDED).update(done=F("done") + step):
        raise JobStopped(job_id)
