"""Writes on assets: checked uploads and thumbnails."""

import os
import uuid
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import IO, TypeVar

from django.conf import settings
from django.contrib.auth.models import User
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from rest_framework.exceptions import ValidationError

from labelplatform.assets.external import asset_file_open
from labelplatform.assets.images import CheckedImage, ImageRejected, check_image, make_thumbnail
from labelplatform.assets.models import Asset, AssetStatus
from labelplatform.jobs.models import Job
from labelplatform.jobs.services import jobs_create
from labelplatform.projects.models import Project

# Threads that check and write an upload's images: the work is inflating, hashing and writing, which
# release the GIL (zlib, hashlib, file I/O), so a request's images are checked side by side.
UPLOAD_THREADS = min(4, os.cpu_count() or 1)
T = TypeVar("T")
R = TypeVar("R")


def _check(upload: UploadedFile) -> tuple[str, CheckedImage | ImageRejected]:
    name = (upload.name or "unnamed")[:500]
    try:
        return name, check_image(upload, name)
    except ImageRejected as exc:
        return name, exc


def assets_upload(*, project: Project, user: User, files: Sequence[UploadedFile],
                  more_jobs: Callable[[list[Asset]], list[Job]] | None = None) -> list[Asset]:
    """All or nothing: every file is checked first; one bad file stores none and names itself.
    The thumbnails job and `more_jobs(assets)` (unsaved) are stored by one INSERT and sent after commit."""
    if not files:
        raise ValidationError({"files": ["send one or more images in the multipart field 'files'"]})
    if len(files) > settings.MAX_UPLOAD_FILES:
        raise ValidationError({"files": [f"at most {settings.MAX_UPLOAD_FILES} files per request"]})
    outcomes = _each(_check, files)
    errors = [str(outcome) for _, outcome in outcomes if isinstance(outcome, ImageRejected)]
    if errors:
        raise ValidationError({"files": errors})
    checked = [(name, image) for name, image in outcomes if isinstance(image, CheckedImage)]
    written: list[str] = []
    try:
        paths = _each(lambda image: _file_save(project, image, written), [i for _, i in checked])
        with transaction.atomic():
            assets = Asset.objects.bulk_create([
                asset_row(project=project, user=user, name=name, image=image, path=path)
                for (name, image), path in zip(checked, paths, strict=True)])
            thumbnails = Job(kind="thumbnails", project=project, created_by=user,
                             params={"asset_ids": [a.pk for a in assets]})
            jobs_create([thumbnails, *(more_jobs(assets) if more_jobs else [])])
    except Exception:
        for path in written:  # the rows are gone with the rollback; the files go too
            default_storage.delete(path)
        raise
    return assets


def _each(work: Callable[[T], R], items: Sequence[T]) -> list[R]:
    """`work` over `items` on UPLOAD_THREADS threads, in order (1: on this thread)."""
    if UPLOAD_THREADS <= 1 or len(items) <= 1:
        return [work(item) for item in items]
    with ThreadPoolExecutor(min(UPLOAD_THREADS, len(items))) as pool:
        return list(pool.map(work, items))


def _file_save(project: Project, image: CheckedImage, written: list[str]) -> str:
    path = default_storage.save(f"assets/{project.pk}/{uuid.uuid4().hex}.{image.extension}", image.content)
    written.append(path)  # list.append is atomic: the threads share `written`
    return str(path)


def asset_row(*, project: Project, user: User | None, name: str, image: CheckedImage, path: str,
              synthetic: bool = False, status: str = AssetStatus.NEW) -> Asset:
    """An unsaved row for a checked image whose file is `path` (a media name, or an external file)."""
    return Asset(project=project, name=name, file=path, width=image.width, height=image.height,
                 size_bytes=image.size_bytes, sha256=image.sha256, mime_type=image.mime_type,
                 uploaded_by=user, synthetic=synthetic, status=status)


def asset_store(*, project: Project, user: User | None, name: str, image: CheckedImage, written: list[str],
                synthetic: bool = False, status: str = AssetStatus.NEW) -> Asset:
    """One checked image's file and row; the caller holds the transaction and deletes `written` if it fails."""
    path = _file_save(project, image, written)
    asset = asset_row(project=project, user=user, name=name, image=image, path=path, synthetic=synthetic,
                      status=status)
    asset.save()
    return asset


def thumbnail_make(*, asset: Asset) -> None:
    """Idempotent: an asset that has its thumbnail keeps it."""
    if asset.thumbnail and default_storage.exists(asset.thumbnail):
        return
    with asset_file_open(asset.file) as handle:
        thumbnail_write(asset=asset, source=handle)


def thumbnail_write(*, asset: Asset, source: IO[bytes]) -> str:
    return thumbnail_store(asset=asset, data=make_thumbnail(source, settings.THUMBNAIL_SIZE))


def thumbnail_store(*, asset: Asset, data: bytes) -> str:
    """A thumbnail made already (make_thumbnail), by a caller that held the image's bytes."""
    ext = "png" if data[:4] == b"\x89PNG" else "jpg"
    path = str(default_storage.save(f"thumbnails/{asset.project_id}/{asset.pk}.{ext}", ContentFile(data)))
    Asset.objects.filter(pk=asset.pk).update(thumbnail=path)
    asset.thumbnail = path
    return path
