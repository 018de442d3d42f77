"""One line of news for one user: what happened, where to look, whether they read it."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone


class Kind(models.TextChoices):
    MENTION = "mention"
    REPLY = "reply"
    REWORK = "rework"  # a reviewer rejected the user's label: it came back for a fix
    INVITATION = "invitation"
    JOB_FINISHED = "job_finished"


class Notification(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, related_name="notifications", on_delete=models.CASCADE)
    kind = models.CharField(max_length=16, choices=Kind.choices)
    project = models.ForeignKey("projects.Project", null=True, blank=True, related_name="notifications",
                                on_delete=models.CASCADE)
    text = models.CharField(max_length=500)
    link = models.CharField(max_length=300, blank=True, default="", help_text="the app's page to open, a path")
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-id"]
        indexes = [
            models.Index(fields=["user", "-id"], name="notification_by_user"),
            # The bell's count, read every half minute by each open page.
            models.Index(fields=["user"], condition=Q(read_at__isnull=True), name="notification_unread"),
        ]
