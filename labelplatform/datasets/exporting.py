"""Running an export: plan parts, write each part (any worker may claim one), assemble one zip.

A part is a range of assets written to its own scratch folder, then renamed
into place; the final zip is written under a temporary name and renamed, so
a half-written result is never visible and a retried job starts over cleanly.
"""

import logging
import os
import shutil
import tarfile
import time
import uuid
import zipfile
from collections import Counter
from datetime import timedelta
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files.storage import default_storage
from django.db.models import Q
from django.utils import timezone

from labelplatform.assets.external import asset_local_file
from labelplatform.assets.models import Asset
from labelplatform.common import files
from labelplatform.datasets.formats import EXPORT_FORMATS
from labelplatform.datasets.formats.base import (
    JSON_ZIP_LEVEL,
    ExportContext,
    ExportFormat,
    PartSink,
    safe_name,
    stem_of,
)
from labelplatform.datasets.models import ExportPart, PartStatus
from labelplatform.datasets.rows import asset_ranges, part_rows
from labelplatform.datasets.selectors import SYNTHETIC_EXCLUDE, chosen_revisions, classes_of
from labelplatform.jobs.heartbeat import JobStopped, heartbeat
from labelplatform.jobs.models import Job
from labelplatform.jobs.progress import progress_add

log = logging.getLogger(__name__)
PROGRESS_INTERVAL_S = 0.5  # seconds between progress writes from a part (one UPDATE each)
WAIT_POLL_S = 0.5


def part_size() -> int:
    # Assets per part: small exports run as one part in the job's own task, large ones fan out.
    return int(getattr(settings, "EXPORT_PART_ASSETS", 1000))


def scratch_dir(job: Job) -> Path:
    # In the shared media folder on a filesystem storage; on object storage each machine has its own
    # and finished parts travel through the bucket (part_share, part_fetch).
    if files.storage_is_local():
        return Path(settings.MEDIA_ROOT) / "exports" / "tmp" / f"job-{job.pk}"
    return files.scratch_root() / "exports" / f"job-{job.pk}"


def _shared_part_name(job: Job, index: int) -> str:
    return f"exports/tmp/job-{job.pk}/part-{index:05d}.tar"


def part_share(job: Job, index: int, folder: Path) -> None:
    """On object storage a written part goes to the bucket as one uncompressed tar (one request)."""
    if files.storage_is_local():
        return
    packed = folder.with_name(folder.name + ".tar")
    try:
        with tarfile.open(packed, "w") as tar:
            tar.add(folder, arcname=".")
        files.upload(packed, _shared_part_name(job, index))
    finally:
        packed.unlink(missing_ok=True)


def part_fetch(job: Job, index: int, folder: Path) -> None:
    """A part written on another machine, unpacked from the bucket into this machine's scratch."""
    if files.storage_is_local() or folder.exists():
        return
    packed = files.download(_shared_part_name(job, index), folder.with_name(folder.name + ".tar"))
    unpacking = folder.with_name(f".{folder.name}.{uuid.uuid4().hex}")
    try:
        with tarfile.open(packed) as tar:
            tar.extractall(unpacking, filter="data")
        os.replace(unpacking, folder)
    finally:
        packed.unlink(missing_ok=True)
        shutil.rmtree(unpacking, ignore_errors=True)


def parts_unshare(job: Job, parts: list[ExportPart]) -> None:
    if not files.storage_is_local():
        for part in parts:
            default_storage.delete(_shared_part_name(job, part.index))


_CONTEXTS: dict[int, ExportContext] = {}  # per job, for the parts one process writes (a few jobs at most)


def export_context(job: Job) -> ExportContext:
    """What every part of a job shares; built once per process and job."""
    if job.pk not in _CONTEXTS:
        if len(_CONTEXTS) > 8:
            _CONTEXTS.clear()
        _CONTEXTS[job.pk] = _build_context(job)
    return _CONTEXTS[job.pk]


