"""A person's correction of a propagated frame, carried on by itself: after a save, the tracks whose mask differs
from the frame's propagated pre-label are re-propagated from the corrected frame (the editor asks after each
save of such a frame, unless its person turned it off; API clients ask the same endpoint).

Which tracks: those of the frame's current label that the frame's "propagation" prediction has with another
mask (pixel for pixel), or that propagation lost on this frame (a neighbour's prediction has the track, this
frame's has not). A track a person added that propagation never carried is no correction: "Propagate" starts
it. Without a propagation prediction on the frame nothing starts.

Which way: away from the origin of the propagation that reached the frame (the newest propagation job of the
sequence whose range holds the frame and carried one of the tracks; forwards when none is found). The frames
beyond the corrected one were made through its wrong mask. The job runs to the sequence's end in that
direction and stops by itself: where the new masks agree with the stored ones, or before the next labeled
frame, where the gap is fused from both ends (keyframes). Towards the origin, the frames between the origin
and the correction were carried from the origin without passing the wrong mask, but they now lie between two
labeled frames: with keyframes on (the default) a second job fuses them from both ends; with keyframes off
they are left as they are.

No double jobs: a track whose mask a started or finished job from the frame already carried on (the label's
revision it was pinned to has the same mask) is not carried again, so the editor's call after every save costs
nothing when the save left the corrections as they were. A propagation job still queued for the same sequence
and range is reused, its tracks joined and its start pinned to the label's current revision (the worker reads
the parameters under the job's row lock, so a job it has started is never changed).
"""

from dataclasses import dataclass

import numpy as np
from django.contrib.auth.models import User
from django.db import transaction

from labelplatform.jobs.broker import broker_check
from labelplatform.jobs.models import Job, JobStatus
from labelplatform.jobs.services import job_create
from labelplatform.labels.models import LabelObject
from labelplatform.masks import decode
from labelplatform.prelabel.models import PROPAGATION_SOURCE, Prediction
from labelplatform.sequences.models import Frame, Sequence
from labelplatform.sequences.selectors import current_objects_of, propagated_objects
from labelplatform.sequences.services import PROPAGATE_KIND

ORIGIN_JOBS = 200  # newest propagation jobs of the project looked through for the frame's origin


@dataclass(frozen=True)
class Started:
    job: Job
    reused: bool  # a queued job for the same range took the tracks instead of a new one


@dataclass(frozen=True)
class Repropagation:
    tracks: list[int]  # the corrected tracks (empty: nothing to carry on)
    jobs: list[Started]
    reason: str  # why nothing started, or what did


def _lost_here(sequence: Sequence, index: int) -> set[int]:
    """Tracks the neighbours' propagation predictions have (this frame's lost them if it lacks them)."""
    near = Prediction.objects.filter(
        asset__frame__sequence=sequence,
        asset__frame__index__in=[index - 1, index + 1],
        source=PROPAGATION_SOURCE,
        predicted_objects__track__isnull=False,
    )
    return {track for track in near.values_list("predicted_objects__track", flat=True) if track is not None}


def corrected_tracks(*, sequence: Sequence, frame: Frame, objects: list[LabelObject]) -> list[int] | None:
    """The label's tracks a person changed against the frame's propagated pre-label; None without one."""
    stored = propagated_objects(frame.asset)
    if stored is None:
        return None
    predicted = {o.track: o.counts for o in stored if o.track is not None}
    lost = _lost_here(sequence, frame.index) - set(predicted)
    size = [frame.asset.height, frame.asset.width]
    changed = []
    for obj in objects:
        if obj.track is None:
            continue
        if obj.track in predicted:
            if obj.counts != predicted[obj.track] and not np.array_equal(
                decode({"size": size, "counts": obj.counts}, trusted=True),
                decode({"size": size, "counts": predicted[obj.track]}, trusted=True),
            ):
                changed.append(obj.track)
        elif obj.track in lost:
            changed.append(obj.track)
    return sorted(set(changed))


def _origin(sequence: Sequence, index: int, tracks: list[int]) -> int | None:
    """The `from` of the newest propagation job whose range holds frame `index` and carried one of `tracks`."""
    jobs = (
        Job.objects.filter(kind=PROPAGATE_KIND, project_id=sequence.project_id, params__sequence=sequence.pk)
        .exclude(status__in=[JobStatus.FAILED, JobStatus.CANCELLED])
        .order_by("-created_at", "-id")
        .values_list("params", flat=True)[:ORIGIN_JOBS]
    )
    for params in jobs:
        start, end = int(params["from"]), int(params["to"])
        if min(start, end) <= index <= max(start, end) and index != start and set(params["tracks"]) & set(tracks):
            return start
    return None


