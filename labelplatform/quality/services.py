"""Writes of quality: gold references, the scores stored when labels are submitted, and which label
of a consensus asset is its answer."""

from collections.abc import Hashable
from itertools import permutations
from typing import Any, cast

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone
from rest_framework.exceptions import PermissionDenied, ValidationError

from labelplatform.assets.models import Asset
from labelplatform.common.errors import Conflict
from labelplatform.labels.models import Label, LabelRevision, LabelStatus
from labelplatform.labels.selectors import labels_with_current
from labelplatform.masks.rle import Rle
from labelplatform.projects.config import workflow_config
from labelplatform.quality.models import ChoiceMethod, ConsensusChoice, GoldStandard, Score, ScoreKind
from labelplatform.quality.scoring import ClassScore, Objects, compare_labels, mean_scores, overall


def _objects(label: Label, revision: LabelRevision) -> Objects:
    size = [label.asset.height, label.asset.width]
    return [(o.class_id, Rle(size=size, counts=o.counts)) for o in revision.label_objects.all()]


def _store(label: Label, kind: str, per_class: dict[Hashable, ClassScore]) -> float:
    """Store the label's scores; answers its overall IoU."""
    total = overall(per_class)
    by_class = sorted((cast(int, cls), score) for cls, score in per_class.items())  # our class ids are ints
    rows: list[tuple[int | None, ClassScore]] = [(None, total), *by_class]
    Score.objects.bulk_create([
        Score(label=label, project_id=label.asset.project_id, asset_id=label.asset_id, author_id=label.author_id,
              kind=kind, class_id=cls, iou=s.iou, precision=s.precision, recall=s.recall, revision=label.revision)
        for cls, s in rows
    ])
    return total.iou


_LOOK_UP: Any = object()  # "find the asset's gold yourself"


def scores_refresh(*, asset: Asset, gold_label: int | None = _LOOK_UP, needed: int | None = None,
                   in_hand: tuple[Label, LabelRevision] | None = None) -> None:
    """Rescore every submitted label of a gold or consensus asset (others are cheap no-ops), and settle
    a consensus asset's choice (ConsensusChoice) from the new agreement.

    `gold_label` is the asset's gold label id (None: not gold) and `needed` its project's labels per
    asset; left out, they are looked up. `in_hand`: a submitted label just saved, with its revision's
    objects, so they are not read back.
    """
    if gold_label is _LOOK_UP:
        gold_label = GoldStandard.objects.filter(asset=asset).values_list("label_id", flat=True).first()
    if needed is None:
        needed = workflow_config(asset.project.settings).labels_per_asset
    consensus = needed > 1
    if gold_label is None and not consensus:
        return
    others = Label.objects.filter(asset=asset, status=LabelStatus.SUBMITTED)
    if in_hand is None:
        submitted = labels_with_current(others)
    else:
        submitted = sorted([*labels_with_current(others.exclude(pk=in_hand[0].pk)), in_hand],
                           key=lambda pair: pair[0].pk)
    Score.objects.filter(asset=asset).delete()
    if gold_label is not None:
        reference = next(((lb, rev) for lb, rev in submitted if lb.pk == gold_label), None)
        if reference is None:
            return
        truth = _objects(*reference)
        labelers = [(label, revision) for label, revision in submitted if label.pk != gold_label]
        for label, revision in labelers:
            _store(label, ScoreKind.GOLD, compare_labels(_objects(label, revision), truth))
        if consensus:  # the labelers agree or not as on any asset (none would say gold); the reference is the answer
            _consensus_store(labelers)
        return
    _choice_settle(asset, needed, _consensus_store(submitted))


def _consensus_store(submitted: list[tuple[Label, LabelRevision]]) -> dict[int, float | None]:
    """Each label's agreement with the others (mean of the pairwise scores), stored; label id -> overall."""
    objects = {label.pk: _objects(label, revision) for label, revision in submitted}
    by_label: dict[int, list[dict[Hashable, ClassScore]]] = {pk: [] for pk in objects}
    for first, second in permutations(objects, 2):
        by_label[first].append(compare_labels(objects[first], objects[second]))
    return {
        label.pk: _store(label, ScoreKind.CONSENSUS, mean_scores(by_label[label.pk])) if by_label[label.pk] else None
        for label, _ in submitted
    }


