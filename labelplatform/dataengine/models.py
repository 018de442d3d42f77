"""Versions of a project's data engine model (pixel classifier with embedding features + object classifier)."""

from django.db import models


class EngineVersion(models.Model):
    """One training of the data engine on the project's submitted labels; the file is one we wrote (joblib)."""

    project = models.ForeignKey("projects.Project", related_name="engine_versions", on_delete=models.CASCADE)
    version = models.PositiveIntegerField()
    file = models.CharField(max_length=500, help_text="path in media storage")
    things = models.JSONField(help_text="class ids classified as objects (SAM masks); the others are stuff")
    classes = models.JSONField(help_text="class ids the pixel classifier learned")
    labels_used = models.PositiveIntegerField(help_text="submitted human labels in the project at training")
    synthetic_used = models.PositiveIntegerField(default=0, help_text="synthetic labeled images trained on")
    metrics = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-version"]
        constraints = [models.UniqueConstraint(fields=["project", "version"], name="one_engine_version")]
