"""Writes on labels. A save always makes a new revision; nothing is overwritten."""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import datetime
from typing import Any

from django.contrib.auth.models import User
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from labelplatform.assets.models import Asset
from labelplatform.common.errors import Conflict
from labelplatform.labels import revision_sql
from labelplatform.labels.attributes import check_values
from labelplatform.labels.models import Label, LabelObject, LabelRevision, LabelStatus
from labelplatform.labels.objects import check_objects
from labelplatform.prelabel.services import maybe_retrain, prediction_acceptance_record
from labelplatform.projects.models import Project
from labelplatform.projects.selectors import ontology_of_row
from labelplatform.workflow.services import label_saved


class StaleRevision(Conflict):
    def __init__(self, label: Label, edited: int) -> None:
        super().__init__(f"label {label.pk} is at revision {label.revision}; you edited revision {edited}")
        self.label = label


def _check_body(asset: Asset, data: dict[str, Any]) -> "Checked":
    ontology = ontology_of_row(asset.project)  # the project row was loaded with the asset
    document = ontology.document
    classes = {c["id"]: c for c in document["classes"] if not c.get("archived")}
    submitted = data["status"] == LabelStatus.SUBMITTED
    objects = check_objects(
        data["objects"], height=asset.height, width=asset.width, classes=classes, submitted=submitted
    )
    classifications = check_values(
        data.get("classifications", {}), document.get("classifications", []), "classifications", submitted
    )
    return ontology.version, objects, classifications


Checked = tuple[int, list[Any], dict[str, Any]]  # ontology version, objects, classifications


# PostgreSQL writes a save in one statement (revision_sql.py); tests switch it off to run the ORM
# path SQLite takes on the same cases.
ONE_STATEMENT = True


def _one_statement() -> bool:
    return ONE_STATEMENT and connection.vendor == "postgresql"


def _write_revision(label: Label, user: User, data: dict[str, Any], checked: Checked) -> None:
    version, objects, classifications = checked
    revision = LabelRevision.objects.create(
        label=label, number=label.revision, editor=user, status=data["status"],
        ontology_version=version, classifications=classifications, time_spent_s=data["time_spent_s"],
    )
    created = LabelObject.objects.bulk_create([
        LabelObject(revision=revision, order=i, class_id=o.class_id, counts=o.counts, area=o.area,
                    bbox=o.bbox, attributes=o.attributes)
        for i, o in enumerate(objects)
    ])
    _after_write(label, user, revision, created)


def _written(label: Label, user: User, data: dict[str, Any], checked: Checked, written: revision_sql.Written,
             now: datetime) -> None:
    """The rows revision_sql wrote, as the model instances the answer and the workflow read."""
    version, objects, classifications = checked
    label.pk, label.revision, label.time_spent_s, revision_id, object_ids = written
    label.status, label.updated_at = data["status"], now
    revision = LabelRevision(
        pk=revision_id, label=label, number=label.revision, editor=user, status=data["status"],
        ontology_version=version, classifications=classifications, time_spent_s=data["time_spent_s"], created_at=now)
    created = [
        LabelObject(pk=pk, revision=revision, order=i, class_id=o.class_id, counts=o.counts, area=o.area,
                    bbox=o.bbox, attributes=o.attributes)
        for i, (pk, o) in enumerate(zip(object_ids, objects, strict=True))
    ]
    for row in (label, revision, *created):  # as if loaded: saved rows, not new ones
        row._state.adding, row._state.db = False, connection.alias
    _after_write(label, user, revision, created)


def _after_write(label: Label, user: User, revision: LabelRevision, created: list[LabelObject]) -> None:
    # The answer is built from what was just written: no second read of the objects.
    revision._prefetched_objects_cache = {"label_objects": created}  # type: ignore[attr-defined]
    label.saved_revision = revision  # type: ignore[attr-defined]
    prediction = label_saved(label=label, editor=user)  # claims, review sampling, scores, asset status
    if label.status == LabelStatus.SUBMITTED:
        # how much the labeler changed the model's pre-label
        prediction_acceptance_record(label=label, prediction_id=prediction)
        if not _RETRAIN_DEFERRED.get():
            maybe_retrain(label.asset.project)  # enqueued on commit when enough new labels came in


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
    maybe_retrain(project)


def _statement_args(user: User, data: dict[str, Any], checked: Checked, now: datetime) -> dict[str, Any]:
    version, objects, classifications = checked
    return {"editor": user.pk, "status": data["status"], "spent": data["time_spent_s"], "now": now,
            "ontology": version, "classifications": classifications, "objects": objects}


def label_create(*, asset: Asset, user: User, data: dict[str, Any]) -> Label:
    checked = _check_body(asset, data)  # outside the transaction: checks need no lock
    try:
        with transaction.atomic():
            if _one_statement():
                now = timezone.now()
                label = Label(asset=asset, author=user, created_at=now)
                written = revision_sql.write(revision_sql.CREATE_SQL, asset=asset.pk, author=user.pk,
                                             **_statement_args(user, data, checked, now))
                assert written is not None  # an insert always answers its row
                _written(label, user, data, checked, written, now)
            else:
                label = Label.objects.create(
                    asset=asset, author=user, status=data["status"], time_spent_s=data["time_spent_s"]
                )
                _write_revision(label, user, data, checked)
    except IntegrityError:  # one label per author and asset: the constraint decides, no extra read
        existing = Label.objects.filter(asset=asset, author=user).first()
        if existing is None:
            raise
        raise Conflict(f"you already have label {existing.pk} on this asset; PUT labels/{existing.pk}") from None
    return label


def label_update(*, label: Label, user: User, data: dict[str, Any]) -> Label:
    """Save over `data['revision']`; a newer revision stored meanwhile is a conflict (409)."""
    checked = _check_body(label.asset, data)
    with transaction.atomic():
        if _one_statement():
            now = timezone.now()
            written = revision_sql.write(revision_sql.UPDATE_SQL, label=label.pk, edited=data["revision"],
                                         **_statement_args(user, data, checked, now))
            if written is None:
                raise StaleRevision(Label.objects.get(pk=label.pk), data["revision"])
            saved = Label(asset=label.asset, author_id=label.author_id, created_at=label.created_at)
            _written(saved, user, data, checked, written, now)
            return saved
        locked = Label.objects.select_for_update().get(pk=label.pk)
        locked.asset = label.asset  # already loaded with its project
        if locked.revision != data["revision"]:
            raise StaleRevision(locked, data["revision"])
        locked.revision += 1
        locked.status = data["status"]
        locked.time_spent_s += data["time_spent_s"]
        locked.save(update_fields=["revision", "status", "time_spent_s", "updated_at"])
        _write_revision(locked, user, data, checked)
    return locked
