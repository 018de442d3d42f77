"""Writes of the workflow: ending and renewing claims, what a label save means for the queue,
asset status transitions, and priorities."""

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.contrib.auth.models import User
from django.db import DatabaseError, connection, transaction
from django.utils import timezone
from rest_framework.exceptions import ValidationError

from labelplatform.assets.models import Asset, AssetStatus
from labelplatform.common.errors import Conflict
from labelplatform.common.events import ASSET_DONE, event_raise
from labelplatform.labels.models import Label, LabelStatus
from labelplatform.prelabel.models import Prediction
from labelplatform.projects.config import WorkflowConfig, workflow_config
from labelplatform.projects.models import Project
from labelplatform.quality.models import GoldStandard
from labelplatform.workflow.models import Claim, ClaimEnd, ReviewState, Stage, Submission

PRIORITY_RANGE = (-1_000_000, 1_000_000)


def _open_claim(claim: Claim, now: datetime) -> Claim:
    """Lock the claim row; a claim that ended or ran out cannot be renewed or ended again."""
    locked = Claim.objects.select_for_update().get(pk=claim.pk)
    if locked.ended_at is not None:
        raise Conflict(f"claim {locked.pk} already ended ({locked.end_reason}); ask queue/next for work")
    if locked.expires_at <= now:
        raise Conflict(f"claim {locked.pk} expired at {locked.expires_at.isoformat()}; ask queue/next for work")
    return locked


@transaction.atomic
def claim_heartbeat(*, claim: Claim) -> Claim:
    now = timezone.now()
    locked = _open_claim(claim, now)
    project = Project.objects.get(pk=locked.project_id)
    locked.expires_at = now + timedelta(seconds=workflow_config(project.settings).lease_seconds)
    locked.save(update_fields=["expires_at"])
    return locked


@transaction.atomic
def claim_release(*, claim: Claim) -> Claim:
    return _claim_end(claim, ClaimEnd.RELEASED, "")


@transaction.atomic
def claim_skip(*, claim: Claim, reason: str) -> Claim:
    if claim.stage == Stage.LABEL and claim.label_id is not None:
        raise Conflict("rework of your own rejected label cannot be skipped; release it to come back later")
    return _claim_end(claim, ClaimEnd.SKIPPED, reason)


def _claim_end(claim: Claim, reason: str, skip_reason: str) -> Claim:
    now = timezone.now()
    locked = _open_claim(claim, now)
    locked.ended_at, locked.end_reason, locked.skip_reason = now, reason, skip_reason
    locked.save(update_fields=["ended_at", "end_reason", "skip_reason"])
    asset_status_refresh(asset_id=locked.asset_id)
    return locked


def claims_tidy(*, now: datetime | None = None) -> int:
    """End claims whose lease ran out and fix their assets' status. Only tidying: the queue
    already treats an expired lease as free, so nothing waits on this."""
    now = now or timezone.now()
    with transaction.atomic():
        expired = list(
            Claim.objects.select_for_update(skip_locked=True)
            .filter(ended_at__isnull=True, expires_at__lte=now).values_list("pk", "asset_id")
        )
        Claim.objects.filter(pk__in=[pk for pk, _ in expired]).update(ended_at=now, end_reason=ClaimEnd.EXPIRED)
        for asset_id in sorted({asset_id for _, asset_id in expired}):
            asset_status_refresh(asset_id=asset_id)
    return len(expired)


# The PostgreSQL function (label_saved.sql) does the same in one round trip; tests switch it off
# to compare both paths on the same histories.
USE_DB_FUNCTION = True


@dataclass(frozen=True)
class LabelSaved:
    """What a save meant for the workflow, as the later steps of the save need it."""

    gold_label: int | None  # the asset's gold label (None: the asset is not gold)
    prediction: int | None  # the asset's newest prediction on a submit (None: none, or a draft)
    status: str  # the asset's status now


