"""Writes of the pre-labeling app: predictions, acceptance, registered models, and the jobs."""

from collections.abc import Sequence
from typing import Any

from django.contrib.auth.models import User
from django.db import connection, transaction
from django.db.models import Max
from rest_framework.exceptions import ValidationError

from labelplatform.assets.models import Asset
from labelplatform.jobs.broker import broker_check
from labelplatform.jobs.models import Job, JobStatus
from labelplatform.jobs.services import job_create
from labelplatform.labels.models import Label, LabelStatus, ObjectRow
from labelplatform.masks import measure
from labelplatform.prelabel.acceptance import compare_with_prediction
from labelplatform.prelabel.models import Prediction, PredictionAcceptance, PredictionObject, TrainedModel
from labelplatform.prelabel.predictions import check_predicted_objects, without_overlaps
from labelplatform.projects.models import Project

RETRAIN_EVERY = 5  # new submitted labels before the pre-labeler retrains (project.settings["prelabel_retrain_every"])
LEAST_CONFIDENT = "least_confident"
TRAIN_KIND = "prelabel_train"  # the job kind (handlers.py registers it)
PRIORITY_SCALE = 1000  # priority = (1 - confidence) * scale: the least confident asset comes first


def prediction_store(
    *, asset: Asset, objects: list[dict[str, Any]], source: str, model_version: str = "", score: float | None = None
) -> Prediction:
    """Validate `objects` ([{class, mask, score, track}]) through the mask library and store them. The
    prediction's `score` is the objects' mean unless given (propagation gives its least confident track's).

    A ValidationError (400) names the object and stores nothing. Overlaps go to the higher score.
    Storing again for the same asset, source and model_version replaces the earlier prediction,
    so retried jobs are safe.
    """
    if not isinstance(source, str) or not source.strip() or len(source) > 100:
        raise ValidationError({"source": ["a non-empty name of at most 100 characters"]})
    if not isinstance(model_version, str) or len(model_version) > 100:
        raise ValidationError({"model_version": ["a string of at most 100 characters"]})
    checked = without_overlaps(check_predicted_objects(asset, objects))
    measured = [measure(o.rle) for o in checked]
    scores = [o.score for o in checked if o.score is not None]
    if score is None and scores:
        score = sum(scores) / len(scores)
    with transaction.atomic():
        Prediction.objects.filter(asset=asset, source=source, model_version=model_version).delete()
        prediction = Prediction.objects.create(asset=asset, source=source, model_version=model_version, score=score)
        PredictionObject.objects.bulk_create([
            PredictionObject(prediction=prediction, order=i, class_id=o.class_id, counts=m.rle["counts"],
                             score=o.score, area=m.area, bbox=m.bbox, track=o.track)
            for i, (o, m) in enumerate(zip(checked, measured, strict=True))
        ])
    return prediction


_NEWEST: Any = object()  # "find the asset's newest prediction yourself"


def prediction_acceptance_record(*, label: Label, objects: Sequence[ObjectRow],
                                 prediction_id: int | None = _NEWEST) -> PredictionAcceptance | None:
    """Call after a label is submitted, with the objects of its new revision: how much the labeler
    changed the asset's newest prediction.

    Does nothing (None) for drafts and for assets without a prediction (`prediction_id` None, when
    the caller already knows); a later submit of the same label replaces the record.
    """
    if label.status != LabelStatus.SUBMITTED or prediction_id is None:
        return None
    if prediction_id is _NEWEST:
        prediction = Prediction.objects.filter(asset_id=label.asset_id).order_by("-created_at", "-id").first()
    else:
        prediction = Prediction.objects.filter(pk=prediction_id).first()
    if prediction is None:
        return None
    figures = compare_with_prediction(label, objects, prediction)
    record, _ = PredictionAcceptance.objects.update_or_create(
        label=label, defaults={"prediction": prediction, "revision": label.revision, **figures})
    return record


