"""Reads for datasets: which label revision each asset contributes (rows.py streams them in id order)."""

from typing import Any

from django.db.models import F, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce
from rest_framework.exceptions import ValidationError

from labelplatform.assets.models import AssetStatus
from labelplatform.datasets.models import DatasetVersion, LabelChoice, VersionItem
from labelplatform.labels.models import Label, LabelRevision, LabelStatus
from labelplatform.projects.models import Project
from labelplatform.quality.models import ConsensusChoice


def version_named(project: Project, name: str) -> DatasetVersion:
    version = DatasetVersion.objects.filter(project=project, name=name).first()
    if version is None:
        raise ValidationError({"version": [f"project {project.pk} has no dataset version named {name!r}"]})
    return version


SYNTHETIC_EXCLUDE, SYNTHETIC_INCLUDE, SYNTHETIC_ONLY = "exclude", "include", "only"


def chosen_revisions(project: Project, labels: str, version_id: int | None = None,
                     synthetic: str = SYNTHETIC_EXCLUDE) -> QuerySet[LabelRevision]:
    """One revision per asset, or the frozen ones of version `version_id`: the current revision of the
    label its consensus choice names (quality.ConsensusChoice), else of its latest submitted label.
    `synthetic`: the data engine's synthetic assets left out ("exclude"), added ("include") or alone ("only")."""
    if labels == LabelChoice.VERSION:
        frozen = VersionItem.objects.filter(version_id=version_id, version__project=project)
        return _synthetic(LabelRevision.objects.filter(pk__in=frozen.values("revision_id")), synthetic)
    latest = (
        Label.objects.filter(asset_id=OuterRef("asset_id"), status=LabelStatus.SUBMITTED)
        .order_by("-updated_at", "-id").values("pk")[:1]
    )
    consensus = ConsensusChoice.objects.filter(asset_id=OuterRef("asset_id"), label__status=LabelStatus.SUBMITTED)
    answer = Coalesce(Subquery(consensus.values("label_id")[:1]), Subquery(latest))
    chosen = Label.objects.filter(asset__project=project, status=LabelStatus.SUBMITTED, pk=answer)
    if labels == LabelChoice.ACCEPTED:
        # Review acceptance (workflow app) ends with the asset's status "done".
        chosen = chosen.filter(asset__status=AssetStatus.DONE)
    return _synthetic(LabelRevision.objects.filter(label__in=chosen, number=F("label__revision")), synthetic)


def _synthetic(revisions: QuerySet[LabelRevision], synthetic: str) -> QuerySet[LabelRevision]:
    if synthetic == SYNTHETIC_INCLUDE:
        return revisions
    return revisions.filter(label__asset__synthetic=synthetic == SYNTHETIC_ONLY)


def classes_of(document: dict[str, Any]) -> dict[int, dict[str, Any]]:
    """Every class of an ontology document by id, archived ones too (old labels may use them)."""
    return {c["id"]: c for c in document.get("classes", [])}
