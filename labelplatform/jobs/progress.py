"""Progress reporting that writes to the Job row at most a few times a second."""

import time

from django.db.models import F

from labelplatform.jobs.models import Job

MIN_WRITE_INTERVAL_S = 0.5  # keeps the database quiet on jobs with many tiny steps


class Progress:
    def __init__(self, job: Job) -> None:
        self.job = job
        self._last_write = 0.0

    def set_total(self, total: int) -> None:
        self.job.total = total
        Job.objects.filter(pk=self.job.pk).update(total=total)

    def set_done(self, done: int) -> None:
        self.job.done = done
        Job.objects.filter(pk=self.job.pk).update(done=done)

    def advance(self, step: int = 1) -> None:
        self.job.done += step
        now = time.monotonic()
        if now - self._last_write >= MIN_WRITE_INTERVAL_S or self.job.done >= self.job.total:
            Job.objects.filter(pk=self.job.pk).update(done=self.job.done)
            self._last_write = now


def progress_add(job_id: int, step: int) -> None:
    """Progress from several workers on one job (export parts): added in the database, never overwritten."""
    if step:
        Job.objects.filter(pk=job_id).update(done=F("done") + step)
