"""Starting an import: the request is checked and its file stored; the job does the rest."""

import uuid
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.core.files.storage import default_storage
from django.db import transaction
from rest_framework.exceptions import ValidationError

from labelplatform.datasets.formats.base import safe_name
from labelplatform.datasets.importing.sources import SourceError, allowed_folder
from labelplatform.jobs.broker import broker_check
from labelplatform.jobs.models import Job
from labelplatform.jobs.services import job_create
from labelplatform.projects.models import Project


def import_limit() -> int:
    # A whole dataset travels in one upload, so its limit is far above one image's.
    return int(getattr(settings, "MAX_IMPORT_BYTES", 20 * 1024**3))


def import_start(*, project: Project, user: User, data: dict[str, Any]) -> Job:
    params: dict[str, Any] = {key: data[key] for key in (
        "format", "predictions", "model_version", "source", "add_classes", "status")}
    broker_check()  # before the upload is stored: a 503 leaves nothing behind
    stored = None
    if data.get("path"):
        try:
            params["path"] = str(allowed_folder(data["path"]))
        except SourceError as exc:
            raise ValidationError({"path": [str(exc)]}) from None
    elif data.get("urls"):
        params["urls"] = list(data["urls"])
    else:
        upload = data["file"]
        if upload.size > import_limit():
            raise ValidationError({"file": [f"{upload.size} bytes, over the {import_limit()} byte import limit"]})
        if upload.size == 0:
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
