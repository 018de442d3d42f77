"""Reads for datasets: which label revision each asset contributes, streamed in id order."""

from collections.abc import Iterator
from typing import Any

from django.db.models import F, OuterRef, QuerySet, Subquery, TextField
from django.db.models.functions import Cast, Coalesce
from rest_framework.exceptions import ValidationError

from labelplatform.assets.models import AssetStatus
from labelplatform.datasets.models import DatasetVersion, LabelChoice
from labelplatform.datasets.rows import AssetRow, ObjectRow
from labelplatform.labels.models import Label, LabelObject, LabelRevision, LabelStatus
from labelplatform.projects.models import Project
from labelplatform.quality.models import ConsensusChoice

# Assets per query while streaming: bounds memory (1,000 assets x ~20 objects x ~1 KB of counts
# is ~20 MB) while keeping round trips few.
ROW_BATCH = 1000


def version_named(project: Project, name: str) -> DatasetVersion:
    version = DatasetVersion.objects.filter(project=project, name=name).first()
    if version is None:
        raise ValidationError({"version": [f"project {project.pk} has no dataset version named {name!r}"]})
    return version


def chosen_revisions(project: Project, labels: str, version: str | None = None) -> QuerySet[LabelRevision]:
    """One revision per asset, or a version's: the current revision of the label its consensus choice
    names (quality.ConsensusChoice), else of its latest submitted label."""
    if labels == LabelChoice.VERSION:
        frozen = version_named(project, version or "")
        return LabelRevision.objects.filter(pk__in=frozen.items.values("revision_id"))
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
    return LabelRevision.objects.filter(label__in=chosen, number=F("label__revision"))


_ROW_FIELDS = (
    "pk", "label__asset_id", "label__asset__name", "label__asset__file", "label__asset__width",
    "label__asset__height", "label__asset__sha256", "label__asset__status", "label_id",
    "label__author__username", "number", "status", "classifications", "label__time_spent_s",
    "label__updated_at", "ontology_version",
)
_OBJECT_FIELDS = ("revision_id", "pk", "class_id", "counts", "area", "bbox_text", "attributes_text")


def asset_rows(
    revisions: QuerySet[LabelRevision], first_asset_id: int = 0, last_asset_id: int | None = None
) -> Iterator[AssetRow]:
    """Assets in id order with their chosen revision's objects; a batch of rows in memory at a time."""
    after = first_asset_id - 1
    while True:
        batch = revisions.filter(label__asset_id__gt=after)
        if last_asset_id is not None:
            batch = batch.filter(label__asset_id__lte=last_asset_id)
        heads = list(batch.order_by("label__asset_id").values_list(*_ROW_FIELDS)[:ROW_BATCH])
        if not heads:
            return
        objects: dict[int, list[ObjectRow]] = {head[0]: [] for head in heads}
        rows = LabelObject.objects.filter(revision_id__in=list(objects)).order_by("revision_id", "order").annotate(
            # JSON as text: parsing 2 small documents per object would cost more than the whole query.
            bbox_text=Cast("bbox", TextField()), attributes_text=Cast("attributes", TextField()))
        for revision_id, *fields in rows.values_list(*_OBJECT_FIELDS).iterator(chunk_size=5000):
            objects[revision_id].append(ObjectRow(*fields))
        for head in heads:
            # head holds the fields in _ROW_FIELDS order, the revision id first
            yield AssetRow(*head[1:], objects=objects[head[0]])  # type: ignore[misc]
        after = heads[-1][1]


def asset_id_bounds(revisions: QuerySet[LabelRevision], size: int) -> list[tuple[int, int, int]]:
    """Split the chosen assets into ranges of `size` assets: (first id, last id, count), in id order."""
    ids = revisions.order_by("label__asset_id").values_list("label__asset_id", flat=True)
    bounds: list[tuple[int, int, int]] = []
    start: Any = None
    count = 0
    last = 0
    for asset_id in ids.iterator(chunk_size=10000):
        if start is None:
            start = asset_id
        count += 1
        last = asset_id
        if count == size:
            bounds.append((start, last, count))
            start, count = None, 0
    if start is not None:
        bounds.append((start, last, count))
    return bounds


def classes_of(document: dict[str, Any]) -> dict[int, dict[str, Any]]:
    """Every class of an ontology document by id, archived ones too (old labels may use them)."""
    return {c["id"]: c for c in document.get("classes", [])}
