"""A label save, start to end: check -> write -> the workflow's bookkeeping -> quality scores and
pre-label acceptance from the objects in hand -> the retraining check.

    labels.label_check       classes, attributes, masks (before the transaction: no lock needed)
    workflow.label_slot_check  a new label: the caller's claim, or a free slot (labels_per_asset);
                             on PostgreSQL label_saved checks it instead, in its one function call
    labels.label_write[_over] the label, its new revision and its objects (one statement on PostgreSQL)
    workflow.label_saved     [the slot,] claims, submission and review sampling, the asset's status
    quality.scores_refresh   gold or consensus scores, only on assets that have them
    prelabel.prediction_acceptance_record  what the labeler changed of the newest prediction
    prelabel.maybe_retrain   a training job, enqueued on commit, when enough new labels came in
    dataengine.engine_maybe_retrain  the same for the data engine, once a project trained it

Every step gets what the one before returned; nothing just written is read back.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.contrib.auth.models import User
from django.db import IntegrityError, transaction

from labelplatform.assets.models import Asset
from labelplatform.common.events import LABEL_SUBMITTED, event_raise
from labelplatform.dataengine.services import engine_maybe_retrain
from labelplatform.labels.models import Label, LabelStatus
from labelplatform.labels.services import (
    LabelBody,
    Saved,
    label_check,
    label_taken,
    label_write,
    label_write_over,
)
from labelplatform.prelabel.services import maybe_retrain, prediction_acceptance_record
from labelplatform.projects.config import workflow_config
from labelplatform.projects.models import Project
from labelplatform.quality.services import scores_refresh, scores_withdraw
from labelplatform.workflow.services import label_saved, label_slot_check, slot_checked_in_label_saved


def label_create(*, asset: Asset, user: User, body: LabelBody, through_queue: bool = True) -> Saved:
    """A new label; 409 (Conflict) when the author already has one on the asset, or when the asset has
    no free slot and the author no claim on it (workflow.label_slot_check). `through_queue=False`: a
    manager's import, which brings labels in outside the queue. `asset.project` is loaded."""
    checked = label_check(asset=asset, body=body)
    try:
        with transaction.atomic():
            if through_queue and not slot_checked_in_label_saved():
                label_slot_check(asset=asset, user=user, config=workflow_config(asset.project.settings))
            saved = label_write(asset=asset, user=user, checked=checked)
            _after_write(saved, user, take_slot=through_queue)
    except IntegrityError:  # one label per author and asset: the constraint decides, no extra read
        conflict = label_taken(asset=asset, user=user)
        if conflict is None:
            raise
        raise conflict from None
    return saved


def label_update(*, label: Label, user: User, body: LabelBody, edited: int) -> Saved:
    """Save over revision `edited`; StaleRevision (409) when another save landed since. A draft's
    submit takes a slot like a new label (workflow.label_slot_check): the asset may have been
    completed by others since the draft was saved. `label` is as read at revision `edited` (a newer
    one fails the write), so its status says whether this save submits a draft."""
    checked = label_check(asset=label.asset, body=body)
    take_slot = label.status == LabelStatus.DRAFT and body.status == LabelStatus.SUBMITTED
    with transaction.atomic():
        if take_slot and not slot_checked_in_label_saved():
            label_slot_check(asset=label.asset, user=label.author, config=workflow_config(label.asset.project.settings),
                             draft=label)
        saved = label_write_over(label=label, user=user, checked=checked, edited=edited)
        _after_write(saved, user, take_slot=take_slot)
    return saved


def _after_write(saved: Saved, editor: User, *, take_slot: bool) -> None:
    label = saved.label
    project = label.asset.project
    config = workflow_config(project.settings)
    workflow = label_saved(label=label, editor=editor, config=config, take_slot=take_slot)
    if saved.submitted:
        event_raise(LABEL_SUBMITTED, project_id=project.pk, data={"label": {
            "id": label.pk, "asset": label.asset_id, "author": label.author_id, "revision": label.revision,
            "objects": len(saved.objects)}}, wanted=project.events_wanted)
        scores_refresh(asset=label.asset, gold_label=workflow.gold_label, needed=config.labels_per_asset,
                       in_hand=(label, saved.revision))
        prediction_acceptance_record(label=label, objects=saved.objects, prediction_id=workflow.prediction)
        if not _RETRAIN_DEFERRED.get():
            _retrain_checks(project)
    elif label.revision > 1 and config.labels_per_asset > 1:  # back to draft: out of the consensus
        scores_withdraw(label=label, gold_label=workflow.gold_label, needed=config.labels_per_asset)


_RETRAIN_DEFERRED: ContextVar[bool] = ContextVar("retrain_deferred", default=False)


@contextmanager
def retrain_check_once(project: Project) -> Iterator[None]:
    """Bulk saves (imports): no retrain check per submitted label, one when the block ends.

    Per label it would count the project's new labels thousands of times, and while a long import
    keeps the planner's statistics stale that count can degrade to a scan per label."""
    token = _RETRAIN_DEFERRED.set(True)
    try:
        yield
    finally:
        _RETRAIN_DEFERRED.reset(token)
    _retrain_checks(project)


def _retrain_checks(project: Project) -> None:
    """The pre-labeler's and the data engine's: each job is enqueued on commit."""
    maybe_retrain(project)
    engine_maybe_retrain(project)
