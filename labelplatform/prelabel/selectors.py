"""Reads of the pre-labeling app."""

from typing import Any

from django.db.models import Avg, Count, Prefetch, QuerySet, Sum

from labelplatform.assets.models import Asset
from labelplatform.labels.models import Label, LabelStatus
from labelplatform.prelabel.models import PROPAGATION_SOURCE, Prediction, PredictionAcceptance, PredictionObject
from labelplatform.projects.models import Project


def prelabel_assets(project: Project, asset_ids: list[int] | None) -> QuerySet[Asset]:
    """The assets a `prelabel` job predicts: those listed, else every asset but a sequence's propagated frames.
    Theirs carry the tracks (the identity across frames) that the sequence editor corrects; a newer, class-only
    prediction would become the frame's newest there (the frame opened with it, tracks and score gone)."""
    chosen = Asset.objects.filter(project=project).order_by("id")
    if asset_ids is not None:
        return chosen.filter(pk__in=asset_ids)
    propagated = Prediction.objects.filter(asset__project=project, source=PROPAGATION_SOURCE).values("asset_id")
    return chosen.exclude(pk__in=propagated)


def predictions_of(asset: Asset) -> QuerySet[Prediction]:
    return (Prediction.objects.filter(asset=asset).select_related("asset")
            .prefetch_related(Prefetch("predicted_objects", queryset=PredictionObject.objects.order_by("order")))
            .order_by("-created_at", "-id"))


def _ratio(part: int | None, whole: int | None) -> float | None:
    return round(part / whole, 4) if part is not None and whole else None


def acceptance_stats(project: Project) -> dict[str, Any]:
    """Totals over submitted labels that started from a prediction, overall and per source."""
    records = PredictionAcceptance.objects.filter(label__asset__project=project)
    sums = dict(labels=Count("id"), objects_predicted=Sum("objects_predicted"),
                objects_submitted=Sum("objects_submitted"), objects_kept=Sum("objects_kept"),
                pixels_predicted=Sum("pixels_predicted"), pixels_changed=Sum("pixels_changed"),
                mean_iou=Avg("mean_iou"), time_spent_s=Avg("label__time_spent_s"))

    def shaped(row: dict[str, Any]) -> dict[str, Any]:
        return {
            **{k: (v or 0) for k, v in row.items() if k not in ("mean_iou", "time_spent_s")},
            "object_acceptance": _ratio(row["objects_kept"], row["objects_predicted"]),
            "pixel_change_rate": _ratio(row["pixels_changed"], row["pixels_predicted"]),
            "mean_iou_of_kept": round(row["mean_iou"], 4) if row["mean_iou"] is not None else None,
            "mean_time_spent_s": round(row["time_spent_s"], 2) if row["time_spent_s"] is not None else None,
        }

    overall = shaped(records.aggregate(**sums))
    by_source = [{"source": row.pop("prediction__source"), **shaped(row)}
                 for row in records.values("prediction__source").annotate(**sums).order_by("prediction__source")]
    # the time question: labels that started from a prediction vs those drawn from scratch
    scratch = (Label.objects.filter(asset__project=project, status=LabelStatus.SUBMITTED, prediction_acceptance=None)
               .aggregate(n=Count("id"), t=Avg("time_spent_s")))
    return {**overall, "by_source": by_source,
            "labels_without_prediction": scratch["n"],
            "mean_time_spent_s_without_prediction": round(scratch["t"], 2) if scratch["t"] is not None else None,
            "predicted_assets": Prediction.objects.filter(asset__project=project)
            .values("asset").distinct().count()}
