"""Writes on bucket sources: attach (checked against the bucket first), change, detach, start a sync,
and deliver an export's result to a bucket prefix."""

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from rest_framework.exceptions import ValidationError

from labelplatform.assets.models import Asset
from labelplatform.buckets.models import BucketSource
from labelplatform.buckets.s3 import BucketError, client_for, key_problem, prefix_problem, speaking
from labelplatform.buckets.sealing import seal
from labelplatform.common.errors import Conflict
from labelplatform.common.files import local_file
from labelplatform.jobs.broker import broker_check
from labelplatform.jobs.models import ENDED, Job
from labelplatform.jobs.services import job_create
from labelplatform.projects.models import Project

SYNC = "bucket_sync"
SETTABLE = ("name", "endpoint_url", "bucket", "prefix", "region", "access_key_id")


def source_probe(source: BucketSource) -> None:
    """A 400 naming the reason unless the credentials may list the prefix (what a sync needs)."""
    problem = prefix_problem(source.prefix)
    if problem:
        raise ValidationError({"prefix": [problem]})
    try:
        client = client_for(source)
        with speaking(source):
            client.list_objects_v2(Bucket=source.bucket, Prefix=source.prefix, MaxKeys=1)
    except BucketError as exc:
        field = "endpoint_url" if str(exc).startswith(("endpoint refused", "cannot reach")) else "bucket"
        raise ValidationError({field: [str(exc)]}) from None


def source_attach(*, project: Project, user: User, name: str, bucket: str, access_key_id: str,
                  secret_access_key: str, endpoint_url: str = "", prefix: str = "", region: str = "") -> BucketSource:
    """Nothing is stored unless the bucket answered a listing of the prefix with these credentials."""
    source = BucketSource(project=project, created_by=user, name=name, endpoint_url=endpoint_url, bucket=bucket,
                          prefix=prefix, region=region, access_key_id=access_key_id,
                          secret_sealed=seal(secret_access_key))
    source_probe(source)
    return _saved(source)


def source_update(*, source: BucketSource, secret_access_key: str | None = None, **changes: Any) -> BucketSource:
    """Change where or how the source is read; checked against the bucket before it is saved."""
    if changes.get("bucket", source.bucket) != source.bucket and source.bucket_objects.exists():
        raise Conflict("assets were registered from this bucket: attach the other bucket as a new source")
    for field in SETTABLE:
        if field in changes:
            setattr(source, field, changes[field])
    if secret_access_key is not None:
        source.secret_sealed = seal(secret_access_key)
    source_probe(source)
    return _saved(source)


def _saved(source: BucketSource) -> BucketSource:
    try:
        with transaction.atomic():
            source.save()
    except IntegrityError:
        raise ValidationError({"name": [f"this project has a bucket source named {source.name!r}"]}) from None
    return source


def source_detach(*, source: BucketSource, delete_assets: bool) -> int:
    """Remove the source; its registered assets (and their labels) only when asked. Returns assets deleted."""
    registered = Asset.objects.filter(bucket_object__source=source)
    if not delete_assets and registered.exists():
        raise Conflict("assets were registered from this bucket: detach with delete_assets=true to delete them "
                       "and their labels too")
    with transaction.atomic():
        deleted = registered.delete()[1].get("assets.Asset", 0)
        source.delete()
    return deleted


def _sync_open(source: BucketSource) -> bool:
    return Job.objects.filter(kind=SYNC, params__source=source.pk).exclude(status__in=ENDED).exists()


def sync_start(*, source: BucketSource, user: User | None, check_broker: bool = True) -> Job:
    """A sync job for the source; 409 while one is queued or running (two would race for the same keys)."""
    if _sync_open(source):
        raise Conflict("a sync of this bucket source is already queued or running")
    if check_broker:
        broker_check()  # 503 with nothing written, rather than a job that waits for the broker
    with transaction.atomic():
        job = job_create(kind=SYNC, project=source.project, user=user, params={"source": source.pk})
        BucketSource.objects.filter(pk=source.pk).update(last_sync=job)
    source.last_sync = job
    return job


def syncs_due() -> int:
    """The periodic sync (beat, every BUCKET_SYNC_INTERVAL_S): a job for each source not synced since."""
    interval = settings.BUCKET_SYNC_INTERVAL_S
    if interval <= 0:
        return 0
    since = timezone.now() - timedelta(seconds=interval)
    started = 0
    for source in BucketSource.objects.filter(Q(last_sync__isnull=True) | Q(last_sync__created_at__lt=since)) \
            .select_related("project", "created_by"):
        if not _sync_open(source):
            sync_start(source=source, user=source.created_by, check_broker=False)
            started += 1
    return started


def destination_check(*, project: Project, source_id: int, prefix: str) -> dict[str, Any]:
    """An export destination's parameters; a 400 when the source is not this project's or the prefix is bad."""
    if not BucketSource.objects.filter(pk=source_id, project=project).exists():
        raise ValidationError({"bucket": [f"this project has no bucket source {source_id}"]})
    problem = prefix_problem(prefix)
    if problem:
        raise ValidationError({"bucket_prefix": [problem]})
    return {"source": source_id, "prefix": prefix}


def export_deliver(*, destination: dict[str, Any], stored: str) -> str:
    """Put an export's finished file under the destination prefix; returns the key. Overwrites: a retried
    job writes the same key again."""
    source = BucketSource.objects.filter(pk=destination["source"]).first()
    if source is None:
        raise BucketError("the export's bucket source was detached")
    key = destination["prefix"] + stored.rsplit("/", 1)[-1]
    problem = key_problem(key)
    if problem:
        raise BucketError(f"export key {key[:200]!r}: {problem}")
    client = client_for(source)
    with local_file(stored) as path, speaking(source):
        client.upload_file(str(path), source.bucket, key, ExtraArgs={"ContentType": "application/zip"})
    return str(key)