def label_saved(*, label: Label, editor: User, config: WorkflowConfig, take_slot: bool = False) -> LabelSaved:
    """The workflow's part of a label save (flows.label_save), inside its transaction.

    A submit ends the editor's label-stage claim on the asset, makes the label count toward
    labels_per_asset (sampled for review by review_fraction) or sends a resubmitted rework back
    to review; then the asset's status moves. `label.asset` is loaded with its project.

    `take_slot`: the save takes a slot (label_slot_check's rule: a POST through the queue, a
    draft's first submit). On PostgreSQL the function checks it in the same call and Conflict
    rolls the save back; elsewhere the caller ran label_slot_check before the write
    (slot_checked_in_label_saved() says which).
    """
    asset = label.asset
    submitted = label.status == LabelStatus.SUBMITTED
    now = timezone.now()
    fraction = config.review_fraction
    sampled = submitted and fraction > 0 and random.random() < fraction
    if slot_checked_in_label_saved():
        before = asset.status
        with connection.cursor() as cursor:
            try:
                cursor.execute(
                    "SELECT o_gold_label, o_status, o_prediction"
                    " FROM workflow_label_saved(%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
                    [label.pk, editor.pk, label.author_id, asset.pk, asset.project_id, submitted, label.revision == 1,
                     sampled, config.labels_per_asset, now, take_slot])
            except DatabaseError as error:
                if getattr(error.__cause__, "sqlstate", None) == NO_FREE_SLOT:
                    raise _no_free_slot(asset.pk, config.labels_per_asset) from None
                raise
            gold_label, asset.status, prediction = cursor.fetchone()
        if asset.status == AssetStatus.DONE and before != AssetStatus.DONE:
            _asset_done(asset)  # the ORM path raises it in asset_status_refresh; the row in hand says it moved
    else:
        gold_label, prediction = _label_saved_orm(label, editor, asset, now, submitted=submitted, sampled=sampled)
    return LabelSaved(gold_label, prediction, asset.status)


# workflow_label_saved's SQLSTATE for a save refused by the slot rule (label_saved.sql).
NO_FREE_SLOT = "LP409"


def slot_checked_in_label_saved() -> bool:
    """True on PostgreSQL: label_saved(take_slot=True) checks the slot rule in its one function call,
    after the write, so a save runs no label_slot_check statement before it."""
    return USE_DB_FUNCTION and connection.vendor == "postgresql"


def label_slot_check(*, asset: Asset, user: User, config: WorkflowConfig, draft: Label | None = None) -> None:
    """A new label follows the queue's rule for slots (flows.label_save, inside its transaction).

    Allowed when the caller holds an open label-stage claim on the asset (one round trip, the
    queue's path), or when queue/next could still hand the asset out: fewer submitted labels and
    open leases of other people than labels_per_asset. Gold-standard assets take a label from
    anyone (it is scored against the reference). Otherwise Conflict: a complete asset gets no extra
    label without a claim, whoever asks. Locks the asset row before counting, so two saves cannot
    both take its last slot. On PostgreSQL the same rule runs inside workflow_label_saved instead
    (label_saved(take_slot=True), see slot_checked_in_label_saved).

    `draft`: a stored draft being submitted by PUT (`user` is its author). A draft takes no slot, so
    its first submit is a new label for the rule: its own authorship does not pass it, a submission
    it had before (submitted, then taken back to draft) does. Other fixes of a label never come here.
    """
    facts = _slot_facts(asset.pk, user.pk, draft.pk if draft is not None else None, timezone.now())
    if facts is None:
        return  # the asset is gone: the write answers for it
    mine, authored, gold, submitted, others = facts
    # A claim of the caller's: the queue's path. Their own label: the write answers 409 (a draft's
    # earlier submission: its slot is already counted). Gold: scored.
    if mine or authored or gold:
        return
    if submitted + others >= config.labels_per_asset:
        raise _no_free_slot(asset.pk, config.labels_per_asset)


