from django.conf import settings
from django.db import models

from labelplatform.projects.models import Role


class JobStatus(models.TextChoices):
    QUEUED = "queued"
    RUNNING = "running"
    SUCCEEDED = "succeeded"
    FAILED = "failed"
    CANCELLED = "cancelled"


ENDED = (JobStatus.SUCCEEDED, JobStatus.FAILED, JobStatus.CANCELLED)


class Job(models.Model):
    """Every long operation: what, for whom, how far along, and how it ended."""

    kind = models.CharField(max_length=40)
    project = models.ForeignKey(
        "projects.Project", null=True, related_name="jobs", on_delete=models.CASCADE
    )
    params = models.JSONField(default=dict)
    status = models.CharField(max_length=16, choices=JobStatus.choices, default=JobStatus.QUEUED)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True, default="")
    result = models.JSONField(null=True, blank=True)
    result_file = models.CharField(max_length=500, blank=True, default="")
    attempts = models.PositiveIntegerField(default=0)
    # Written by the worker running the job every JOB_HEARTBEAT_S; the sweeper re-enqueues a job whose
    # heartbeat went quiet (its worker died) instead of waiting for the broker's visibility timeout.
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    # When the task message was handed to the broker; null: not yet (the broker was down), the sweeper sends it.
    enqueued_at = models.DateTimeField(null=True, blank=True)
    task_id = models.CharField(max_length=64, blank=True, default="")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    def result_offered_to(self, user_id: int, role: str | None) -> bool:
        """Whether its result file is the reader's to download: a labeler's only for jobs they started, as
        an export holds every label, the gold references too (docs/workflow.md)."""
        return role != Role.LABELER or self.created_by_id == user_id

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["project", "-created_at"]),
                   models.Index(fields=["status"], condition=models.Q(status__in=["queued", "running"]),
                                name="jobs_job_open")]
