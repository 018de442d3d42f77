"""Writes of the datasets app: starting exports and imports, freezing and deleting dataset versions."""

from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import User
from django.db import IntegrityError, transaction
from django.db.models import Q
from rest_framework.exceptions import NotFound, ValidationError

from labelplatform.buckets.services import destination_check
from labelplatform.common.errors import Conflict
from labelplatform.common.events import VERSION_CREATED, event_raise
from labelplatform.datasets.formats import EXPORT_FORMATS
from labelplatform.datasets.formats.rasters import class_mask_labels
from labelplatform.datasets.models import DatasetVersion, LabelChoice, VersionItem
from labelplatform.datasets.selectors import chosen_revisions, classes_of, version_named
from labelplatform.jobs.broker import broker_check
from labelplatform.jobs.models import Job, JobStatus
from labelplatform.jobs.services import job_create
from labelplatform.labels.models import LabelObject
from labelplatform.projects.models import Project
from labelplatform.projects.selectors import ontology_current

VERSION_INSERT_BATCH = 2000  # items per INSERT when freezing a version


@dataclass(frozen=True, kw_only=True)
class ExportRequest:
    """What an export is asked for (ExportInSerializer's fields, its defaults)."""

    format: str
    labels: str = LabelChoice.LATEST
    version: str | None = None
    include_images: bool = False
    polygons: bool = False
    compress: bool = True
    instance_mode: str = "binary"
    synthetic: str = "exclude"  # the data engine's synthetic assets: "exclude", "include" or "only"
    bucket: int | None = None  # a bucket source of the project the result is written to, under bucket_prefix
    bucket_prefix: str = ""


def export_start(*, project: Project, user: User, request: ExportRequest) -> Job:
    params = export_params(project=project, request=request)
    broker_check()  # 503 with nothing written, rather than a job that waits for the broker
    with transaction.atomic():
        return job_create(kind="export", project=project, user=user, params=params)


def export_params(*, project: Project, request: ExportRequest) -> dict[str, Any]:
    """An export job's parameters, checked. Its version and ontology are resolved here, once: they keep the
    version's id and the classes and mask labels every part writes with (exporting.export_context)."""
    fmt = EXPORT_FORMATS[request.format]
    version_id = None
    if request.labels == LabelChoice.VERSION:
        if not request.version:
            raise ValidationError({"version": ["name the dataset version to export (labels: \"version\")"]})
        version = version_named(project, request.version)
        version_id, document, mask_labels = version.pk, version.ontology, version.mask_labels
    else:
        document = ontology_current(project).document
        mask_labels = class_mask_labels(classes_of(document))
    top = max(classes_of(document), default=0)
    if top > fmt.max_class_id:
        raise ValidationError({"format": [f"{fmt.name} holds class ids up to {fmt.max_class_id}; "
                                          f"this ontology uses {top}"]})
    return {
        "format": request.format, "labels": request.labels, "include_images": request.include_images,
        "polygons": request.polygons, "instance_mode": request.instance_mode, "compress": request.compress,
        # the name for people and version_delete's check, the id for the parts
        "version": request.version if version_id else None, "version_id": version_id,
        "classes": document.get("classes", []), "mask_labels": mask_labels, "synthetic": request.synthetic,
        "destination": None if request.bucket is None else destination_check(
            project=project, source_id=request.bucket, prefix=request.bucket_prefix),
    }


def version_create(*, project: Project, user: User, name: str, labels: str, description: str = "") -> DatasetVersion:
    """Freeze the chosen label revisions of every asset under `name` (revisions never change)."""
    if labels not in (LabelChoice.LATEST, LabelChoice.ACCEPTED):
        raise ValidationError({"labels": ["a version freezes \"latest\" or \"accepted\" labels"]})
    ontology = ontology_current(project)
    revisions = chosen_revisions(project, labels)
    with transaction.atomic():
        try:
            with transaction.atomic():  # a savepoint: the name clash is answered, not a broken transaction
                version = DatasetVersion.objects.create(
                    project=project, name=name, description=description, labels=labels,
                    ontology_version=ontology.version, ontology=ontology.document,
                    mask_labels=class_mask_labels(classes_of(ontology.document)), created_by=user,
                )
        except IntegrityError:
            raise Conflict(f"project {project.pk} already has a dataset version named {name!r}") from None
        batch: list[VersionItem] = []
        pairs = revisions.order_by("label__asset_id").values_list("pk", "label__asset_id")
        for revision_id, asset_id in pairs.iterator(chunk_size=VERSION_INSERT_BATCH):
            batch.append(VersionItem(version=version, asset_id=asset_id, revision_id=revision_id))
            if len(batch) >= VERSION_INSERT_BATCH:
                VersionItem.objects.bulk_create(batch)
                batch = []
        VersionItem.objects.bulk_create(batch)
        version.asset_count = version.items.count()
        version.object_count = LabelObject.objects.filter(revision__in=version.items.values("revision_id")).count()
        version.save(update_fields=["asset_count", "object_count"])
        event_raise(VERSION_CREATED, project_id=project.pk, data={"version": {
            "name": version.name, "labels": version.labels, "asset_count": version.asset_count,
            "object_count": version.object_count, "ontology_version": version.ontology_version}})
    return version


def version_delete(*, project: Project, name: str) -> None:
    """Delete a dataset version (its frozen items go with it; the label revisions stay).

    Refused (409) while an export or a compare of it is queued or running, so no job loses its source."""
    with transaction.atomic():
        version = DatasetVersion.objects.select_for_update().filter(project=project, name=name).first()
        if version is None:
            raise NotFound(f"no dataset version named {name!r}")
        uses = (Q(kind="export", params__version=name)
                | Q(kind="compare", params__a=name) | Q(kind="compare", params__b=name))
        busy = Job.objects.filter(uses, project=project, status__in=[JobStatus.QUEUED, JobStatus.RUNNING])
        job = busy.values_list("pk", "kind").first()
        if job:
            raise Conflict(f"{job[1]} job {job[0]} of version {name!r} is still running; delete it when the job ends")
        version.delete()


def compare_start(*, project: Project, user: User, a: str, b: str, limit: int) -> Job:
    """A `compare` job from version `a` to `b` (both must exist now; the result lands in job.result)."""
    for name in (a, b):
        if not DatasetVersion.objects.filter(project=project, name=name).exists():
            raise NotFound(f"no dataset version named {name!r}")
    broker_check()
    with transaction.atomic():
        return job_create(kind="compare", project=project, user=user, params={"a": a, "b": b, "limit": limit})
