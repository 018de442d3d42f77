"""A sync: list the source's prefix, register the new images as assets without copying their bytes.

Each new object is read once, by the worker: the upload check (assets/images.py) gives its size,
format, pixel size and SHA-256, and the same bytes make its thumbnail (kept in media storage, as
every thumbnail is). The object itself stays in the bucket; the asset's file names it.

- Idempotent: a key registered before is not registered again (one row per source and key, unique).
- Listing: keys ending in "/" are folders; keys without an image extension are counted, not read;
  hostile keys (control characters, "..", a leading "/", longer than KEY_MAX) and objects over
  MAX_UPLOAD_BYTES are skipped with the reason in the result, as are objects the check refuses and
  EXIF-rotated images (the platform keeps pixels upright; a rotated object would need a copy).
- At most BUCKET_SYNC_MAX_OBJECTS new objects are registered per sync (the next sync goes on), and at
  most BUCKET_SYNC_MAX_LISTED keys are listed (then removals are not judged).
- Removed objects: their assets and labels stay; the object is marked missing (its image answers 404)
  and counted; it is unmarked when the key is listed again. A key whose ETag changed is marked changed.
- New assets are written REGISTER_BATCH at a time, each batch in one transaction: a failure (the
  bucket going away mid-sync) keeps the batches before it whole and leaves no half-made asset.
"""

import logging
import posixpath
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.files import File
from django.db import transaction
from django.utils import timezone

from labelplatform.assets.images import CheckedImage, ImageRejected, check_image, make_thumbnail
from labelplatform.assets.services import asset_row, thumbnail_store
from labelplatform.buckets.files import file_name, object_read
from labelplatform.buckets.models import BucketObject, BucketSource
from labelplatform.buckets.s3 import client_for, is_image_key, key_problem, speaking
from labelplatform.jobs.progress import Progress

log = logging.getLogger(__name__)
LIST_PAGE = 1000  # keys per listing request: S3's maximum
REGISTER_BATCH = 50  # new assets per transaction: small enough that a failure loses little work
READ_THREADS = 4  # objects read and checked at once: bucket latency, not CPU, bounds a sync
REPORTED_SKIPS = 100  # skipped keys named in the result; the count covers the rest
KEY_SHOWN = 200  # characters of a skipped key in the result (a hostile key may be very long)


@dataclass(frozen=True)
class Listed:
    key: str
    etag: str
    size: int


@dataclass
class Outcome:
    listed: int = 0
    not_images: int = 0
    registered: int = 0
    skipped: int = 0
    capped: bool = False
    complete: bool = True
    missing: int = 0
    changed: int = 0
    reasons: list[dict[str, str]] = field(default_factory=list)

    def skip(self, key: str, reason: str) -> None:
        self.skipped += 1
        if len(self.reasons) < REPORTED_SKIPS:
            self.reasons.append({"key": key[:KEY_SHOWN], "reason": reason})

    def as_result(self, source: BucketSource) -> dict[str, Any]:
        return {"source": source.pk, "listed": self.listed, "registered": self.registered,
                "not_images": self.not_images, "skipped": self.skipped, "skipped_keys": self.reasons,
                "capped": self.capped, "complete": self.complete, "missing": self.missing,
                "changed": self.changed}


def bucket_sync(source: BucketSource, progress: Progress) -> dict[str, Any]:
    started = timezone.now()
    outcome = Outcome()
    new = _list(source, outcome, started)
    progress.set_total(len(new))
    for start in range(0, len(new), REGISTER_BATCH):
        _register(source, new[start:start + REGISTER_BATCH], outcome, progress)
    return outcome.as_result(source)


