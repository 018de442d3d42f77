"""The decoding job: a sequence's upload becomes its frames, each an ordinary asset, or none at all.

Video frames come from one ffmpeg run straight into image files (video.py), stored while ffmpeg
goes on decoding; a zip's frames are read member by member. Either way the frames are stored
through the asset upload service (checked like any upload, thumbnails made by its job) in
batches, each batch with its frame rows in one transaction. Whatever stops the job (a bad frame,
a cancel, a crash before a retry) leaves no frame: earlier batches are deleted, and a retry
starts by deleting what an earlier attempt left.
"""

import zipfile
from collections.abc import Iterator
from contextlib import ExitStack, closing
from pathlib import Path

from django.conf import settings
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile, UploadedFile
from django.db import transaction
from rest_framework.exceptions import ValidationError

from labelplatform.assets.services import assets_upload
from labelplatform.common.files import local_file
from labelplatform.jobs.heartbeat import JobStopped
from labelplatform.jobs.models import Job
from labelplatform.jobs.progress import Progress
from labelplatform.jobs.scratch import job_scratch
from labelplatform.sequences.frames_zip import FramesRejected, check_frames_zip
from labelplatform.sequences.models import Frame, Sequence, SequenceStatus, SourceKind
from labelplatform.sequences.services import frames_discard
from labelplatform.sequences.video import VideoRejected, decoded_frames

# Frames stored per transaction: one thumbnails job each, under MAX_UPLOAD_FILES, and a failure
# rolls back at most this many before the earlier batches are deleted.
FRAMES_PER_BATCH = 200
MIME = {"jpg": "image/jpeg", "png": "image/png"}


class DecodeFailed(Exception):
    """The reason a sequence has no frames; it becomes the job's error."""


def sequence_decode(job: Job, progress: Progress) -> dict[str, int]:
    sequence = Sequence.objects.select_related("project", "created_by").get(pk=job.params["sequence"])
    frames_discard(sequence=sequence)  # an earlier attempt's frames (its worker died mid-way)
    Sequence.objects.filter(pk=sequence.pk).update(status=SequenceStatus.DECODING, error="")  # a retry, say
    try:
        count = _decode(sequence, job, progress)
    except BaseException as exc:  # a cancel (JobStopped) too: no half sequence stays
        if isinstance(exc, JobStopped) and Job.objects.filter(pk=job.pk, attempts__gt=job.attempts).exists():
            raise  # handed to a newer attempt (this worker's heartbeat went quiet): the frames are its now
        frames_discard(sequence=sequence)
        reason = (str(exc) if isinstance(exc, DecodeFailed | VideoRejected | FramesRejected)
                  else "stopped: the job was cancelled" if isinstance(exc, JobStopped) else repr(exc))
        Sequence.objects.filter(pk=sequence.pk).update(status=SequenceStatus.FAILED, error=reason[:2000],
                                                       frame_count=0)
        if isinstance(exc, VideoRejected | FramesRejected):
            raise DecodeFailed(str(exc)) from None
        raise
    first = Frame.objects.select_related("asset").get(sequence=sequence, index=0).asset
    Sequence.objects.filter(pk=sequence.pk).update(status=SequenceStatus.READY, error="", frame_count=count,
                                                   width=first.width, height=first.height)
    return {"sequence": sequence.pk, "frames": count}


def _decode(sequence: Sequence, job: Job, progress: Progress) -> int:
    with local_file(sequence.source_file) as source:
        if sequence.source_kind == SourceKind.VIDEO:
            return _store_video(sequence, source, job, progress)
        return _store_zip(sequence, source, progress)


def _store_video(sequence: Sequence, source: Path, job: Job, progress: Progress) -> int:
    progress.set_total(int(job.params.get("expected_frames") or 1))  # from the header; the stored count at the end
    folder = job_scratch(job)
    stem = Path(sequence.source_name).stem[:200] or "frame"
    # closing: a failure while storing stops ffmpeg at once (the generator's finally kills it)
    with closing(decoded_frames(source, folder, fps=job.params.get("fps"), fmt=settings.SEQUENCE_FRAME_FORMAT)) \
            as frames:
        def uploads() -> Iterator[tuple[str, UploadedFile]]:
            for index, path in enumerate(frames):
                handle = open(path, "rb")  # noqa: SIM115  (closed by _store_batch once its batch is stored)
                yield (path.name, UploadedFile(handle, name=f"{stem}-{index:06d}{path.suffix}",
                                               content_type=MIME[path.suffix[1:]], size=path.stat().st_size))

        count = _store(sequence, uploads(), progress)
    progress.set_total(count)
    return count


def _store_zip(sequence: Sequence, source: Path, progress: Progress) -> int:
    members = check_frames_zip(source).members
    progress.set_total(len(members))
    with zipfile.ZipFile(source) as archive:
        def uploads() -> Iterator[tuple[str, UploadedFile]]:
            for member in members:
                with archive.open(member) as handle:
                    data = handle.read()
                yield member, SimpleUploadedFile(member.rsplit("/", 1)[-1], data)

        return _store(sequence, uploads(), progress)


def _store(sequence: Sequence, uploads: Iterator[tuple[str, UploadedFile]], progress: Progress) -> int:
    """Frames in order through the asset upload service, FRAMES_PER_BATCH per transaction."""
    user = sequence.created_by
    if user is None:
        raise DecodeFailed("the account that uploaded the sequence no longer exists")
    stored = 0
    size: tuple[int, int] | None = None
    batch: list[tuple[str, UploadedFile]] = []
    for item in uploads:
        batch.append(item)
        if len(batch) == FRAMES_PER_BATCH:
            size = _store_batch(sequence, user, batch, stored, size)
            stored += len(batch)
            progress.advance(len(batch))
            batch = []
    if batch:
        _store_batch(sequence, user, batch, stored, size)
        stored += len(batch)
        progress.advance(len(batch))
    if not stored:
        raise DecodeFailed("no frames")
    return stored


def _store_batch(sequence: Sequence, user: User, batch: list[tuple[str, UploadedFile]], start: int,
                 size: tuple[int, int] | None) -> tuple[int, int]:
    with ExitStack() as files:
        for _, upload in batch:
            files.callback(upload.close)
        try:
            with transaction.atomic():
                assets = assets_upload(project=sequence.project, user=user, files=[upload for _, upload in batch])
                for (source, _), asset in zip(batch, assets, strict=True):
                    if size is None:
                        size = (asset.width, asset.height)
                    elif (asset.width, asset.height) != size:
                        raise DecodeFailed(f"{source} is {asset.width}x{asset.height}, frame 0 is "
                                           f"{size[0]}x{size[1]}: the frames of a sequence share one size")
                Frame.objects.bulk_create([Frame(sequence=sequence, index=start + i, asset=asset)
                                           for i, asset in enumerate(assets)])
        except ValidationError as exc:  # the asset checks refused a frame: their message names it
            detail = exc.detail.get("files", exc.detail) if isinstance(exc.detail, dict) else exc.detail
            raise DecodeFailed(f"a frame was refused: {'; '.join(str(d) for d in _flat(detail))}") from None
    assert size is not None
    return size


def _flat(detail: object) -> list[object]:
    return [d for item in detail for d in _flat(item)] if isinstance(detail, list) else [detail]
