"""Predictions (machine pre-labels kept apart from human labels), trained and registered models."""

from django.conf import settings
from django.db import models

PROPAGATION_SOURCE = "propagation"  # Prediction.source of what a sequence's propagation stores on a frame


class Prediction(models.Model):
    """One model's answer for one asset. Re-storing the same source and version replaces it."""

    asset = models.ForeignKey("assets.Asset", related_name="predictions", on_delete=models.CASCADE)
    source = models.CharField(max_length=100, help_text='"trained", "onnx:<id>", "http:<id>", "import", ...')
    model_version = models.CharField(max_length=100, blank=True, default="")
    score = models.FloatField(null=True, help_text="mean object score: the asset's confidence")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["asset", "source", "model_version"],
                                               name="one_prediction_per_model_version")]


class PredictionObject(models.Model):
    prediction = models.ForeignKey(Prediction, related_name="predicted_objects", on_delete=models.CASCADE)
    order = models.PositiveIntegerField()
    class_id = models.PositiveIntegerField()
    counts = models.TextField(help_text="COCO compressed RLE counts; size is the asset's")
    score = models.FloatField(null=True)
    area = models.PositiveBigIntegerField()
    bbox = models.JSONField(help_text="[x, y, width, height] in image pixels")
    track = models.PositiveIntegerField(null=True, blank=True, help_text="identity across a sequence's frames")

    class Meta:
        ordering = ["order"]


class PredictionAcceptance(models.Model):
    """How much a labeler changed a prediction before submitting: does the model save time?"""

    prediction = models.ForeignKey(Prediction, related_name="acceptances", on_delete=models.CASCADE)
    label = models.OneToOneField("labels.Label", related_name="prediction_acceptance", on_delete=models.CASCADE)
    revision = models.PositiveIntegerField()
    objects_predicted = models.PositiveIntegerField()
    objects_submitted = models.PositiveIntegerField()
    objects_kept = models.PositiveIntegerField(help_text="submitted objects matching a prediction (IoU>=0.5)")
    pixels_predicted = models.PositiveBigIntegerField(help_text="pixels covered by predicted objects")
    pixels_changed = models.PositiveBigIntegerField(help_text="pixels whose class differs from the prediction")
    mean_iou = models.FloatField(help_text="mean IoU of kept objects with their prediction")
    recorded_at = models.DateTimeField(auto_now=True)


class TrainedModel(models.Model):
    """A version of the project's built-in pixel classifier; the file is one we wrote (joblib)."""

    project = models.ForeignKey("projects.Project", related_name="trained_models", on_delete=models.CASCADE)
    version = models.PositiveIntegerField()
    file = models.CharField(max_length=500, help_text="path in media storage")
    classes = models.JSONField(help_text="ontology class ids, in the classifier's output order")
    labels_used = models.PositiveIntegerField(help_text="submitted labels it was trained on")
    metrics = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-version"]
        constraints = [models.UniqueConstraint(fields=["project", "version"], name="one_trained_model_version")]


class BackendKind(models.TextChoices):
    ONNX = "onnx"
    HTTP = "http"


class RegisteredModel(models.Model):
    """A customer's model: ONNX files in media storage, or an HTTP model server."""

    project = models.ForeignKey("projects.Project", related_name="registered_models", on_delete=models.CASCADE)
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=8, choices=BackendKind.choices)
    config = models.JSONField(help_text="checked config document (see docs/prelabel.md)")
    files = models.JSONField(default=dict, help_text="role ('model', 'encoder', 'decoder') -> media path")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
