"""Writes on sequences: the checked upload that starts decoding, tracks, and the start of a propagation."""

import contextlib
import os
import tempfile
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Max, RestrictedError
from rest_framework.exceptions import ValidationError

from labelplatform.assets.models import Asset
from labelplatform.common.errors import Conflict
from labelplatform.common.files import scratch_root
from labelplatform.jobs.broker import broker_check
from labelplatform.jobs.models import Job
from labelplatform.jobs.services import job_create
from labelplatform.labels.attributes import check_values
from labelplatform.labels.models import LabelObject
from labelplatform.labels.objects import MAX_TRACK, is_track
from labelplatform.prelabel.models import PredictionObject
from labelplatform.projects.models import Project
from labelplatform.projects.selectors import ontology_current
from labelplatform.sequences.frames_zip import FramesRejected, check_frames_zip, is_zip
from labelplatform.sequences.models import Frame, Sequence, SequenceStatus, SourceKind, Track
from labelplatform.sequences.selectors import current_objects_of
from labelplatform.sequences.video import VideoRejected, check_limits, probe

DECODE_KIND = "sequence_decode"
PROPAGATE_KIND = "sequence_propagate"
VIDEO_SUFFIXES = {".mp4", ".m4v", ".mov", ".webm", ".mkv"}


@contextlib.contextmanager
def _upload_path(upload: UploadedFile) -> Iterator[Path]:
    """The upload as a local path: Django's temporary file when it made one, else a scratch copy."""
    temporary = getattr(upload, "temporary_file_path", None)
    if temporary is not None:
        yield Path(temporary())
        return
    handle, name = tempfile.mkstemp(dir=scratch_root(), prefix="sequence-upload-")
    try:
        with os.fdopen(handle, "wb") as out:
            for chunk in upload.chunks():
                out.write(chunk)
        yield Path(name)
    finally:
        os.unlink(name)


@dataclass(frozen=True)
class Probed:
    kind: str
    width: int
    height: int
    frames: int
    info: dict[str, Any]


def _probe_upload(upload: UploadedFile, fps: float | None) -> Probed:
    name = upload.name or ""
    with _upload_path(upload) as path:
        if is_zip(path):
            frames = check_frames_zip(path)
            return Probed(
                SourceKind.FRAMES,
                frames.width,
                frames.height,
                len(frames.members),
                {"frames": len(frames.members), "width": frames.width, "height": frames.height},
            )
        if Path(name).suffix.lower() not in VIDEO_SUFFIXES:
            raise VideoRejected(f"{name or 'the file'}: send a video (mp4, mov, webm) or a zip of frames")
        info = probe(path)
        check_limits(info, fps)
        return Probed(SourceKind.VIDEO, info.width, info.height, info.frames_at(fps), info.as_dict())


def sequence_upload(
    *, project: Project, user: User, upload: UploadedFile | None, name: str = "", fps: float | None = None
) -> Sequence:
    """Check what the file's header tells (a 400 stores nothing), keep the file, start its decoding job."""
    if upload is None:
        raise ValidationError(
            {"file": ["send a video (mp4, mov, webm) or a zip of frames in the multipart field 'file'"]}
        )
    size = upload.size or 0
    if size == 0:
        raise ValidationError({"file": ["the file is empty"]})
    if size > settings.SEQUENCE_MAX_UPLOAD_BYTES:
        raise ValidationError(
            {
                "file": [
                    f"{size} bytes, over the {settings.SEQUENCE_MAX_UPLOAD_BYTES} byte limit "
                    "(SEQUENCE_MAX_UPLOAD_BYTES)"
                ]
            }
        )
    try:
        probed = _probe_upload(upload, fps)
    except (VideoRejected, FramesRejected) as exc:
        raise ValidationError({"file": [str(exc)]}) from None
    broker_check()  # before the file is stored: a 503 leaves nothing behind
    source_name = (upload.name or "upload")[:500]
    suffix = ".zip" if probed.kind == SourceKind.FRAMES else Path(source_name).suffix.lower()
    stored = default_storage.save(f"sequences/{project.pk}/{uuid.uuid4().hex}{suffix}", upload)
    try:
        with transaction.atomic():
            sequence = Sequence.objects.create(
                project=project,
                name=(name or Path(source_name).stem or "sequence")[:200],
                fps=fps or probed.info.get("fps"),
                width=probed.width,
                height=probed.height,
                source_kind=probed.kind,
                source_name=source_name,
                source_file=stored,
                source_size=size,
                source_info=probed.info,
                created_by=user,
            )
            sequence.job = job_create(
                kind=DECODE_KIND,
                project=project,
                user=user,
                params={"sequence": sequence.pk, "fps": fps, "expected_frames": probed.frames},
            )
            sequence.save(update_fields=["job"])
    except Exception:
        default_storage.delete(stored)
        raise
    return sequence


def sequence_delete(*, sequence: Sequence) -> None:
    """The sequence, its frames' assets (and their labels), and the uploaded source. Frames that a dataset
    version keeps are a conflict (409): the version is deleted first, or the sequence stays."""
    try:
        with transaction.atomic():
            frames_discard(sequence=sequence)
            source = sequence.source_file
            sequence.delete()
            transaction.on_commit(lambda: default_storage.delete(source))
    except RestrictedError:
        raise Conflict(
            f"frames of sequence {sequence.pk} are kept by a dataset version; delete that version first"
        ) from None