def _list(source: BucketSource, outcome: Outcome, started: Any) -> list[Listed]:
    """The new objects to register; known ones are marked seen (and changed when their ETag moved)."""
    new: list[Listed] = []
    pages = client_for(source).get_paginator("list_objects_v2").paginate(
        Bucket=source.bucket, Prefix=source.prefix, PaginationConfig={"PageSize": LIST_PAGE})
    with speaking(source):
        for page in pages:
            candidates = _candidates(page.get("Contents", []), outcome)
            known = dict(BucketObject.objects.filter(source=source, key__in=[c.key for c in candidates])
                         .values_list("key", "etag"))
            BucketObject.objects.filter(source=source, key__in=list(known)).update(seen_at=started, missing=False)
            moved = [c.key for c in candidates if c.key in known and known[c.key] != c.etag]
            if moved:
                BucketObject.objects.filter(source=source, key__in=moved).update(changed=True)
            for candidate in candidates:
                if candidate.key in known:
                    continue
                if len(new) >= settings.BUCKET_SYNC_MAX_OBJECTS:
                    outcome.capped = True
                    break
                new.append(candidate)
            if outcome.listed >= settings.BUCKET_SYNC_MAX_LISTED:
                outcome.complete = False
                break
    if outcome.complete:
        BucketObject.objects.filter(source=source, seen_at__lt=started).update(missing=True)
    gone = BucketObject.objects.filter(source=source)
    outcome.missing = gone.filter(missing=True).count()
    outcome.changed = gone.filter(changed=True).count()
    return new


def _candidates(contents: list[dict[str, Any]], outcome: Outcome) -> list[Listed]:
    found = []
    for item in contents:
        key, size = str(item["Key"]), int(item.get("Size", 0))
        outcome.listed += 1
        if key.endswith("/"):
            continue
        if not is_image_key(key):
            outcome.not_images += 1
            continue
        problem = key_problem(key)
        if problem is None and size > settings.MAX_UPLOAD_BYTES:
            problem = f"{size} bytes, over the {settings.MAX_UPLOAD_BYTES} byte limit"
        if problem:
            outcome.skip(key, problem)
            continue
        found.append(Listed(key, str(item.get("ETag", "")).strip('"'), size))
    return found


def _register(source: BucketSource, batch: list[Listed], outcome: Outcome, progress: Progress) -> None:
    # The objects are read side by side (network and inflating release the GIL), the rows written here.
    with ThreadPoolExecutor(READ_THREADS) as pool:
        read = list(pool.map(lambda listed: _read_checked(source, listed), batch))
    checked: list[Read] = []
    for listed, got in zip(batch, read, strict=True):
        if isinstance(got, str):
            outcome.skip(listed.key, got)
        else:
            checked.append(got)
    now = timezone.now()
    with transaction.atomic():
        assets = [asset_row(project=source.project, user=source.created_by, name=_name(source, r.listed.key),
                            image=r.image, path=file_name(source, r.listed.key)) for r in checked]
        for asset in assets:
            asset.save()  # one at a time: the primary key is needed on every database
        BucketObject.objects.bulk_create([
            BucketObject(source=source, asset=asset, key=r.listed.key, etag=r.listed.etag,
                         size_bytes=r.image.size_bytes, seen_at=now)
            for asset, r in zip(assets, checked, strict=True)])
    outcome.registered += len(assets)
    for asset, r in zip(assets, checked, strict=True):
        if r.thumbnail is not None:  # else the asset is registered and its list shows no thumbnail
            thumbnail_store(asset=asset, data=r.thumbnail)
    progress.advance(len(batch))


@dataclass(frozen=True)
class Read:
    listed: Listed
    image: CheckedImage
    thumbnail: bytes | None


def _read_checked(source: BucketSource, listed: Listed) -> Read | str:
    """The object checked and its thumbnail made from the one read, or why it is skipped."""
    try:
        handle = object_read(source, listed.key)
    except FileNotFoundError:
        return "deleted from the bucket while the sync ran"
    with handle:
        upload = File(handle, name=posixpath.basename(listed.key))
        try:
            image = check_image(upload, listed.key)
        except ImageRejected as exc:
            return str(exc)
        if image.content is not upload:
            return "the EXIF orientation rotates the image: store it upright or upload it"
        handle.seek(0)
        try:
            thumbnail: bytes | None = make_thumbnail(handle, settings.THUMBNAIL_SIZE)
        except (OSError, ValueError) as exc:
            log.warning("bucket object %s: no thumbnail (%s)", listed.key, exc)
            thumbnail = None
    return Read(listed, image, thumbnail)


def _name(source: BucketSource, key: str) -> str:
    return key[len(source.prefix):] if key.startswith(source.prefix) else key

