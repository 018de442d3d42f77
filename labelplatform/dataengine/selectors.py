"""Reads of the data engine: its versions, synthetic asset count, per-class acceptance and what it pre-labels."""

from typing import Any

from django.db.models import QuerySet

from labelplatform.assets.models import Asset
from labelplatform.dataengine.acceptance import acceptance_by_class
from labelplatform.dataengine.models import EngineVersion
from labelplatform.labels.models import Label, LabelStatus
from labelplatform.prelabel.models import PROPAGATION_SOURCE, Prediction
from labelplatform.projects.models import Project


def engine_summary(project: Project) -> dict[str, Any]:
    versions = EngineVersion.objects.filter(project=project).order_by("version")
    fields = ("version", "things", "classes", "labels_used", "synthetic_used", "metrics", "created_at")
    return {"versions": list(versions.values(*fields)),
            "synthetic_assets": Asset.objects.filter(project=project, synthetic=True).count(),
            "acceptance_by_class": acceptance_by_class(project)}


def prelabel_targets(project: Project, asset_ids: list[int] | None) -> QuerySet[Asset]:
    """The real assets a pre-label job predicts: those listed, else those without a submitted label (gold ones
    whatever their labels) and without a propagated pre-label. A sequence's propagated frames keep
    propagation's: its objects carry the tracks (the identity across frames) that the sequence editor
    corrects, and the engine's newer, class-only prediction would replace them there (the frame opened with
    new track ids and its propagation score gone)."""
    chosen = Asset.objects.filter(project=project, synthetic=False).order_by("id")
    if asset_ids is not None:
        return chosen.filter(pk__in=asset_ids)
    # A gold asset stays a target: its reference is a submitted label, and no pre-label on it would say gold.
    labeled = Label.objects.filter(asset__project=project, status=LabelStatus.SUBMITTED,
                                   asset__gold__isnull=True).values("asset_id")
    propagated = Prediction.objects.filter(asset__project=project, source=PROPAGATION_SOURCE).values("asset_id")
    return chosen.exclude(pk__in=labeled).exclude(pk__in=propagated)
