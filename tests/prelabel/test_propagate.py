"""Mask propagation (engines/propagate.py): the real MobileSAM on a DAVIS clip, the flow alone on a made one."""

from pathlib import Path

import cv2
import numpy as np
import pytest

from labelplatform.prelabel.builtin.manifest import manifest_read
from labelplatform.prelabel.engines.onnx_models import load_session
from labelplatform.prelabel.engines.propagate import (
    FrameResult,
    TrackFrame,
    correct,
    labeled,
    propagate,
    repropagate,
)
from labelplatform.prelabel.engines.sam import sam_embed
from labelplatform.prelabel.engines.sam_frames import SamFrames
from tests.prelabel.clips import CLIP_FRAMES, Clip, iou, moving_clip

DAVIS = Path(__file__).resolve().parents[3] / "shared" / "data" / "davis2016_video"
EMBEDDINGS: list[np.ndarray] = []


def davis_clip(frames: int) -> Clip:
    """The first frames of DAVIS `bear` from ../shared; a made clip where the data is not here."""
    if not DAVIS.is_dir():
        return moving_clip(frames)
    names = sorted((DAVIS / "bear" / "frames").iterdir())[:frames]
    images = [cv2.cvtColor(cv2.imread(str(p)), cv2.COLOR_BGR2RGB) for p in names]
    truth = [cv2.imread(str(DAVIS / "bear" / "masks" / (p.stem + ".png"))).max(axis=2) > 0 for p in names]
    return Clip(images, truth)


@pytest.fixture(scope="module")
def bear() -> Clip:
    return davis_clip(CLIP_FRAMES)


@pytest.fixture
def segmenter(installed: Path, bear: Clip) -> SamFrames:  # type: ignore[no-untyped-def]
    manifest = manifest_read(installed)
    encoder, decoder = (load_session(str(manifest.files[role].path)) for role in ("encoder", "decoder"))
    if not EMBEDDINGS:  # once per module: the encoder is the slow part
        EMBEDDINGS.extend(sam_embed(encoder, manifest.config, image) for image in bear.images)
    embeddings = EMBEDDINGS
    return SamFrames(decoder, manifest.config, embeddings.__getitem__, bear.truth[0].shape)


def run(clip: Clip, start: int, stop: int, segmenter: SamFrames | None) -> list[FrameResult]:
    return list(propagate(clip, start, {7: labeled(clip.truth[start])}, stop, segmenter))


def test_it_follows_the_bear_forwards_from_the_first_frame(bear: Clip, segmenter: SamFrames) -> None:
    results = run(bear, 0, CLIP_FRAMES - 1, segmenter)
    assert [r.index for r in results] == list(range(1, CLIP_FRAMES))
    ious = [iou(r.tracks[7].mask, bear.truth[r.index]) for r in results]
    assert min(ious) > 0.85, ious
    for result in results:
        assert 0.0 <= result.tracks[7].confidence <= 1.0
        assert result.tracks[7].confidence > 0.5  # nothing drifted here
        assert ((result.tracks[7].logits > 0) == result.tracks[7].mask).all()


def test_it_follows_the_bear_backwards_from_the_last_frame(bear: Clip, segmenter: SamFrames) -> None:
    results = run(bear, CLIP_FRAMES - 1, 0, segmenter)
    assert [r.index for r in results] == list(range(CLIP_FRAMES - 2, -1, -1))
    assert min(iou(r.tracks[7].mask, bear.truth[r.index]) for r in results) > 0.85


def test_a_click_corrects_a_frame_and_repropagation_stops_where_it_agrees(bear: Clip, segmenter: SamFrames) -> None:
    state = {0: labeled(bear.truth[0])} | {r.index: r.tracks[7] for r in run(bear, 0, CLIP_FRAMES - 1, segmenter)}
    # given frame 3 lost a slab of the bear
    truth = bear.truth[3]
    ys, xs = np.nonzero(truth)
    cut = truth & (xs.mean() < np.arange(truth.shape[1]))[None, :]
    damaged = TrackFrame(truth & ~cut, 0.4, np.where(truth & ~cut, 5.0, -5.0).astype(np.float32))
    assert iou(damaged.mask, truth) < 0.7
    # when a positive click lands in the missing slab
    cy, cx = (int(v.mean()) for v in np.nonzero(cut))
    fixed = correct(segmenter, 3, damaged, [(cx, cy, True)])
    # then the frame is whole again and counts as labeled
    assert iou(fixed.mask, truth) > 0.85 and fixed.confidence == 1.0
    again = list(repropagate(bear, 3, {7: fixed}, CLIP_FRAMES - 1, lambda i: {7: state[i].mask}, segmenter))
    assert 1 <= len(again) <= CLIP_FRAMES - 4 and again[0].index == 4
    assert iou(again[-1].tracks[7].mask, state[again[-1].index].mask) >= 0.95 or again[-1].index == CLIP_FRAMES - 1