def prediction_priorities_set(*, project: Project, asset_ids: list[int], default: str = "") -> int:
    """Least confident first: priority from the newest prediction's confidence (no objects = least).
    Done when the project's `priority` setting is least_confident, or, unset, when `default` is
    (frames of sequences: propagation's confidence orders them unless a manager chose otherwise). An empty
    setting is unset: settings merge on update, so "" is how a manager goes back to the default."""
    if (project.settings.get("priority") or default) != LEAST_CONFIDENT:
        return 0
    changed = 0
    for asset_id in asset_ids:
        prediction = Prediction.objects.filter(asset_id=asset_id).order_by("-created_at", "-id").first()
        if prediction is None:
            continue
        confidence = prediction.score if prediction.score is not None else 0.0
        changed += Asset.objects.filter(pk=asset_id).update(priority=round((1.0 - confidence) * PRIORITY_SCALE))
    return changed


def submitted_label_count(project: Project) -> int:
    return Label.objects.filter(asset__project=project, status=LabelStatus.SUBMITTED).count()


def train_start(*, project: Project, user: User | None) -> Job:
    if submitted_label_count(project) == 0:
        raise ValidationError({"detail": "the project has no submitted labels to train on"})
    broker_check()  # a start someone waits on answers 503; automatic retraining (maybe_retrain) waits instead
    return job_create(kind=TRAIN_KIND, project=project, user=user, params={})


# One round trip on every submit: the newest version, the new labels since it (counted only up to
# the number needed, so a big project costs the same) and whether a training is already pending.
_RETRAIN_DUE_SQL = """
WITH newest AS (
    SELECT created_at, labels_used FROM prelabel_trainedmodel WHERE project_id = %(project)s
    ORDER BY version DESC LIMIT 1),
needed AS (
    SELECT CASE WHEN COALESCE(MAX(labels_used), 0) / 2 > %(every)s THEN MAX(labels_used) / 2
                ELSE %(every)s END AS n FROM newest)
SELECT
    (SELECT COUNT(*) FROM (
        SELECT 1 FROM labels_label l JOIN assets_asset a ON a.id = l.asset_id
        WHERE a.project_id = %(project)s AND l.status = %(submitted)s
          AND (NOT EXISTS (SELECT 1 FROM newest) OR l.updated_at > (SELECT created_at FROM newest))
        LIMIT (SELECT n FROM needed)) counted),
    (SELECT n FROM needed),
    EXISTS (SELECT 1 FROM jobs_job WHERE kind = %(kind)s AND project_id = %(project)s
                                     AND status IN (%(queued)s, %(running)s))
"""


def maybe_retrain(project: Project) -> Job | None:
    """Start a training job when enough labels arrived since the newest trained version.

    Due after `every` new submitted labels, or half as many as the newest version used if that
    is more: early versions improve fast, later ones would only keep the workers busy. Cheap:
    one query, counting only up to the labels needed. Call after every label submit.
    """
    every = project.settings.get("prelabel_retrain_every", RETRAIN_EVERY)
    if not isinstance(every, int) or isinstance(every, bool) or every <= 0:
        return None  # a project may switch automatic retraining off with 0
    with connection.cursor() as cursor:
        cursor.execute(_RETRAIN_DUE_SQL, {"project": project.pk, "every": every, "submitted": LabelStatus.SUBMITTED,
                                          "kind": TRAIN_KIND, "queued": JobStatus.QUEUED, "running": JobStatus.RUNNING})
        new_labels, needed, pending = cursor.fetchone()
    if new_labels < needed or pending:
        return None
    with transaction.atomic():
        return job_create(kind=TRAIN_KIND, project=project, user=None, params={"automatic": True})


def trained_model_next_version(project: Project) -> int:
    return (TrainedModel.objects.filter(project=project).aggregate(v=Max("version"))["v"] or 0) + 1


def prelabel_start(*, project: Project, user: User, backend: str, asset_ids: list[int] | None) -> Job:
    from labelplatform.prelabel.backends import resolve_backend

    resolve_backend(project, backend)  # a 400 now rather than a failed job later
    if asset_ids is not None:
        found = set(Asset.objects.filter(project=project, pk__in=asset_ids).values_list("pk", flat=True))
        missing = sorted(set(asset_ids) - found)
        if missing:
            raise ValidationError({"assets": [f"not assets of this project: {missing[:20]}"]})
    elif not Asset.objects.filter(project=project).exists():
        raise ValidationError({"assets": ["the project has no assets"]})
    broker_check()
    return job_create(kind="prelabel", project=project, user=user,
                      params={"backend": backend, "asset_ids": asset_ids})
