"""Starting an import: the request is checked and its file stored; the job does the rest."""

import uuid
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from rest_framework.exceptions import ValidationError

from labelplatform.datasets.formats.base import safe_name
from labelplatform.datasets.importing.classes import ClassResolver
from labelplatform.datasets.importing.sources import SourceError, allowed_folder
from labelplatform.jobs.broker import broker_check
from labelplatform.jobs.models import Job
from labelplatform.jobs.services import job_create
from labelplatform.projects.models import Project
from labelplatform.sequences.models import Sequence, SequenceStatus


def import_limit() -> int:
    # A whole dataset travels in one upload, so its limit is far above one image's.
    return int(getattr(settings, "MAX_IMPORT_BYTES", 20 * 1024**3))


@dataclass(frozen=True, kw_only=True)
class ImportRequest:
    """What an import is asked for (ImportInSerializer's fields, its defaults): one of file, path, urls."""

    file: UploadedFile | None = None
    path: str | None = None
    urls: list[str] = field(default_factory=list)
    format: str = "auto"
    predictions: bool = False
    model_version: str = ""
    source: str = "import"
    add_classes: bool = False
    status: str = "submitted"
    sequence: int | None = None
    track_classes: dict[str, Any] = field(default_factory=dict)


def import_start(*, project: Project, user: User, request: ImportRequest) -> Job:
    params: dict[str, Any] = {
        "format": request.format, "predictions": request.predictions, "model_version": request.model_version,
        "source": request.source, "add_classes": request.add_classes, "status": request.status,
    }
    if request.sequence is not None:
        params |= {"sequence": _ready_sequence(project, request.sequence), "track_classes": request.track_classes}
        _track_classes_check(project, request.track_classes, add=request.add_classes)
    broker_check()  # before the upload is stored: a 503 leaves nothing behind
    stored = None
    if request.path:
        try:
            params["path"] = str(allowed_folder(request.path))
        except SourceError as exc:
            raise ValidationError({"path": [str(exc)]}) from None
    elif request.urls:
        params["urls"] = list(request.urls)
    elif request.file is None:
        raise ValidationError("send exactly one of: a multipart `file`, a `path`, or `urls`")
    else:
        upload = request.file
        size = upload.size or 0
        if size > import_limit():
            raise ValidationError({"file": [f"{size} bytes, over the {import_limit()} byte import limit"]})
        if size == 0:
            raise ValidationError({"file": ["the file is empty"]})
        name = safe_name(upload.name or "upload")
        stored = default_storage.save(f"imports/{project.pk}/{uuid.uuid4().hex}-{name}", upload)
        params["file"], params["file_name"] = stored, name
    try:
        with transaction.atomic():
            return job_create(kind="import", project=project, user=user, params=params)
    except Exception:
        if stored:
            default_storage.delete(stored)
        raise


def _ready_sequence(project: Project, sequence_id: int) -> int:
    """A sequence of this project whose frames are decoded; a 400 otherwise (another project's is not found)."""
    found = Sequence.objects.filter(project=project, pk=sequence_id).values_list("status", flat=True).first()
    if found is None:
        raise ValidationError({"sequence": [f"no sequence {sequence_id} in this project"]})
    if found != SequenceStatus.READY:
        raise ValidationError({"sequence": [f"sequence {sequence_id} is {found}; an import needs its frames decoded"]})
    return sequence_id


def _track_classes_check(project: Project, track_classes: dict[str, Any], *, add: bool) -> None:
    """A 400 naming the tracks whose class is not an active class of the ontology, matched as the job matches
    them (ClassResolver): the job would skip their objects. A name is let through with `add` (the job adds it);
    an id never is, since no id can be added."""
    resolver = ClassResolver(project, None, add=False)
    bad = [f"track {track}: {ref!r}" for track, ref in track_classes.items()
           if not (add and isinstance(ref, str)) and resolver.resolve(ref) is None]
    if bad:
        raise ValidationError({"track_classes": [
            f"not active classes of this project's ontology: {', '.join(bad[:20])}"
            + ("" if add else " (add_classes: true adds a missing name)")]})
