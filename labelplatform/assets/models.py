from django.conf import settings
from django.db import models


class AssetStatus(models.TextChoices):
    NEW = "new"
    IN_PROGRESS = "in_progress"
    LABELED = "labeled"
    IN_REVIEW = "in_review"
    DONE = "done"
    REWORK = "rework"


class Asset(models.Model):
    # No index of its own: (project, status) below serves lookups by project (fewer writes per claim).
    project = models.ForeignKey("projects.Project", related_name="assets", on_delete=models.CASCADE, db_index=False)
    name = models.CharField(max_length=500)
    file = models.CharField(max_length=500, help_text="path in media storage")
    thumbnail = models.CharField(max_length=500, blank=True, default="")
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    size_bytes = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    mime_type = models.CharField(max_length=50)
    status = models.CharField(max_length=16, choices=AssetStatus.choices, default=AssetStatus.NEW)
    priority = models.IntegerField(default=0)
    # Made by the data engine's copy-paste job: kept out of human statistics, review and the queue.
    synthetic = models.BooleanField(default=False)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        indexes = [
            models.Index(fields=["project", "status"]),
            models.Index(fields=["project", "sha256"], name="asset_by_content"),  # imports reuse known images
        ]

    def __str__(self) -> str:
        return self.name