def _no_free_slot(asset_id: int, needed: int) -> Conflict:
    return Conflict(f"asset {asset_id} has all its {needed} label(s) or open claims; "
                    "label it through the queue (queue/next), or fix its label (PUT labels/{id})")


def _slot_facts(asset_id: int, user_id: int, draft_id: int | None,
                now: datetime) -> tuple[bool, bool, bool, int, int] | None:
    """The slot rule's facts in one statement, after locking the asset row: the caller's open lease, their
    own label (for a draft: its earlier submission), gold, submissions, other people's open leases.
    Plain SQL: built through the ORM this statement cost more CPU than the rest of a save."""
    claim, label, gold, submission = (m._meta.db_table for m in (Claim, Label, GoldStandard, Submission))
    lease = f"SELECT 1 FROM {claim} WHERE asset_id = %s AND stage = %s AND ended_at IS NULL AND expires_at > %s"
    own = (f"SELECT 1 FROM {submission} WHERE label_id = %s" if draft_id is not None
           else f"SELECT 1 FROM {label} WHERE asset_id = %s AND author_id = %s")
    own_params: list[int | None] = [draft_id] if draft_id is not None else [asset_id, user_id]
    sql = (f"SELECT EXISTS({lease} AND user_id = %s), EXISTS({own}),"
           f" EXISTS(SELECT 1 FROM {gold} WHERE asset_id = %s),"
           f" (SELECT COUNT(*) FROM {submission} WHERE asset_id = %s),"
           f" (SELECT COUNT(*) FROM ({lease} AND user_id <> %s) AS others)"
           f" FROM {Asset._meta.db_table} WHERE id = %s")
    params: list[int | str | datetime | None] = [asset_id, Stage.LABEL, now, user_id, *own_params, asset_id, asset_id,
              asset_id, Stage.LABEL, now, user_id, asset_id]
    with connection.cursor() as cursor:
        if connection.features.has_select_for_update:
            # Lock, then count in a statement of its own: one statement that waited for the lock
            # would count with the snapshot it took before waiting, missing the slot just taken.
            cursor.execute(f"SELECT 1 FROM {Asset._meta.db_table} WHERE id = %s FOR UPDATE", [asset_id])
        cursor.execute(sql, params)
        row = cursor.fetchone()
    if row is None:
        return None
    mine, authored, is_gold, submitted, others = row
    return bool(mine), bool(authored), bool(is_gold), int(submitted), int(others)


def _label_saved_orm(label: Label, editor: User, asset: Asset, now: datetime, *, submitted: bool,
                     sampled: bool) -> tuple[int | None, int | None]:
    gold_label = GoldStandard.objects.filter(asset=asset).values_list("label_id", flat=True).first()
    prediction = None
    if submitted:
        Claim.objects.filter(asset_id=label.asset_id, user=editor, stage=Stage.LABEL, ended_at__isnull=True).update(
            ended_at=now, end_reason=ClaimEnd.SUBMITTED
        )
        # Gold labels are sampled as any other: one never reviewed would tell the labeler it was gold.
        _submission_record(label, editor, asset, now, sampled=sampled)
        prediction = (Prediction.objects.filter(asset_id=asset.pk).order_by("-created_at", "-id")
                      .values_list("pk", flat=True).first())
    asset_status_refresh(asset_id=asset.pk, asset=asset, is_gold=gold_label is not None)
    return gold_label, prediction


def _submission_record(label: Label, editor: User, asset: Asset, now: datetime, *, sampled: bool) -> None:
    # A label's first revision cannot have been submitted before: skip the lookup.
    submission = None if label.revision == 1 else Submission.objects.select_for_update().filter(label=label).first()
    if submission is None:
        Submission.objects.create(
            label=label, project_id=asset.project_id, asset=asset, author_id=label.author_id, submitted_at=now,
            review_state=ReviewState.PENDING if sampled else ReviewState.NOT_SAMPLED,
        )
    elif submission.review_state == ReviewState.REJECTED and editor.pk == label.author_id:
        submission.review_state, submission.resubmitted_at = ReviewState.PENDING, now
        submission.save(update_fields=["review_state", "resubmitted_at"])


