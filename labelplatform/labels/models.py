from typing import Protocol

from django.conf import settings
from django.db import models


class LabelStatus(models.TextChoices):
    DRAFT = "draft"
    SUBMITTED = "submitted"


class Label(models.Model):
    """One person's label of one asset. Its content lives in revisions, never overwritten."""

    asset = models.ForeignKey("assets.Asset", related_name="labels", on_delete=models.CASCADE)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, related_name="labels", on_delete=models.PROTECT)
    revision = models.PositiveIntegerField(default=1, help_text="number of the current revision")
    status = models.CharField(max_length=16, choices=LabelStatus.choices, default=LabelStatus.DRAFT)
    time_spent_s = models.FloatField(default=0.0, help_text="sum of active seconds over all saves")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["asset", "author"], name="one_label_per_author")]
        indexes = [models.Index(fields=["updated_at"])]


class LabelRevision(models.Model):
    label = models.ForeignKey(Label, related_name="revisions", on_delete=models.CASCADE)
    number = models.PositiveIntegerField()
    editor = models.ForeignKey(settings.AUTH_USER_MODEL, related_name="+", on_delete=models.PROTECT)
    status = models.CharField(max_length=16, choices=LabelStatus.choices)
    ontology_version = models.PositiveIntegerField()
    classifications = models.JSONField(default=dict)
    time_spent_s = models.FloatField(default=0.0, help_text="active seconds of this save")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["number"]
        constraints = [models.UniqueConstraint(fields=["label", "number"], name="one_revision_number")]


class LabelObject(models.Model):
    """One object of one revision: a class and a mask as COCO RLE counts."""

    revision = models.ForeignKey(LabelRevision, related_name="label_objects", on_delete=models.CASCADE)
    order = models.PositiveIntegerField()
    class_id = models.PositiveIntegerField()
    counts = models.TextField(help_text="COCO compressed RLE counts; size is the asset's")
    area = models.PositiveBigIntegerField()
    bbox = models.JSONField(help_text="[x, y, width, height] in image pixels")
    attributes = models.JSONField(default=dict)
    track = models.PositiveIntegerField(null=True, blank=True, help_text="identity across a sequence's frames")

    class Meta:
        ordering = ["order"]


class ObjectRow(Protocol):
    """What reading an object's mask needs: a LabelObject, or the labels.services.WrittenObject of a save."""

    @property
    def class_id(self) -> int: ...

    @property
    def counts(self) -> str: ...