def _build_context(job: Job) -> ExportContext:
    params, project = job.params, job.project
    assert project is not None
    # Resolved once, by export_start: the parts never look the version or the ontology up again.
    classes, mask_labels = classes_of({"classes": params["classes"]}), params["mask_labels"]
    stems = Counter(stem_of(safe_name(name)) for name in
                    Asset.objects.filter(project=project).values_list("name", flat=True).iterator(chunk_size=10000))
    return ExportContext(
        project_id=project.pk, classes=classes, include_images=bool(params.get("include_images")),
        polygons=bool(params.get("polygons")), instance_mode=params.get("instance_mode", "binary"),
        duplicate_stems=frozenset(s for s, n in stems.items() if n > 1), mask_labels=mask_labels,
    )


def export_plan(job: Job) -> list[ExportPart]:
    """The job's parts; planned once, so a retried job keeps the parts already written (failed ones are redone)."""
    if job.export_parts.filter(status=PartStatus.FAILED).update(status=PartStatus.PENDING, error=""):
        log.info("export job %s: its failed parts are written again", job.pk)
    parts = list(job.export_parts.all())
    if parts:
        return parts
    assert job.project is not None
    revisions = chosen_revisions(job.project, job.params["labels"], job.params["version_id"],
                                 job.params.get("synthetic", SYNTHETIC_EXCLUDE))
    bounds = asset_ranges(revisions, part_size()) or [(0, 0, 0)]  # nothing chosen: one empty part
    ExportPart.objects.bulk_create([
        ExportPart(job=job, index=i, first_asset_id=first, last_asset_id=last, planned=count)
        for i, (first, last, count) in enumerate(bounds)
    ])
    return list(job.export_parts.all())


def part_claim(part_id: int) -> ExportPart | None:
    """Take a pending part, or one whose lease ran out; None when someone else has it.

    A writer keeps its lease fresh from a heartbeat thread (part_run), so a lease quiet for
    JOB_STALE_S belongs to a dead worker and is taken over within a minute, not after 15.
    """
    now = timezone.now()
    expired = now - timedelta(seconds=settings.JOB_STALE_S)
    free = Q(status=PartStatus.PENDING) | Q(status=PartStatus.RUNNING, claimed_at__lt=expired)
    if not ExportPart.objects.filter(free, pk=part_id).update(status=PartStatus.RUNNING, claimed_at=now):
        return None
    return ExportPart.objects.select_related("job__project").get(pk=part_id)


def part_run(part: ExportPart) -> None:
    """Write one part; a failure is stored on the part for the job to report."""
    lease = ExportPart.objects.filter(pk=part.pk, status=PartStatus.RUNNING)
    try:
        with heartbeat(lease, "claimed_at"):
            _write_part(part)
    except JobStopped:  # the job was cancelled: the part is free for whoever runs it next
        ExportPart.objects.filter(pk=part.pk).update(status=PartStatus.PENDING, claimed_at=None)
        raise
    except Exception as exc:
        log.exception("export part %s of job %s failed", part.index, part.job_id)
        ExportPart.objects.filter(pk=part.pk).update(status=PartStatus.FAILED, error=f"{type(exc).__name__}: {exc}")


def _write_part(part: ExportPart) -> None:
    job = part.job
    assert job.project is not None
    fmt: ExportFormat = EXPORT_FORMATS[job.params["format"]]()
    ctx = export_context(job)
    revisions = chosen_revisions(job.project, job.params["labels"], job.params["version_id"],
                                 job.params.get("synthetic", SYNTHETIC_EXCLUDE))
    root = scratch_dir(job)
    scratch = root / f".part-{part.index:05d}-{uuid.uuid4().hex}"
    scratch.mkdir(parents=True)
    # With compression on, the part deflates its JSON streams itself (see formats/streams.py).
    sink = PartSink(scratch, deflate=_compressed(job))
    assets = objects = unreported = 0
    reported_at = time.monotonic()
    try:
        if part.last_asset_id:
            for row in part_rows(revisions, part.first_asset_id, part.last_asset_id):
                fmt.write_asset(row, sink, ctx)
                image_path = fmt.image_path(row, ctx) if ctx.include_images else None
                if image_path:
                    sink.add_image(image_path, row.file)
                wrote_assets, wrote_objects = fmt.written(row, ctx)
                assets, objects, unreported = assets + wrote_assets, objects + wrote_objects, unreported + 1
                if time.monotonic() - reported_at >= PROGRESS_INTERVAL_S:
                    progress_add(job.pk, unreported)
                    unreported, reported_at = 0, time.monotonic()
    except BaseException:
        sink.discard()
        raise
    sink.close()
    final = root / f"part-{part.index:05d}"
    if final.exists():
        shutil.rmtree(final)
    os.replace(scratch, final)
    part_share(job, part.index, final)
    progress_add(job.pk, unreported)
    ExportPart.objects.filter(pk=part.pk).update(status=PartStatus.DONE, assets=assets, object_count=objects)