def asset_status_compute(asset: Asset, now: datetime, is_gold: bool | None = None) -> str:
    """new -> in_progress -> labeled | in_review -> done | rework, from the facts alone."""
    if is_gold is None:
        is_gold = GoldStandard.objects.filter(asset_id=asset.pk).exists()
    if is_gold:
        return AssetStatus.DONE  # the reference is the truth; the asset leaves the label queue
    needed = workflow_config(asset.project.settings).labels_per_asset
    states = list(Submission.objects.filter(asset_id=asset.pk).values_list("review_state", flat=True))
    return asset_status_from(states, needed, lambda: Label.objects.filter(asset_id=asset.pk).exists() or (
        Claim.objects.filter(asset_id=asset.pk, ended_at__isnull=True, expires_at__gt=now).exists()))


def asset_status_from(states: list[str], needed: int, busy: Callable[[], bool]) -> str:
    """The status that submissions' review states give; `busy` (asked only short of `needed`): a label or
    an open claim is on the asset."""
    if len(states) < needed:
        return AssetStatus.IN_PROGRESS if busy() else AssetStatus.NEW
    if ReviewState.REJECTED in states:
        return AssetStatus.REWORK
    if ReviewState.PENDING in states:
        return AssetStatus.IN_REVIEW
    if ReviewState.ACCEPTED in states:
        return AssetStatus.DONE
    return AssetStatus.LABELED


def asset_status_refresh(*, asset_id: int, asset: Asset | None = None, is_gold: bool | None = None) -> str:
    if asset is None:
        asset = Asset.objects.select_related("project").get(pk=asset_id)
    status = asset_status_compute(asset, timezone.now(), is_gold)
    # Compared in the database: the row in hand may be older than a concurrent change.
    moved = Asset.objects.filter(pk=asset_id).exclude(status=status).update(status=status)
    asset.status = status
    if moved and status == AssetStatus.DONE:
        _asset_done(asset)
    return status


def _asset_done(asset: Asset) -> None:
    event_raise(ASSET_DONE, project_id=asset.project_id, data={"asset": {"id": asset.pk, "name": asset.name}},
                wanted=asset.project.events_wanted)


def _check_priority(value: object, where: str) -> int:
    low, high = PRIORITY_RANGE
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise ValidationError({"priority": [f"{where}: priority must be a whole number from {low} to {high}"]})
    return value


def asset_priority_set(*, asset: Asset, priority: int) -> Asset:
    asset.priority = _check_priority(priority, f"asset {asset.pk}")
    Asset.objects.filter(pk=asset.pk).update(priority=asset.priority)
    return asset


@transaction.atomic
def assets_priority_set(*, project: Project, priorities: dict[int, int]) -> int:
    """Bulk priorities (e.g. from pre-label confidence); all or nothing, every asset must be the project's."""
    checked = {asset_id: _check_priority(p, f"asset {asset_id}") for asset_id, p in priorities.items()}
    found = set(Asset.objects.filter(project=project, pk__in=list(checked)).values_list("pk", flat=True))
    unknown = sorted(set(checked) - found)
    if unknown:
        raise ValidationError({"priorities": [f"assets not in project {project.pk}: {unknown[:20]}"]})
    by_priority: dict[int, list[int]] = {}
    for asset_id, priority in checked.items():
        by_priority.setdefault(priority, []).append(asset_id)
    for priority, ids in by_priority.items():
        Asset.objects.filter(pk__in=ids).update(priority=priority)
    return len(checked)


def priority_from_confidence(confidence: float) -> int:
    """Least confident pre-label first: confidence 0..1 maps to priority 1000..0."""
    return round((1.0 - min(max(confidence, 0.0), 1.0)) * 1000)
