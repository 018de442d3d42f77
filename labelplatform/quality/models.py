"""Gold-standard references and quality scores of labels."""

from django.conf import settings
from django.db import models
from django.utils import timezone


class GoldStandard(models.Model):
    """A benchmark asset: its reference label is the truth every other label on it is scored against."""

    asset = models.OneToOneField("assets.Asset", related_name="gold", on_delete=models.CASCADE)
    project = models.ForeignKey("projects.Project", related_name="gold_standards", on_delete=models.CASCADE)
    label = models.ForeignKey("labels.Label", related_name="+", on_delete=models.CASCADE)
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, related_name="+", on_delete=models.SET_NULL)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["id"]


class ScoreKind(models.TextChoices):
    GOLD = "gold"
    CONSENSUS = "consensus"


class Score(models.Model):
    """One label's score: the overall row has class_id null, per-class rows name the class.

    Gold: matched-instance IoU against the reference. Consensus: mean over the other
    labelers of the asset of the matched-instance IoU between the two labels.
    """

    label = models.ForeignKey("labels.Label", related_name="scores", on_delete=models.CASCADE)
    project = models.ForeignKey("projects.Project", related_name="scores", on_delete=models.CASCADE)
    asset = models.ForeignKey("assets.Asset", related_name="+", on_delete=models.CASCADE)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, related_name="+", on_delete=models.CASCADE)
    kind = models.CharField(max_length=16, choices=ScoreKind.choices)
    class_id = models.PositiveIntegerField(null=True, blank=True)
    iou = models.FloatField(help_text="matched-instance IoU; unmatched instances count as 0")
    precision = models.FloatField()
    recall = models.FloatField()
    revision = models.PositiveIntegerField(help_text="label revision that was scored")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["project", "kind", "created_at"]), models.Index(fields=["label"])]


class ChoiceMethod(models.TextChoices):
    AGREEMENT = "agreement"  # automatic: the label that agrees best with the others
    PICKED = "picked"  # a reviewer or manager chose it


class ConsensusChoice(models.Model):
    """Which of a consensus asset's labels is its answer: what exports take.

    Kept by services.scores_refresh (method agreement) unless a reviewer picked one that is still submitted.
    """

    asset = models.OneToOneField("assets.Asset", related_name="consensus_choice", on_delete=models.CASCADE)
    project = models.ForeignKey("projects.Project", related_name="consensus_choices", on_delete=models.CASCADE)
    label = models.ForeignKey("labels.Label", related_name="+", on_delete=models.CASCADE)
    method = models.CharField(max_length=16, choices=ChoiceMethod.choices)
    chosen_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, related_name="+", on_delete=models.SET_NULL)
    agreement = models.FloatField(null=True, help_text="the chosen label's overall consensus IoU")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["project", "agreement"])]
