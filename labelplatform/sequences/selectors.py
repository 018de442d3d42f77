"""Reads on sequences: frames in order with what the timeline shows, tracks, a frame's current objects."""

from typing import Any, TypeVar

from django.db import models
from django.db.models import Count, Exists, F, Max, Min, OuterRef, Q, QuerySet, Subquery

from labelplatform.assets.models import Asset
from labelplatform.labels.models import Label, LabelObject, LabelStatus
from labelplatform.prelabel.models import PROPAGATION_SOURCE, Prediction, PredictionObject
from labelplatform.sequences.models import Frame, Sequence, Track

M = TypeVar("M", bound=models.Model)


def frames_of(sequence: Sequence, assets: QuerySet[Asset], labels: QuerySet[Label]) -> QuerySet[Frame]:
    """Frames in order, of the `assets` the caller may see, each with what the timeline marks: whether it
    has one of `labels` (and a submitted one) and its newest prediction's confidence."""
    labels = labels.filter(asset=OuterRef("asset"))
    newest = Prediction.objects.filter(asset=OuterRef("asset")).order_by("-created_at", "-id")
    return (Frame.objects.filter(sequence=sequence, asset__in=assets).select_related("asset")
            .annotate(labeled=Exists(labels), submitted=Exists(labels.filter(status=LabelStatus.SUBMITTED)),
                      score=Subquery(newest.values("score")[:1]))
            .order_by("index"))


def propagated_objects(asset: Asset) -> list[PredictionObject] | None:
    """The tracked objects propagation stored on `asset`; None where it stored nothing."""
    prediction = (Prediction.objects.filter(asset=asset, source=PROPAGATION_SOURCE)
                  .prefetch_related("predicted_objects").first())
    if prediction is None:
        return None
    return [o for o in prediction.predicted_objects.all() if o.track is not None]


def current_objects_of(asset: Asset, reader: int | None) -> tuple[Label, list[LabelObject]] | None:
    """The label a propagation starts from or stops at: a submitted one first, else the newest saved; its
    current objects. On a gold frame only a label of `reader` (who propagates; None: nobody), not the
    reference, counts: the reference must not reach the frames around it (docs/workflow.md)."""
    label = (people_labels(Label.objects.filter(asset=asset), reader)
             .order_by("-status", "-updated_at", "-id")  # "submitted" sorts after "draft": descending puts it first
             .first())
    if label is None:
        return None
    objects = list(LabelObject.objects.filter(revision__label=label, revision__number=label.revision)
                   .order_by("order"))
    return label, objects


def people_labels(rows: QuerySet[M], reader: int | None, path: str = "") -> QuerySet[M]:
    """Labels (or rows reaching one through `path`, e.g. "revision__label__") less, on gold assets, the
    reference and those not by `reader`: what a propagation started by `reader` may read of people's work (a
    manager's too: its pre-labels are what labelers correct next)."""
    on_gold = Q(**{f"{path}asset__gold__isnull": False})
    theirs = Q(**{f"{path}author_id": reader}) & ~Q(**{f"{path}asset__gold__label_id": F(f"{path}id")})
    return rows.exclude(on_gold & ~theirs if reader is not None else on_gold)


def tracks_of(sequence: Sequence, labels: QuerySet[Label], track: int | None = None) -> list[dict[str, Any]]:
    """Every track (or only `track`): its row (class, name, attributes) and where the current revisions of
    `labels` have it (frames labeled, first and last frame index), the union."""
    only = {} if track is None else {"track": track}
    rows = {t.track: t for t in Track.objects.filter(sequence=sequence, **only)}
    found = {entry["track"]: entry for entry in _current_tracked(sequence, labels).filter(**only)}
    out = []
    for number in sorted(set(rows) | set(found)):
        row, where = rows.get(number), found.get(number, {})
        out.append({
            "track": number,
            "class": row.class_id if row is not None and row.class_id is not None else where.get("class_id"),
            "name": row.name if row is not None else "",
            "attributes": row.attributes if row is not None else {},
            "labeled_frames": where.get("frames", 0),
            "first": where.get("first"),
            "last": where.get("last"),
        })
    return out


def _current_tracked(sequence: Sequence, labels: QuerySet[Label]) -> QuerySet[Any]:
    """Per track id on the current revisions of the frames' `labels`: a class, frames, first and last index."""
    return (LabelObject.objects
            .filter(revision__label__asset__frame__sequence=sequence, track__isnull=False,
                    revision__label__in=labels.filter(asset__frame__sequence=sequence).values("pk"),
                    revision__number=F("revision__label__revision"))
            .values("track")
            .annotate(class_id=Max("class_id"), frames=Count("revision__label__asset", distinct=True),
                      first=Min("revision__label__asset__frame__index"),
                      last=Max("revision__label__asset__frame__index"))
            .order_by("track"))


def frame_place(asset: Asset, assets: QuerySet[Asset]) -> dict[str, Any] | None:
    """Which sequence `asset` is a frame of and its place among the frames of `assets` (those the caller may
    see), counted from 1 as the sequence editor's ?frame= and top bar count; None for an asset of no sequence."""
    frame = Frame.objects.filter(asset=asset).select_related("sequence").first()
    if frame is None:
        return None
    counts = Frame.objects.filter(sequence=frame.sequence, asset__in=assets).aggregate(
        frames=Count("pk"), before=Count("pk", filter=Q(index__lt=frame.index)))
    return {"sequence": frame.sequence_id, "sequence_name": frame.sequence.name, "index": frame.index,
            "position": counts["before"] + 1, "frames": counts["frames"]}


def frame_places(project_id: int) -> dict[int, tuple[int, str, int]]:
    """Every frame of the project's sequences: asset id -> (sequence id, sequence name, frame index)."""
    rows = Frame.objects.filter(sequence__project_id=project_id).values_list(
        "asset_id", "sequence_id", "sequence__name", "index")
    return {asset: (sequence, name, index) for asset, sequence, name, index in rows}


def sequence_frames(sequence_ids: list[int]) -> list[dict[str, Any]]:
    """Each sequence with its size and every frame in order: {id, width, height, length, frames: [(index,
    asset id, stored file)]}."""
    frames: dict[int, list[tuple[int, int, str]]] = {pk: [] for pk in sequence_ids}
    for sequence, index, asset, file in (Frame.objects.filter(sequence_id__in=sequence_ids).order_by("index")
                                         .values_list("sequence_id", "index", "asset_id", "asset__file")):
        frames[sequence].append((index, asset, file))
    return [{"id": s.pk, "width": s.width, "height": s.height, "length": len(frames[s.pk]), "frames": frames[s.pk]}
            for s in Sequence.objects.filter(pk__in=sequence_ids).order_by("pk")]
