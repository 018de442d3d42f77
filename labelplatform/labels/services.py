"""Writes on labels. A save always makes a new revision; nothing is overwritten."""

from typing import Any

from django.contrib.auth.models import User
from django.db import IntegrityError, transaction

from labelplatform.assets.models import Asset
from labelplatform.common.errors import Conflict
from labelplatform.labels.attributes import check_values
from labelplatform.labels.models import Label, LabelObject, LabelRevision, LabelStatus
from labelplatform.labels.objects import check_objects
from labelplatform.prelabel.services import maybe_retrain, prediction_acceptance_record
from labelplatform.projects.selectors import ontology_current
from labelplatform.workflow.services import label_saved


class StaleRevision(Conflict):
    def __init__(self, label: Label, edited: int) -> None:
        super().__init__(f"label {label.pk} is at revision {label.revision}; you edited revision {edited}")
        self.label = label


def _check_body(asset: Asset, data: dict[str, Any]) -> "Checked":
    ontology = ontology_current(asset.project)
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
    # The answer is built from what was just written: no second read of the objects.
    revision._prefetched_objects_cache = {"label_objects": created}  # type: ignore[attr-defined]
    label.saved_revision = revision  # type: ignore[attr-defined]
    label_saved(label=label, editor=user)  # claims, review sampling, scores and asset status (workflow)
    if label.status == LabelStatus.SUBMITTED:
        prediction_acceptance_record(label=label)  # how much the labeler changed the model's pre-label
        maybe_retrain(label.asset.project)  # enqueued on commit when enough new labels came in


def label_create(*, asset: Asset, user: User, data: dict[str, Any]) -> Label:
    checked = _check_body(asset, data)  # outside the transaction: checks need no lock
    try:
        with transaction.atomic():
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
