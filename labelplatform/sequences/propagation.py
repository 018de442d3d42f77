"""The propagation job's body: a labeled frame's tracks carried through the sequence as predictions.

The job's parameters come from services.propagate_start: `sequence`, `from`, `to`, `tracks`, and the
`label` and `revision` to start from (pinned: a later save does not change a queued job). Frames are
read from asset storage one at a time, image embeddings through the pre-labeling cache (computed by
the workers ahead of time, or here when missing) and the engine (prelabel/engines/propagate.py) gives
each frame's masks and confidences. Each frame is stored at once as a Prediction of source
"propagation" (one object per track with its track id and confidence; the prediction's score is the
least confident track's, lost tracks counting 0), so the editor shows frames as they arrive and a
retried job replaces what it wrote. Propagated masks are pre-labels: nothing here writes a label.

Where it stops: at `to`, or before the next frame whose label has one of the tracks (a person's work is
the better start for what lies beyond it). Between two labeled frames (`keyframes`, on unless the job's
parameters say false) the tracks that frame has too are carried from both ends and fused per frame
(prelabel/engines/keyframes.py): the far end's pass runs first and counts in the progress.

A correction, a start frame that propagation had reached before (it has a "propagation" prediction, then a
person fixed it), also stops at the first frame where every track agrees with what the earlier propagation
had stored there: beyond it nothing would change (not between two labeled frames, where the far end's pass is
new and the whole gap is fused again).

A frame keeps the tracks an earlier propagation stored there that this job does not carry: a job for some
tracks (a correction re-propagates only the tracks a person changed) leaves the others' pre-labels alone.
"""

from collections.abc import Callable, Mapping
from typing import Any

import numpy as np
from django.db.models import F
from numpy.typing import NDArray

from labelplatform.assets.models import Asset
from labelplatform.jobs.models import Job
from labelplatform.jobs.progress import Progress
from labelplatform.labels.models import LabelObject
from labelplatform.masks import decode, encode
from labelplatform.prelabel.ahead import warmed_pair
from labelplatform.prelabel.backends import sam_decoder, sam_embedding
from labelplatform.prelabel.engines.keyframes import between
from labelplatform.prelabel.engines.propagate import FrameResult, TrackFrame, labeled, propagate, repropagate
from labelplatform.prelabel.engines.sam_frames import SamFrames
from labelplatform.prelabel.images import asset_rgb
from labelplatform.prelabel.models import PROPAGATION_SOURCE, Prediction
from labelplatform.prelabel.services import LEAST_CONFIDENT, prediction_priorities_set, prediction_store
from labelplatform.sequences.models import Frame, Sequence
from labelplatform.sequences.selectors import current_objects_of, people_labels, propagated_objects


class AssetFrames:
    """The sequence's frames by index, read from storage when the engine reaches them."""

    def __init__(self, assets: Mapping[int, Asset]) -> None:
        self.assets = assets

    def image(self, index: int) -> NDArray[np.uint8]:
        return asset_rgb(self.assets[index])


def _mask(asset: Asset, counts: str) -> NDArray[np.bool_]:
    return decode({"size": [asset.height, asset.width], "counts": counts}, trusted=True)


def _labeled_between(assets: Mapping[int, Asset], indexes: list[int], tracks: list[int],
                     reader: int | None) -> set[int]:
    """Frame indexes among `indexes` whose current label has one of `tracks` (on a gold frame, `reader`'s)."""
    by_asset = {assets[i].pk: i for i in indexes}
    rows = LabelObject.objects.filter(
        revision__label__asset_id__in=list(by_asset),
        track__in=tracks,
        revision__number=F("revision__label__revision"),
    )
    found = (
        people_labels(rows, reader, "revision__label__")
        .values_list("revision__label__asset_id", flat=True)
        .distinct()
    )
    return {by_asset[asset_id] for asset_id in found}


def _stored_masks(assets: Mapping[int, Asset]) -> Callable[[int], dict[int, NDArray[np.bool_]] | None]:
    """What an earlier propagation stored on frame i, per track (None where it stored nothing)."""

    def masks(index: int) -> dict[int, NDArray[np.bool_]] | None:
        asset = assets[index]
        stored = propagated_objects(asset)
        if stored is None:
            return None
        return {o.track: _mask(asset, o.counts) for o in stored if o.track is not None}

    return masks


