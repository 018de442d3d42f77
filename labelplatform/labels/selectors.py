"""Reads on labels: the current revision with its objects, in few queries."""

from django.db.models import Prefetch, QuerySet

from labelplatform.labels.models import Label, LabelObject, LabelRevision


def revision_of(label: Label, number: int | None = None) -> LabelRevision:
    return (
        LabelRevision.objects.filter(label=label, number=number or label.revision)
        .prefetch_related(Prefetch("label_objects", queryset=LabelObject.objects.order_by("order")))
        .get()
    )


def labels_with_current(labels: QuerySet[Label]) -> list[tuple[Label, LabelRevision]]:
    """Each label with its current revision (objects prefetched): three queries in all."""
    rows = list(labels.select_related("author", "asset"))
    revisions = (
        LabelRevision.objects.filter(label__in=rows)
        .prefetch_related(Prefetch("label_objects", queryset=LabelObject.objects.order_by("order")))
    )
    current = {(r.label_id, r.number): r for r in revisions.filter(
        number__in={label.revision for label in rows})}
    return [(label, current[(label.pk, label.revision)]) for label in rows]
