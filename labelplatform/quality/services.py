"""Writes of quality: gold references and the scores stored when labels are submitted."""

from collections.abc import Hashable
from itertools import permutations
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from rest_framework.exceptions import ValidationError

from labelplatform.assets.models import Asset
from labelplatform.labels.models import Label, LabelStatus
from labelplatform.labels.selectors import labels_with_current
from labelplatform.quality.models import GoldStandard, Score, ScoreKind
from labelplatform.quality.scoring import ClassScore, compare_labels, mean_scores, overall
from labelplatform.workflow.config import workflow_config

Objects = list[tuple[Hashable, dict[str, object]]]


def _objects(label: Label, revision) -> Objects:  # type: ignore[no-untyped-def]
    size = [label.asset.height, label.asset.width]
    return [(o.class_id, {"size": size, "counts": o.counts}) for o in revision.label_objects.all()]


def _store(label: Label, kind: str, per_class: dict[Hashable, ClassScore]) -> None:
    total = overall(per_class)
    rows = [(None, total)] + sorted(per_class.items(), key=lambda item: int(item[0]))  # type: ignore[call-overload]
    Score.objects.bulk_create([
        Score(label=label, project_id=label.asset.project_id, asset_id=label.asset_id, author_id=label.author_id,
              kind=kind, class_id=cls, iou=s.iou, precision=s.precision, recall=s.recall, revision=label.revision)
        for cls, s in rows
    ])


_LOOK_UP: Any = object()  # "find the asset's gold yourself"


def scores_refresh(*, asset: Asset, gold_label: int | None = _LOOK_UP) -> None:
    """Rescore every submitted label of a gold or consensus asset (others are cheap no-ops).

    `gold_label` is the asset's gold label id (None: not gold); left out, it is looked up.
    """
    if gold_label is _LOOK_UP:
        gold_label = GoldStandard.objects.filter(asset=asset).values_list("label_id", flat=True).first()
    consensus = workflow_config(asset.project.settings).labels_per_asset > 1
    if gold_label is None and not consensus:
        return
    submitted = labels_with_current(Label.objects.filter(asset=asset, status=LabelStatus.SUBMITTED))
    Score.objects.filter(asset=asset).delete()
    if gold_label is not None:
        reference = next(((lb, rev) for lb, rev in submitted if lb.pk == gold_label), None)
        if reference is None:
            return
        truth = _objects(*reference)
        for label, revision in submitted:
            if label.pk != gold_label:
                _store(label, ScoreKind.GOLD, compare_labels(_objects(label, revision), truth))
        return
    objects = {label.pk: _objects(label, revision) for label, revision in submitted}
    by_label: dict[int, list[dict[Hashable, ClassScore]]] = {pk: [] for pk in objects}
    for first, second in permutations(objects, 2):
        by_label[first].append(compare_labels(objects[first], objects[second]))
    for label, _ in submitted:
        if by_label[label.pk]:
            _store(label, ScoreKind.CONSENSUS, mean_scores(by_label[label.pk]))


@transaction.atomic
def gold_set(*, asset: Asset, label_id: int, user: User) -> GoldStandard:
    """Make `label_id` (a submitted label of this asset) the reference; existing labels are scored against it."""
    label = Label.objects.filter(pk=label_id, asset=asset).first()
    if label is None:
        raise ValidationError({"label": [f"label {label_id} is not a label of asset {asset.pk}"]})
    if label.status != LabelStatus.SUBMITTED:
        raise ValidationError({"label": [f"label {label_id} is a draft; submit it before making it the gold"]})
    gold, _ = GoldStandard.objects.update_or_create(
        asset=asset, defaults={"project_id": asset.project_id, "label": label, "set_by": user}
    )
    scores_refresh(asset=asset)
    from labelplatform.workflow.services import asset_status_refresh

    asset_status_refresh(asset_id=asset.pk)
    return gold


@transaction.atomic
def gold_remove(*, asset: Asset) -> None:
    GoldStandard.objects.filter(asset=asset).delete()
    Score.objects.filter(asset=asset, kind=ScoreKind.GOLD).delete()
    scores_refresh(asset=asset)
    from labelplatform.workflow.services import asset_status_refresh

    asset_status_refresh(asset_id=asset.pk)
