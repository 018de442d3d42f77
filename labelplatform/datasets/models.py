from django.conf import settings
from django.db import models


class LabelChoice(models.TextChoices):
    """Which label of each asset an export or a version takes."""

    LATEST = "latest"  # the most recently saved submitted label
    ACCEPTED = "accepted"  # the same, on assets whose review finished (status "done")
    VERSION = "version"  # the labels frozen in a dataset version


class DatasetVersion(models.Model):
    """A named, immutable selection of label revisions (revisions are never overwritten)."""

    project = models.ForeignKey("projects.Project", related_name="dataset_versions", on_delete=models.CASCADE)
    name = models.CharField(max_length=100)
    description = models.TextField(blank=True, default="")
    labels = models.CharField(max_length=16, choices=LabelChoice.choices, help_text="how labels were chosen")
    ontology_version = models.PositiveIntegerField()
    ontology = models.JSONField(help_text="the ontology document the version was frozen with")
    mask_labels = models.JSONField(help_text="RGB value -> labels of the colour-coded exports")
    asset_count = models.PositiveIntegerField(default=0)
    object_count = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["project", "name"], name="one_version_name")]


class VersionItem(models.Model):
    """One asset of a version and the revision of its label that was frozen."""

    version = models.ForeignKey(DatasetVersion, related_name="items", on_delete=models.CASCADE)
    # RESTRICT: a frozen revision cannot vanish unless its version goes in the same delete.
    asset = models.ForeignKey("assets.Asset", related_name="+", on_delete=models.RESTRICT)
    revision = models.ForeignKey("labels.LabelRevision", related_name="+", on_delete=models.RESTRICT)

    class Meta:
        ordering = ["asset_id"]
        constraints = [models.UniqueConstraint(fields=["version", "asset"], name="one_item_per_asset")]


class PartStatus(models.TextChoices):
    PENDING = "pending"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


class ExportPart(models.Model):
    """A range of assets of one export job, written by whichever worker claims it first."""

    job = models.ForeignKey("jobs.Job", related_name="export_parts", on_delete=models.CASCADE)
    index = models.PositiveIntegerField()
    first_asset_id = models.BigIntegerField()
    last_asset_id = models.BigIntegerField()
    status = models.CharField(max_length=16, choices=PartStatus.choices, default=PartStatus.PENDING)
    claimed_at = models.DateTimeField(null=True, blank=True)
    planned = models.PositiveIntegerField(help_text="assets in the range when the export was planned")
    error = models.TextField(blank=True, default="")
    assets = models.PositiveIntegerField(default=0)
    object_count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["index"]
        constraints = [models.UniqueConstraint(fields=["job", "index"], name="one_part_index")]