def _carried(sequence: Sequence, index: int, end: int, label_id: int, current: dict[int, str]) -> set[int]:
    """Tracks of `current` (track -> RLE counts of the label now) that a started or finished job from frame `index`
    to `end` already carried on with the same mask: the editor asks after every save, and a save that left those
    masks as they were must not make the same frames again. A job still queued is joined instead (_start)."""
    jobs = (
        Job.objects.filter(
            kind=PROPAGATE_KIND,
            project_id=sequence.project_id,
            params__sequence=sequence.pk,
            params__from=index,
            params__to=end,
            params__label=label_id,
        )
        .exclude(status__in=[JobStatus.QUEUED, JobStatus.FAILED, JobStatus.CANCELLED])
        .values_list("params", flat=True)[:ORIGIN_JOBS]
    )
    carried: set[int] = set()
    for params in jobs:
        tracks = [int(t) for t in params["tracks"] if int(t) in current and int(t) not in carried]
        then = LabelObject.objects.filter(
            revision__label_id=label_id, revision__number=params["revision"], track__in=tracks
        ).values_list("track", "counts")
        carried |= {track for track, counts in then if track is not None and counts == current[track]}
    return carried


def _start(sequence: Sequence, user: User, params: dict[str, object]) -> Started:
    """A queued job for the same range takes these tracks and this start; else a new job."""
    queued = (
        Job.objects.select_for_update()
        .filter(
            kind=PROPAGATE_KIND,
            status=JobStatus.QUEUED,
            project_id=sequence.project_id,
            params__sequence=sequence.pk,
            params__from=params["from"],
            params__to=params["to"],
        )
        .order_by("id")
        .first()
    )
    if queued is None:
        return Started(job_create(kind=PROPAGATE_KIND, project=sequence.project, user=user, params=params), False)
    tracks = params["tracks"]
    assert isinstance(tracks, list)
    queued.params = {
        **params,
        "tracks": sorted(set(queued.params.get("tracks", [])) | set(tracks)),
        "keyframes": bool(queued.params.get("keyframes", True)) or bool(params["keyframes"]),
    }
    queued.save(update_fields=["params"])
    return Started(queued, True)


def repropagate_start(*, sequence: Sequence, user: User, index: int, keyframes: bool = True) -> Repropagation:
    """Start (or join) the re-propagation of frame `index`'s corrected tracks (see the module's docstring)."""
    frame = Frame.objects.select_related("asset").get(sequence=sequence, index=index)
    found = current_objects_of(frame.asset, user.pk)
    if found is None:
        return Repropagation([], [], f"frame {index} has no label")
    label, objects = found
    tracks = corrected_tracks(sequence=sequence, frame=frame, objects=objects)
    if tracks is None:
        return Repropagation([], [], f"frame {index} has no propagated pre-label")
    if not tracks:
        return Repropagation([], [], f"frame {index}'s label keeps every propagated mask as it was")
    origin = _origin(sequence, index, tracks)
    away = 1 if origin is None or origin < index else -1
    last = sequence.frame_count - 1
    # towards the origin only where frames lie between it and the correction
    directions = [away] + ([-away] if keyframes and origin is not None and abs(index - origin) > 1 else [])
    ends = [(last if direction > 0 else 0) for direction in directions]
    ends = [end for end in ends if end != index]
    if not ends:
        return Repropagation(tracks, [], f"frame {index} is the sequence's end in the direction to re-propagate")
    current = {o.track: o.counts for o in objects if o.track in tracks}
    todo = [(end, sorted(set(tracks) - _carried(sequence, index, end, label.pk, current))) for end in ends]
    todo = [(end, left) for end, left in todo if left]
    if not todo:
        return Repropagation(tracks, [], f"frame {index}'s corrections were already carried on as they are now")
    broker_check()
    with transaction.atomic():
        started = [
            _start(
                sequence,
                user,
                {
                    "sequence": sequence.pk,
                    "from": index,
                    "to": end,
                    "tracks": left,
                    "label": label.pk,
                    "revision": label.revision,
                    "keyframes": keyframes,
                },
            )
            for end, left in todo
        ]
    return Repropagation(
        tracks,
        started,
        "corrected tracks re-propagated from frame "
        f"{index}{'' if origin is None else f' (propagated from frame {origin})'}",
    )
