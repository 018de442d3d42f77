"""Writes on labels. A save always makes a new revision; nothing is overwritten.

Only the label rows: what a save means for the queue, the scores and the pre-labels is decided
above this app, in `labelplatform.flows.label_save`, from the `Saved` these functions return.
"""

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, NamedTuple, TypeVar

from django.contrib.auth.models import User
from django.db import connection, models
from django.utils import timezone

from labelplatform.assets.models import Asset
from labelplatform.common.errors import Conflict
from labelplatform.labels import revision_sql
from labelplatform.labels.attributes import check_values
from labelplatform.labels.models import Label, LabelObject, LabelRevision, LabelStatus
from labelplatform.labels.objects import CheckedObject, check_objects
from labelplatform.projects.selectors import ontology_of_row


class StaleRevision(Conflict):
    def __init__(self, label: Label, edited: int) -> None:
        super().__init__(f"label {label.pk} is at revision {label.revision}; you edited revision {edited}")
        self.label = label


@dataclass(frozen=True)
class LabelBody:
    """What a save sends, as LabelInSerializer leaves it (its defaults are these)."""

    objects: Any  # list of {class, mask, attributes}; checked by label_check
    status: str = LabelStatus.DRAFT
    classifications: dict[str, Any] = field(default_factory=dict)
    time_spent_s: float = 0.0


@dataclass(frozen=True)
class Checked:
    """A body that passed the checks, against the ontology version it was checked with."""

    body: LabelBody
    ontology_version: int
    objects: list[CheckedObject]
    classifications: dict[str, Any]


class WrittenObject(NamedTuple):
    """An object of the revision a save just wrote, as the answer and the later steps read it: a record, not
    a LabelObject, since nothing saves or queries it (a model instance each cost more than the answer's JSON)."""

    id: int
    order: int
    class_id: int
    counts: str
    area: int
    bbox: list[int]
    attributes: dict[str, Any]
    track: int | None

    @property
    def pk(self) -> int:
        return self.id


@dataclass(frozen=True)
class Saved:
    """What one save wrote: the label row as it is now, its new revision and that revision's objects."""

    label: Label
    revision: LabelRevision
    objects: list[WrittenObject]

    @property
    def submitted(self) -> bool:
        return self.label.status == LabelStatus.SUBMITTED


def label_check(*, asset: Asset, body: LabelBody) -> Checked:
    """Classes, attributes and masks; needs no lock, so callers run it before their transaction."""
    ontology = ontology_of_row(asset.project)  # the project row was loaded with the asset
    document = ontology.document
    classes = {c["id"]: c for c in document["classes"] if not c.get("archived")}
    submitted = body.status == LabelStatus.SUBMITTED
    objects = check_objects(body.objects, height=asset.height, width=asset.width, classes=classes,
                            submitted=submitted)
    classifications = check_values(body.classifications, document.get("classifications", []), "classifications",
                                   submitted)
    return Checked(body, ontology.version, objects, classifications)


# PostgreSQL writes a save in one statement (revision_sql.py), SQLite through the ORM; tests set
# this False to run the ORM path on PostgreSQL too and compare (tests/api/test_labels.py).
ONE_STATEMENT = True


def _one_statement() -> bool:
    return ONE_STATEMENT and connection.vendor == "postgresql"


M = TypeVar("M", bound=models.Model)


def _as_loaded(model: type[M], **values: Any) -> M:
    """A row just written, as the ORM would load it (Model.from_db): a save of it updates, not inserts."""
    names = [f.attname for f in model._meta.concrete_fields]
    return model.from_db(connection.alias, names, [values[name] for name in names])


def _statement_args(user: User, checked: Checked, now: datetime) -> dict[str, Any]:
    return {"editor": user.pk, "status": checked.body.status, "spent": checked.body.time_spent_s, "now": now,
            "ontology": checked.ontology_version, "classifications": checked.classifications,
            "objects": checked.objects}