def _store(asset: Asset, result: FrameResult, classes: Mapping[int, int]) -> float:
    """One frame's prediction, keeping the tracks an earlier propagation stored there and this job does not
    carry; returns its score (the least confident track's)."""
    objects = [
        {"class": classes[track], "mask": encode(frame.mask), "score": frame.confidence, "track": track}
        for track, frame in result.tracks.items()
        if frame.mask.any()
    ]
    scores = [frame.confidence for frame in result.tracks.values()]
    for kept in propagated_objects(asset) or []:
        if kept.track not in result.tracks:
            objects.append(
                {
                    "class": kept.class_id,
                    "mask": {"size": [asset.height, asset.width], "counts": kept.counts},
                    "score": kept.score,
                    "track": kept.track,
                }
            )
            scores.append(kept.score if kept.score is not None else 0.0)
    score = min(scores, default=0.0)
    prediction_store(asset=asset, objects=objects, source=PROPAGATION_SOURCE, score=score)
    return score


def _segmenter(assets: Mapping[int, Asset], size: tuple[int, int]) -> tuple[SamFrames | None, str]:
    pair = warmed_pair()
    if pair is None:
        return None, "optical flow only (MobileSAM is not installed: scripts/models)"
    decoder = sam_decoder(pair)
    return SamFrames(decoder, pair.config, lambda index: sam_embedding(pair, assets[index]), size), pair.backend


def _far_end(asset: Asset, tracks: list[int], reader: int | None) -> dict[int, TrackFrame]:
    """The tracks of `tracks` on the labeled frame where the job stopped, as a person drew them."""
    found = current_objects_of(asset, reader)
    objects = found[1] if found is not None else []
    return {o.track: labeled(_mask(asset, o.counts)) for o in objects if o.track in tracks}


def run(job: Job, progress: Progress) -> dict[str, Any]:
    params = job.params
    sequence = Sequence.objects.get(pk=params["sequence"])
    start, end, tracks = int(params["from"]), int(params["to"]), [int(t) for t in params["tracks"]]
    assets = {f.index: f.asset for f in Frame.objects.filter(sequence=sequence).select_related("asset")}
    step = 1 if end >= start else -1
    ahead = list(range(start + step, end + step, step))
    people = _labeled_between(assets, ahead, tracks, job.created_by_id)
    stop = next((i - step for i in ahead if i in people), end)
    start_objects = [
        o
        for o in LabelObject.objects.filter(revision__label_id=params["label"], revision__number=params["revision"])
        if o.track in tracks
    ]
    start_asset = assets[start]
    classes = {o.track: o.class_id for o in start_objects if o.track is not None}
    begin = {o.track: labeled(_mask(start_asset, o.counts)) for o in start_objects if o.track is not None}
    far = (
        _far_end(assets[stop + step], list(begin), job.created_by_id)
        if stop != end and stop != start and params.get("keyframes", True)
        else {}
    )
    progress.set_total(abs(stop - start) * (2 if far else 1))
    segmenter, model = _segmenter(assets, (start_asset.height, start_asset.width))
    frames = AssetFrames(assets)
    correction = Prediction.objects.filter(asset=start_asset, source=PROPAGATION_SOURCE).exists()
    if far:
        results = between(frames, start, begin, stop, far, segmenter, far_done=lambda _index: progress.advance())
    elif correction:
        results = repropagate(frames, start, begin, stop, _stored_masks(assets), segmenter)
    else:
        results = propagate(frames, start, begin, stop, segmenter)
    written, scores = [], []
    for result in results:
        scores.append(_store(assets[result.index], result, classes))
        written.append(result.index)
        progress.advance()
    progress.set_done(abs(stop - start) * (2 if far else 1))
    prediction_priorities_set(
        project=sequence.project, asset_ids=[assets[i].pk for i in written], default=LEAST_CONFIDENT
    )
    return {
        "sequence": sequence.pk,
        "from": start,
        "to": end,
        "tracks": sorted(begin),
        "model": model,
        "frames": len(written),
        "last": written[-1] if written else None,
        "stopped_before_labeled": stop + step if stop != end else None,
        "keyframes": sorted(far) if far else None,
        "correction": correction,
        "agreed_at": written[-1] if correction and not far and written and written[-1] != stop else None,
        "min_confidence": min(scores) if scores else None,
        "mean_confidence": round(float(np.mean(scores)), 4) if scores else None,
    }
