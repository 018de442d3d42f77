"""Writes on assets: checked uploads and thumbnails."""

import uuid
from collections.abc import Sequence

from django.conf import settings
from django.contrib.auth.models import User
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from rest_framework.exceptions import ValidationError

from labelplatform.assets.images import CheckedImage, ImageRejected, check_image, make_thumbnail
from labelplatform.assets.models import Asset, AssetStatus
from labelplatform.jobs.services import job_create
from labelplatform.projects.models import Project


def assets_upload(*, project: Project, user: User, files: Sequence[UploadedFile]) -> list[Asset]:
    """All or nothing: every file is checked first; one bad file stores none and names itself."""
    if not files:
        raise ValidationError({"files": ["send one or more images in the multipart field 'files'"]})
    if len(files) > settings.MAX_UPLOAD_FILES:
        raise ValidationError({"files": [f"at most {settings.MAX_UPLOAD_FILES} files per request"]})
    checked: list[tuple[str, CheckedImage]] = []
    errors: list[str] = []
    for upload in files:
        name = (upload.name or "unnamed")[:500]
        try:
            checked.append((name, check_image(upload, name)))
        except ImageRejected as exc:
            errors.append(str(exc))
    if errors:
        raise ValidationError({"files": errors})
    written: list[str] = []
    try:
        with transaction.atomic():
            assets = []
            for name, image in checked:
                assets.append(asset_store(project=project, user=user, name=name, image=image, written=written))
            job_create(kind="thumbnails", project=project, user=user,
                       params={"asset_ids": [a.pk for a in assets]})
    except Exception:
        for path in written:  # the rows are gone with the rollback; the files go too
            default_storage.delete(path)
        raise
    return assets


def asset_store(*, project: Project, user: User | None, name: str, image: CheckedImage, written: list[str],
                synthetic: bool = False, status: str = AssetStatus.NEW) -> Asset:
    """One checked image's file and row; the caller holds the transaction and deletes `written` if it fails."""
    path = default_storage.save(f"assets/{project.pk}/{uuid.uuid4().hex}.{image.extension}", image.content)
    written.append(path)
    return Asset.objects.create(
        project=project, name=name, file=path, width=image.width, height=image.height,
        size_bytes=image.size_bytes, sha256=image.sha256, mime_type=image.mime_type,
        uploaded_by=user, synthetic=synthetic, status=status,
    )


def thumbnail_make(*, asset: Asset) -> None:
    """Idempotent: an asset that has its thumbnail keeps it."""
    if asset.thumbnail and default_storage.exists(asset.thumbnail):
        return
    with default_storage.open(asset.file, "rb") as handle:
        data = make_thumbnail(handle, settings.THUMBNAIL_SIZE)
    ext = "png" if data[:4] == b"\x89PNG" else "jpg"
    path = default_storage.save(f"thumbnails/{asset.project_id}/{asset.pk}.{ext}", ContentFile(data))
    Asset.objects.filter(pk=asset.pk).update(thumbnail=path)