def test_the_flow_alone_carries_a_moving_object() -> None:
    clip = moving_clip()
    results = run(clip, 0, CLIP_FRAMES - 1, None)
    for result in results:
        assert iou(result.tracks[7].mask, clip.truth[result.index]) > 0.85  # the flow alone trails a little
        assert 0.0 <= result.tracks[7].confidence <= 1.0
    assert clip.reads == list(range(CLIP_FRAMES))  # each frame read once, in order


def test_tracks_never_overlap_and_a_lost_track_has_no_confidence() -> None:
    clip = moving_clip()
    left = clip.truth[0].copy()
    left[:, 40:] = False
    right = clip.truth[0] & ~left
    gone = np.zeros_like(left)
    gone[0:2, 0:2] = True  # too small to follow
    grown = cv2.dilate(right.astype(np.uint8), np.ones((9, 9), np.uint8)) > 0  # overlaps `left` by design
    results = list(propagate(clip, 0, {1: labeled(left), 2: labeled(grown), 3: labeled(gone)}, 3, None))
    for result in results:
        assert not (result.tracks[1].mask & result.tracks[2].mask).any()
        assert result.tracks[1].mask.any() and result.tracks[2].mask.any()
        assert not result.tracks[3].mask.any() and result.tracks[3].confidence == 0.0


def test_a_frame_of_another_size_is_refused() -> None:
    clip = moving_clip(3)
    clip.images[2] = np.zeros((60, 80, 3), np.uint8)
    with pytest.raises(ValueError, match="frame 2 is 80x60"):
        run(clip, 0, 2, None)


def test_a_correction_repropagates_over_what_the_caller_stores_as_it_goes(bear: Clip, segmenter: SamFrames) -> None:
    # given the frames after 2 hold a bad earlier propagation (the bear's right half missing), which the
    # caller overwrites with each new frame as it arrives (the job stores each prediction at once)
    store = {}
    for index in range(CLIP_FRAMES):
        truth = bear.truth[index]
        xs = np.nonzero(truth)[1]
        store[index] = truth & (np.arange(truth.shape[1]) < xs.mean())[None, :]
        assert iou(store[index], truth) < 0.7
    # when frame 2 is corrected and re-propagated
    again = repropagate(bear, 2, {7: labeled(bear.truth[2])}, CLIP_FRAMES - 1, lambda i: {7: store[i]}, segmenter)
    for result in again:
        store[result.index] = result.tracks[7].mask
    # then it runs on to the end, since no new mask agrees with the bad old one it replaces
    assert result.index == CLIP_FRAMES - 1
    assert min(iou(store[i], bear.truth[i]) for i in range(3, CLIP_FRAMES)) > 0.85


def test_a_click_changes_the_mask_only_where_it_lands(bear: Clip, segmenter: SamFrames) -> None:
    # given a good mask of frame 5 less a slab of the bear's right side
    truth = bear.truth[5]
    xs = np.nonzero(truth)[1]
    cut = truth & (np.arange(truth.shape[1]) > np.percentile(xs, 80))[None, :]
    damaged = labeled(truth & ~cut)
    # when a positive click lands in the slab
    cy, cx = (int(v.mean()) for v in np.nonzero(cut))
    fixed = correct(segmenter, 5, damaged, [(cx, cy, True)], bear.images[5])
    # then the slab is back, and away from it the mask is what it was
    assert iou(fixed.mask, truth) > max(0.9, iou(damaged.mask, truth))
    away = ~(cv2.dilate(cut.astype(np.uint8), np.ones((21, 21), np.uint8)) > 0)
    assert np.count_nonzero((fixed.mask ^ damaged.mask) & away) < 0.01 * np.count_nonzero(truth)
    assert fixed.confidence == 1.0 and ((fixed.logits > 0) == fixed.mask).all()