def _saved_from_statement(edited: Label, user: User, checked: Checked, written: revision_sql.Written,
                          now: datetime) -> Saved:
    """The rows revision_sql wrote, built from what was sent and what the statement answered."""
    label_id, number, label_time, revision_id, object_ids = written
    body = checked.body
    label = _as_loaded(Label, id=label_id, asset_id=edited.asset_id, author_id=edited.author_id, revision=number,
                       status=body.status, time_spent_s=label_time, created_at=edited.created_at, updated_at=now)
    label.asset = edited.asset
    if Label.author.is_cached(edited):
        label.author = edited.author
    revision = _as_loaded(LabelRevision, id=revision_id, label_id=label_id, number=number, editor_id=user.pk,
                          status=body.status, ontology_version=checked.ontology_version,
                          classifications=checked.classifications, time_spent_s=body.time_spent_s, created_at=now)
    revision.editor = user
    return _saved(label, revision, object_ids, checked.objects)


def _saved(label: Label, revision: LabelRevision, object_ids: list[int], checked: list[CheckedObject]) -> Saved:
    revision.label = label
    objects = [WrittenObject(pk, i, o.class_id, o.counts, o.area, o.bbox, o.attributes, o.track)
               for i, (pk, o) in enumerate(zip(object_ids, checked, strict=True))]
    # The answer is built from what was just written: no second read of the objects.
    revision._prefetched_objects_cache = {"label_objects": objects}  # type: ignore[attr-defined]
    return Saved(label, revision, objects)


def _write_revision(label: Label, user: User, checked: Checked) -> Saved:
    revision = LabelRevision.objects.create(
        label=label, number=label.revision, editor=user, status=checked.body.status,
        ontology_version=checked.ontology_version, classifications=checked.classifications,
        time_spent_s=checked.body.time_spent_s,
    )
    rows = LabelObject.objects.bulk_create([
        LabelObject(revision=revision, order=i, class_id=o.class_id, counts=o.counts, area=o.area,
                    bbox=o.bbox, attributes=o.attributes, track=o.track)
        for i, o in enumerate(checked.objects)
    ])
    return _saved(label, revision, [row.pk for row in rows], checked.objects)


def label_write(*, asset: Asset, user: User, checked: Checked) -> Saved:
    """A new label by `user` on `asset`. The caller holds the transaction; a second label by the same
    author breaks the one-label-per-author constraint (IntegrityError: see `label_taken`)."""
    if _one_statement():
        now = timezone.now()
        written = revision_sql.write(revision_sql.CREATE_SQL, asset=asset.pk, author=user.pk,
                                     **_statement_args(user, checked, now))
        assert written is not None  # an insert always answers its row
        return _saved_from_statement(Label(asset=asset, author=user, created_at=now), user, checked, written, now)
    label = Label.objects.create(asset=asset, author=user, status=checked.body.status,
                                 time_spent_s=checked.body.time_spent_s)
    return _write_revision(label, user, checked)


def label_taken(*, asset: Asset, user: User) -> Conflict | None:
    """After an IntegrityError from label_write: the conflict to answer when the author already has a label."""
    existing = Label.objects.filter(asset=asset, author=user).first()
    if existing is None:
        return None
    return Conflict(f"you already have label {existing.pk} on this asset; PUT labels/{existing.pk}")


def label_write_over(*, label: Label, user: User, checked: Checked, edited: int) -> Saved:
    """Save over revision `edited`; a newer revision stored meanwhile is a conflict (StaleRevision, 409).
    The caller holds the transaction."""
    if _one_statement():
        now = timezone.now()
        written = revision_sql.write(revision_sql.UPDATE_SQL, label=label.pk, edited=edited,
                                     **_statement_args(user, checked, now))
        if written is None:
            raise StaleRevision(Label.objects.get(pk=label.pk), edited)
        return _saved_from_statement(label, user, checked, written, now)
    locked = Label.objects.select_for_update().get(pk=label.pk)
    locked.asset = label.asset  # already loaded with its project
    if locked.revision != edited:
        raise StaleRevision(locked, edited)
    locked.revision += 1
    locked.status = checked.body.status
    locked.time_spent_s += checked.body.time_spent_s
    locked.save(update_fields=["revision", "status", "time_spent_s", "updated_at"])
    return _write_revision(locked, user, checked)