def parts_wait(job: Job) -> list[ExportPart]:
    """Work on parts nobody holds, wait for the rest; raise the first part failure."""
    while True:
        parts = list(job.export_parts.all())
        failed = [p for p in parts if p.status == PartStatus.FAILED]
        if failed:
            raise RuntimeError(f"export part {failed[0].index} failed: {failed[0].error}")
        if all(p.status == PartStatus.DONE for p in parts):
            return parts
        ran = False
        for part in parts:
            if part.status != PartStatus.DONE:
                claimed = part_claim(part.pk)
                if claimed is not None:
                    part_run(claimed)
                    ran = True
        if not ran:  # the rest are other workers' to finish (a part just run needs no wait: every export paid 0.5 s)
            time.sleep(WAIT_POLL_S)


def export_assemble(job: Job, parts: list[ExportPart]) -> str:
    """Write the zip under a temporary name, rename it into place; returns its storage path."""
    fmt: ExportFormat = EXPORT_FORMATS[job.params["format"]]()
    ctx = export_context(job)
    root = scratch_dir(job)
    part_dirs = [root / f"part-{p.index:05d}" for p in parts]
    for part, part_dir in zip(parts, part_dirs, strict=True):
        part_fetch(job, part.index, part_dir)
    relative = f"exports/{ctx.project_id}/job-{job.pk}-{fmt.name}.zip"
    compression = zipfile.ZIP_DEFLATED if _compressed(job) else zipfile.ZIP_STORED
    with files.publishing(relative) as temporary, \
            zipfile.ZipFile(temporary, "w", compression, allowZip64=True, compresslevel=JSON_ZIP_LEVEL) as out:
        for part_dir in part_dirs:
            _copy_files(out, part_dir / "files", compression)
        fmt.assemble(out, ctx, part_dirs)
        for part_dir in part_dirs:
            _copy_images(out, part_dir / "images.list")
    shutil.rmtree(root, ignore_errors=True)
    parts_unshare(job, parts)
    return relative


def _compressed(job: Job) -> bool:
    # Deflate (level 1) by default: JSON shrinks ~3x; the parts compress their own streams, in parallel.
    return bool(job.params.get("compress", True))


def _copy_files(out: zipfile.ZipFile, files: Path, compression: int) -> None:
    if not files.is_dir():
        return
    for path in sorted(files.rglob("*")):
        if path.is_file():
            # PNGs are compressed already; text compresses well and fast at level 1.
            packed = path.suffix == ".png"
            out.write(path, path.relative_to(files).as_posix(),
                      compress_type=zipfile.ZIP_STORED if packed else compression)


def _copy_images(out: zipfile.ZipFile, listing: Path) -> None:
    if not listing.exists():
        return
    with open(listing, encoding="utf-8") as lines:
        for line in lines:
            arcname, stored = line.rstrip("\n").split("\t", 1)
            with asset_local_file(stored) as image:
                out.write(image, arcname, compress_type=zipfile.ZIP_STORED)


def export_result(job: Job, parts: list[ExportPart], path: str) -> dict[str, Any]:
    return {
        "format": job.params["format"], "labels": job.params["labels"], "version": job.params.get("version"),
        "file": os.path.basename(path), "download": f"/api/v1/jobs/{job.pk}/result",
        "bytes": default_storage.size(path), "assets": sum(p.assets for p in parts),
        "objects": sum(p.object_count for p in parts), "parts": len(parts),
    }
