"""Training the project's pixel classifier from its submitted labels, versioned with metrics."""

from typing import Any

import numpy as np

from labelplatform.assets.models import Asset
from labelplatform.labels.models import Label, LabelObject, LabelStatus
from labelplatform.masks import Rle, index_mask_from_objects
from labelplatform.masks.regions import iou_ignoring
from labelplatform.prelabel import storage
from labelplatform.prelabel.engines.pixel_classifier import PixelClassifier, TrainingImage, predict, train
from labelplatform.prelabel.images import asset_rgb
from labelplatform.prelabel.models import TrainedModel
from labelplatform.projects.models import Project

MAX_TRAINING_LABELS = 40  # the newest ones; a forest on more pixels trains slower for little gain
MAX_EVALUATION_LABELS = 5


def _class_map(label: Label) -> Any:
    asset: Asset = label.asset
    objects: list[tuple[int, Rle]] = [
        (row.class_id, {"size": [asset.height, asset.width], "counts": row.counts})
        for row in LabelObject.objects.filter(revision__label=label, revision__number=label.revision)
    ]
    return index_mask_from_objects(objects, asset.height, asset.width)


def submitted_labels(project: Project) -> list[Label]:
    # Gold assets are held out: a model that saw the reference would pre-label the asset with it.
    labels = (Label.objects.filter(asset__project=project, status=LabelStatus.SUBMITTED, asset__gold__isnull=True)
              .select_related("asset").order_by("-updated_at", "-id"))
    return list(labels[:MAX_TRAINING_LABELS])


def evaluate(model: PixelClassifier, labels: list[Label]) -> dict[str, Any]:
    """Mean IoU over the classes present, per image, averaged: how the model does on unseen labels."""
    scores = []
    for label in labels:
        truth = _class_map(label)
        predicted, _ = predict(model, asset_rgb(label.asset))
        classes = [c for c in np.unique(truth) if c != 0]
        if classes:
            scores.append(float(np.mean([iou_ignoring(predicted == c, truth == c) for c in classes])))
    return {"labels": len(scores), "mean_iou": round(float(np.mean(scores)), 4) if scores else None}


def trained_model_build(*, project: Project, version: int, job_id: int, progress_step: Any = None) -> TrainedModel:
    """Train on the submitted labels. Before that, the previous version is scored on the labels
    it never saw: the honest measure of whether more labels made the pre-labeler better."""
    labels = submitted_labels(project)
    if not labels:
        raise ValueError("the project has no submitted labels to train on")
    previous = TrainedModel.objects.filter(project=project).order_by("-version").first()
    metrics: dict[str, Any] = {"job": job_id}
    labels_submitted = Label.objects.filter(asset__project=project, status=LabelStatus.SUBMITTED).count()
    if previous is not None:
        unseen = [label for label in labels if label.updated_at > previous.created_at][:MAX_EVALUATION_LABELS]
        if unseen:
            old = storage.classifier_load(previous.file)
            metrics["previous_version_on_new_labels"] = {"version": previous.version, **evaluate(old, unseen)}
    examples = []
    for label in labels:
        examples.append(TrainingImage(asset_rgb(label.asset), _class_map(label)))
        if progress_step:
            progress_step()
    model = train(examples)
    metrics["training_pixels_per_class"] = {str(k): v for k, v in model.trained_pixels.items()}
    metrics["training_labels"] = len(labels)
    path = storage.classifier_save(project.pk, version, model)
    return TrainedModel.objects.create(project=project, version=version, file=path,
                                       classes=[c for c in model.classes if c != 0],
                                       labels_used=labels_submitted, metrics=metrics)
