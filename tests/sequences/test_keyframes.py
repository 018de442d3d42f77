"""The fusion of a track's two answers between keyframes (prelabel/engines/keyframes.py), on made masks:
the nearer and surer end decides, the confidence falls where the ends disagree, and between() with no
model fuses the two ends' passes frame by frame."""

import numpy as np

from labelplatform.prelabel.engines.keyframes import between, fused
from labelplatform.prelabel.engines.propagate import TrackFrame, labeled

H, W = 60, 80


def box(x0: int, x1: int) -> np.ndarray:
    mask = np.zeros((H, W), np.bool_)
    mask[20:40, x0:x1] = True
    return mask


def answer(mask: np.ndarray, confidence: float) -> TrackFrame:
    frame = labeled(mask)
    return TrackFrame(frame.mask, confidence, frame.logits)


def test_the_nearer_end_decides_where_both_are_as_sure():
    near, far = answer(box(10, 30), 0.8), answer(box(40, 60), 0.8)
    assert np.array_equal(fused(near, far, 0.9).mask, near.mask)
    assert np.array_equal(fused(near, far, 0.1).mask, far.mask)


def test_a_sure_end_outweighs_an_unsure_nearer_one():
    near, far = answer(box(10, 30), 0.1), answer(box(40, 60), 0.9)
    assert np.array_equal(fused(near, far, 0.6).mask, far.mask)


def test_the_confidence_is_the_mix_where_the_ends_agree_and_half_of_it_where_they_do_not_overlap():
    same = fused(answer(box(10, 30), 0.8), answer(box(10, 30), 0.6), 0.5)
    assert same.confidence == 0.7 and np.array_equal(same.mask, box(10, 30))
    apart = fused(answer(box(10, 30), 0.8), answer(box(40, 60), 0.6), 0.5)
    assert apart.confidence == 0.35


def test_overlapping_answers_meet_in_between():
    middle = fused(answer(box(10, 40), 0.8), answer(box(20, 50), 0.8), 0.5).mask
    assert middle[30, 15:45].all() and not middle[30, :12].any() and not middle[30, 48:].any()


class Still:
    """Frames that never change: the flow is zero, so each pass carries its end's mask unchanged."""

    def image(self, index: int) -> np.ndarray:
        rng = np.random.default_rng(0)
        return rng.integers(0, 255, (H, W, 3), dtype=np.uint8)


def test_between_fuses_each_frame_and_reports_the_far_pass():
    far_frames: list[int] = []
    results = list(
        between(
            Still(),
            0,
            {1: labeled(box(10, 40)), 2: labeled(box(60, 70))},
            3,
            {1: labeled(box(20, 50))},
            far_done=far_frames.append,
        )
    )
    assert far_frames == [3, 2, 1]
    assert [r.index for r in results] == [1, 2, 3]
    first, last = results[0].tracks[1].mask, results[-1].tracks[1].mask
    assert first[30, 12:15].all() and not first[30, 46:50].any()  # frame 1: nearer the start's mask
    assert last[30, 45:48].all() and not last[30, 10:13].any()  # frame 3: nearer the end's
    assert all(2 in r.tracks and r.tracks[2].mask[30, 62:68].all() for r in results)  # only the start has track 2
    assert list(between(Still(), 2, {1: labeled(box(10, 40))}, 2, {1: labeled(box(20, 50))})) == []
