"""Comment threads on an asset: about the whole image, one label, or a point of the image (a pin)."""

from django.conf import settings
from django.db import models
from django.utils import timezone

BODY_MAX = 10_000  # characters of a comment: a comment, not a document


class ThreadStatus(models.TextChoices):
    OPEN = "open"
    RESOLVED = "resolved"


class Thread(models.Model):
    project = models.ForeignKey("projects.Project", related_name="threads", on_delete=models.CASCADE)
    asset = models.ForeignKey("assets.Asset", related_name="threads", on_delete=models.CASCADE)
    label = models.ForeignKey("labels.Label", null=True, blank=True, related_name="threads", on_delete=models.CASCADE)
    # A pinned point, in image pixels; both or neither.
    x = models.FloatField(null=True, blank=True)
    y = models.FloatField(null=True, blank=True)
    status = models.CharField(max_length=8, choices=ThreadStatus.choices, default=ThreadStatus.OPEN)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, related_name="threads", on_delete=models.PROTECT)
    created_at = models.DateTimeField(default=timezone.now)
    resolved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, related_name="+",
                                    on_delete=models.SET_NULL)
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["asset", "status"], name="thread_by_asset")]


class Comment(models.Model):
    thread = models.ForeignKey(Thread, related_name="comments", on_delete=models.CASCADE)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, related_name="comments", on_delete=models.PROTECT)
    body = models.TextField()
    mentions = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="mentioned_in", blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["id"]
