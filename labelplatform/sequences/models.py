"""Sequences: ordered frames, each an ordinary asset, and the tracks that name objects across them."""

from django.conf import settings
from django.db import models


class SequenceStatus(models.TextChoices):
    DECODING = "decoding"
    READY = "ready"
    FAILED = "failed"


class SourceKind(models.TextChoices):
    VIDEO = "video"
    FRAMES = "frames"  # a zip of ordered images


class Sequence(models.Model):
    project = models.ForeignKey("projects.Project", related_name="sequences", on_delete=models.CASCADE)
    name = models.CharField(max_length=200)
    status = models.CharField(max_length=16, choices=SequenceStatus.choices, default=SequenceStatus.DECODING)
    error = models.TextField(blank=True, default="", help_text="why decoding failed")
    fps = models.FloatField(null=True, help_text="frames per second of the stored frames (a zip: as given, or null)")
    width = models.PositiveIntegerField(null=True)
    height = models.PositiveIntegerField(null=True)
    frame_count = models.PositiveIntegerField(default=0)
    source_kind = models.CharField(max_length=8, choices=SourceKind.choices)
    source_name = models.CharField(max_length=500, help_text="the uploaded file's name")
    source_file = models.CharField(max_length=500, help_text="the upload, kept in media storage")
    source_size = models.PositiveBigIntegerField()
    source_info = models.JSONField(default=dict, help_text="what the probe read: codec, duration, native fps, size")
    job = models.ForeignKey("jobs.Job", null=True, blank=True, related_name="+", on_delete=models.SET_NULL)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name


class Frame(models.Model):
    sequence = models.ForeignKey(Sequence, related_name="frames", on_delete=models.CASCADE)
    index = models.PositiveIntegerField(help_text="0-based position in the sequence")
    asset = models.OneToOneField("assets.Asset", related_name="frame", on_delete=models.CASCADE)

    class Meta:
        ordering = ["sequence", "index"]
        constraints = [models.UniqueConstraint(fields=["sequence", "index"], name="one_frame_per_index")]


class Track(models.Model):
    """What a track is beyond its objects: its class, a name, and attributes that hold on every frame.
    Per-frame attributes (occluded, truncated) live on the label objects."""

    sequence = models.ForeignKey(Sequence, related_name="tracks", on_delete=models.CASCADE)
    track = models.PositiveIntegerField(help_text="the id label objects carry as `track`")
    class_id = models.PositiveIntegerField(null=True, blank=True)
    name = models.CharField(max_length=200, blank=True, default="")
    attributes = models.JSONField(default=dict)

    class Meta:
        ordering = ["sequence", "track"]
        constraints = [models.UniqueConstraint(fields=["sequence", "track"], name="one_row_per_track")]
