"""Propagation between two frames a person labeled (keyframes): each track carried from both ends and the two
answers fused per frame. Pure numpy/OpenCV on top of propagate.py's public functions; no Django.

Carried from one end only, a track drifts the farther it gets from its label, and the frame just before the
other labeled frame is its worst, right where a person's mask says what it should be. So the gap is
propagated twice: backwards from the far end first (kept in memory, as masks, confidences and clipped
logits), then forwards from the near end, and each frame's two masks are fused as that frame arrives:

- per pixel, the two ends' probabilities (the logits' sigmoid) averaged with weights `nearness x confidence`,
  nearness being 1 at an end's own frame and 0 at the other end's (linear in between), and the pixel is
  the track's where the average passes 0.5. The nearer end decides where both are as confident; a
  confident end outweighs an unsure nearer one (an occlusion the near pass lost the track in, a jump of
  SAM's to another object). Probabilities, not logits: averaged signed distances (a label's logits) eat
  into the dominant mask wherever the other end is far away (1.3 px at nearness 0.9, 5 px at 0.7);
- the fused mask is cleaned as a propagated one (islands touching neither answer and specks dropped);
- its confidence is the same weighted mix of the two confidences, times `0.5 + 0.5 x IoU` of the two
  answers: where both ends agree the frame is as sure as they are, where they disagree at least one drifted
  and the frame is ranked for review (down to half the mix when they do not overlap at all).

A track that only one end has is carried from that end as propagate() would. Tracks stay apart
(without_overlap) after the fusion.
"""

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from labelplatform.prelabel.engines.propagate import (
    LOGIT_CLIP,
    SETTINGS,
    FrameResult,
    Frames,
    Settings,
    TrackFrame,
    cleaned,
    propagate,
    without_overlap,
)
from labelplatform.prelabel.engines.sam_frames import Segmenter


@dataclass(frozen=True)
class _Far:
    """What the far end's pass left on a frame for one track, kept small while the near pass runs."""

    mask: NDArray[np.bool_]
    confidence: float
    logits: NDArray[np.float16]  # clipped to +-LOGIT_CLIP: half precision is plenty


def _clipped(logits: NDArray[np.float32]) -> NDArray[np.float32]:
    return np.asarray(np.clip(logits, -LOGIT_CLIP, LOGIT_CLIP), np.float32)


def _sigmoid(logits: NDArray[np.float32]) -> NDArray[np.float32]:
    return np.asarray(1.0 / (1.0 + np.exp(-_clipped(logits))), np.float32)


def _iou(first: NDArray[np.bool_], second: NDArray[np.bool_]) -> float:
    union = np.count_nonzero(first | second)
    return np.count_nonzero(first & second) / union if union else 1.0


def fused(near: TrackFrame, far: TrackFrame, nearness: float) -> TrackFrame:
    """One track's two answers on a frame made one (see the module's docstring). `nearness` in [0, 1]: how
    close the frame is to `near`'s labeled end (1 at it, 0 at the other end)."""
    weight_near, weight_far = nearness * near.confidence, (1.0 - nearness) * far.confidence
    if weight_near + weight_far <= 0.0:  # neither end trusts itself: the nearer one, as it is
        return near if nearness >= 0.5 else far
    probability = (weight_near * _sigmoid(near.logits) + weight_far * _sigmoid(far.logits)) / (weight_near + weight_far)
    logits = _clipped(np.log(np.maximum(probability, 1e-6) / np.maximum(1.0 - probability, 1e-6)))
    mask = cleaned(logits > 0.0, near.mask | far.mask)
    mix = nearness * near.confidence + (1.0 - nearness) * far.confidence
    confidence = round(float(min(1.0, max(0.0, mix * (0.5 + 0.5 * _iou(near.mask, far.mask))))), 4)
    logits = np.where(mask, np.maximum(logits, 1.0), np.minimum(logits, -1.0))
    return TrackFrame(mask, confidence, np.asarray(logits, np.float32))


def between(
    frames: Frames,
    start: int,
    start_tracks: Mapping[int, TrackFrame],
    stop: int,
    end_tracks: Mapping[int, TrackFrame],
    segmenter: Segmenter | None = None,
    settings: Settings = SETTINGS,
    far_done: Callable[[int], None] | None = None,
) -> Iterator[FrameResult]:
    """Frames from `start` (labeled: `start_tracks`) to `stop` inclusive, either direction, where the frame one
    step past `stop` is labeled too (`end_tracks`, as labeled() makes them). Tracks on both ends are fused
    per frame, the others carried from `start`. The far end's pass runs first, calling `far_done(index)` per
    frame it reached (progress); then results are yielded per frame as the near pass reaches them."""
    step = 1 if stop >= start else -1
    if stop == start:
        return
    end = stop + step
    shared = {track: frame for track, frame in end_tracks.items() if track in start_tracks}
    far: dict[int, dict[int, _Far]] = {}
    if shared:
        for result in propagate(frames, end, shared, start + step, segmenter, settings):
            far[result.index] = {
                track: _Far(frame.mask, frame.confidence, _clipped(frame.logits).astype(np.float16))
                for track, frame in result.tracks.items()
            }
            if far_done is not None:
                far_done(result.index)
    span = abs(end - start)
    for result in propagate(frames, start, start_tracks, stop, segmenter, settings):
        nearness = 1.0 - abs(result.index - start) / span
        there = far.get(result.index, {})
        tracks = {
            track: fused(
                frame,
                TrackFrame(there[track].mask, there[track].confidence, there[track].logits.astype(np.float32)),
                nearness,
            )
            if track in there
            else frame
            for track, frame in result.tracks.items()
        }
        yield FrameResult(result.index, without_overlap(tracks))