def frames_discard(*, sequence: Sequence) -> int:
    """Delete every frame's asset (the frame rows go with them): a failed or repeated decode keeps none."""
    deleted, _ = Asset.objects.filter(frame__sequence=sequence).delete()
    return deleted


def _next_track(sequence: Sequence) -> int:
    in_rows = Track.objects.filter(sequence=sequence).aggregate(m=Max("track"))["m"] or 0
    in_labels = (
        LabelObject.objects.filter(revision__label__asset__frame__sequence=sequence).aggregate(m=Max("track"))["m"] or 0
    )
    in_predictions = (
        PredictionObject.objects.filter(prediction__asset__frame__sequence=sequence).aggregate(m=Max("track"))["m"] or 0
    )
    return max(in_rows, in_labels, in_predictions) + 1


def _checked_track_fields(sequence: Sequence, class_id: int | None, attributes: Any) -> dict[str, Any]:
    document = ontology_current(sequence.project).document
    classes = {c["id"]: c for c in document["classes"] if not c.get("archived")}
    if class_id is not None and class_id not in classes:
        raise ValidationError({"class": [f"{class_id} is not an active class of the ontology"]})
    if attributes and class_id is None:
        raise ValidationError({"attributes": ["a track's attributes need its class"]})
    specs = classes[class_id].get("attributes", []) if class_id is not None else []
    return {"class_id": class_id, "attributes": check_values(attributes or {}, specs, "attributes", False)}


def track_save(
    *, sequence: Sequence, track: int | None, class_id: int | None = None, name: str = "", attributes: Any = None
) -> Track:
    """Create or replace a track's row; `track` None takes the next id no object or row uses yet."""
    if track is not None and not is_track(track):  # from the URL: the column would overflow (a 500)
        raise ValidationError({"track": [f"{track} is not a track id (1..{MAX_TRACK})"]})
    fields = _checked_track_fields(sequence, class_id, attributes)
    with transaction.atomic():
        Sequence.objects.select_for_update().filter(pk=sequence.pk).first()  # one allocation at a time
        if track is None:
            track = _next_track(sequence)
            if track > MAX_TRACK:
                raise Conflict("no track id left in this sequence")
        row, _ = Track.objects.update_or_create(sequence=sequence, track=track, defaults={"name": name, **fields})
    return row


def track_delete(*, sequence: Sequence, track: int) -> int:
    """The track's row only: labels keep their objects (they are people's work)."""
    if not is_track(track):
        return 0
    deleted, _ = Track.objects.filter(sequence=sequence, track=track).delete()
    return deleted


@dataclass(frozen=True)
class PropagateRequest:
    start: int  # the frame index named `from` on the wire
    end: int | None = None
    tracks: list[int] | None = None
    keyframes: bool = True  # between two labeled frames: from both ends (prelabel/engines/keyframes.py)


def sequence_check_ready(sequence: Sequence) -> None:
    """409 unless the sequence's frames are decoded."""
    if sequence.status != SequenceStatus.READY:
        raise Conflict(f"sequence {sequence.pk} is {sequence.status}; propagation needs its frames decoded")


def propagate_start(*, sequence: Sequence, user: User, request: PropagateRequest) -> Job:
    """Check the frames and tracks named, then start the job whose results land as predictions."""
    sequence_check_ready(sequence)
    last = sequence.frame_count - 1
    if not 0 <= request.start <= last:
        raise ValidationError({"from": [f"frame {request.start} is not in the sequence (0..{last})"]})
    end = last if request.end is None else request.end
    if not 0 <= end <= last:
        raise ValidationError({"to": [f"frame {end} is not in the sequence (0..{last})"]})
    if end == request.start and sequence.frame_count > 1:
        raise ValidationError({"to": ["must differ from `from`: propagation carries masks to other frames"]})
    frame = Frame.objects.select_related("asset").get(sequence=sequence, index=request.start)
    found = current_objects_of(frame.asset, user.pk)
    if found is None:
        raise ValidationError({"from": [f"frame {request.start} has no label to propagate from"]})
    label, objects = found
    on_frame = sorted({o.track for o in objects if o.track is not None})
    if not on_frame:
        raise ValidationError({"from": [f"frame {request.start}'s label has no object with a track"]})
    tracks = on_frame if request.tracks is None else sorted(set(request.tracks))
    missing = sorted(set(tracks) - set(on_frame))
    if missing:
        raise ValidationError(
            {"tracks": [f"not on frame {request.start}'s label: {missing[:20]}; it has {on_frame[:50]}"]}
        )
    broker_check()
    with transaction.atomic():
        return job_create(
            kind=PROPAGATE_KIND,
            project=sequence.project,
            user=user,
            params={
                "sequence": sequence.pk,
                "from": request.start,
                "to": end,
                "tracks": tracks,
                "label": label.pk,
                "revision": label.revision,
                "keyframes": request.keyframes,
            },
        )