def _choice_settle(asset: Asset, needed: int, agreements: dict[int, float | None]) -> None:
    """Keep a consensus asset's choice in step with its submitted labels (id -> overall agreement).

    A pick stays while its label is submitted; otherwise, with `needed` labels or more, the label that
    agrees best is chosen (ties: the earliest); with fewer, there is no choice. Writes only on a change.
    """
    choice = ConsensusChoice.objects.filter(asset=asset).first()
    now = timezone.now()
    if choice is not None and choice.method == ChoiceMethod.PICKED and choice.label_id in agreements:
        if choice.agreement != agreements[choice.label_id]:
            choice.agreement, choice.updated_at = agreements[choice.label_id], now
            choice.save(update_fields=["agreement", "updated_at"])
        return
    if len(agreements) < needed:
        if choice is not None:
            choice.delete()
        return
    best = max(agreements, key=lambda pk: (round(agreements[pk] or 0.0, 9), -pk))  # float noise is no win
    if choice is not None and (choice.method, choice.label_id, choice.agreement) == (
            ChoiceMethod.AGREEMENT, best, agreements[best]):
        return
    # An upsert: two submits on one asset at once must not trip over the one-choice-per-asset rule.
    ConsensusChoice.objects.bulk_create(
        [ConsensusChoice(asset=asset, project_id=asset.project_id, label_id=best, method=ChoiceMethod.AGREEMENT,
                         chosen_by=None, agreement=agreements[best], created_at=now, updated_at=now)],
        update_conflicts=True, unique_fields=["asset"],
        update_fields=["label", "method", "chosen_by", "agreement", "updated_at"],
    )


def scores_withdraw(*, label: Label, gold_label: int | None, needed: int) -> None:
    """A consensus label saved as a draft: if it had been scored (it was submitted), rescore the asset
    without it, which also settles the asset's choice anew. One query when it had not been."""
    if Score.objects.filter(label=label).exists():
        scores_refresh(asset=label.asset, gold_label=gold_label, needed=needed)


@transaction.atomic
def consensus_pick(*, asset: Asset, label_id: int, user: User) -> ConsensusChoice:
    """A reviewer or manager makes a submitted label of a consensus asset its answer (not their own)."""
    label = Label.objects.select_for_update().filter(pk=label_id, asset=asset).first()  # no draft save meanwhile
    if label is None:
        raise ValidationError({"label": [f"label {label_id} is not a label of asset {asset.pk}"]})
    if label.author_id == user.pk:
        raise PermissionDenied("nobody settles a consensus in favour of their own label")
    if label.status != LabelStatus.SUBMITTED:
        raise ValidationError({"label": [f"label {label_id} is a draft; only submitted labels can be chosen"]})
    needed = workflow_config(asset.project.settings).labels_per_asset
    submitted = Label.objects.filter(asset=asset, status=LabelStatus.SUBMITTED).count()
    if needed < 2 or submitted < needed:
        raise Conflict(f"asset {asset.pk} has {submitted} submitted labels; a consensus needs {max(needed, 2)}")
    agreement = Score.objects.filter(label=label, kind=ScoreKind.CONSENSUS, class_id=None).values_list(
        "iou", flat=True).first()
    now = timezone.now()
    choice, _ = ConsensusChoice.objects.update_or_create(asset=asset, defaults={
        "project_id": asset.project_id, "label": label, "method": ChoiceMethod.PICKED, "chosen_by": user,
        "agreement": agreement, "updated_at": now})
    return choice


def gold_set(*, asset: Asset, label_id: int, user: User) -> GoldStandard:
    """Make `label_id` (a submitted label of this asset) the reference; existing labels are scored against it.
    The caller holds the transaction and moves the asset's status (flows.gold)."""
    label = Label.objects.filter(pk=label_id, asset=asset).first()
    if label is None:
        raise ValidationError({"label": [f"label {label_id} is not a label of asset {asset.pk}"]})
    if label.status != LabelStatus.SUBMITTED:
        raise ValidationError({"label": [f"label {label_id} is a draft; submit it before making it the gold"]})
    gold, _ = GoldStandard.objects.update_or_create(
        asset=asset, defaults={"project_id": asset.project_id, "label": label, "set_by": user}
    )
    scores_refresh(asset=asset)
    return gold


def gold_remove(*, asset: Asset) -> None:
    """The caller holds the transaction and moves the asset's status (flows.gold)."""
    GoldStandard.objects.filter(asset=asset).delete()
    Score.objects.filter(asset=asset, kind=ScoreKind.GOLD).delete()
    scores_refresh(asset=asset)
