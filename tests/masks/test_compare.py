"""IoU, Dice, instance matching and boundary F-score."""

from __future__ import annotations

import numpy as np
import pytest

from labelplatform import masks as M


def box(top: int, left: int, size: int, shape: tuple[int, int] = (20, 20)) -> np.ndarray:
    mask = np.zeros(shape, bool)
    mask[top : top + size, left : left + size] = True
    return mask


def test_iou_and_dice_of_known_overlap() -> None:
    a, b = box(0, 0, 4), box(0, 2, 4)  # 8 shared of 24 in the union
    assert M.iou(a, b) == pytest.approx(8 / 24)
    assert M.iou(M.encode(a), b) == pytest.approx(8 / 24)
    assert M.dice(a, M.encode(b)) == pytest.approx(16 / 32)


def test_two_empty_masks_are_identical() -> None:
    empty = np.zeros((4, 4), bool)
    assert M.iou(empty, empty) == M.dice(empty, empty) == 1.0
    assert M.iou(M.encode(empty), M.encode(empty)) == 1.0
    assert M.iou(empty, box(0, 0, 2, (4, 4))) == 0.0


def test_matching_is_one_to_one_per_class() -> None:
    reference = [("car", box(0, 0, 5)), ("car", box(10, 10, 5)), ("person", box(0, 12, 4))]
    predicted = [
        ("car", box(10, 11, 5)),  # IoU 20/30 with reference 1
        ("car", box(0, 0, 5)),  # exact match of reference 0
        ("car", box(0, 1, 5)),  # duplicate of reference 0, left unmatched
        ("person", box(15, 0, 3)),  # no overlap
    ]
    result = M.match_instances(predicted, reference, threshold=0.5)
    assert [(p, r) for p, r, _ in result.pairs] == [(0, 1), (1, 0)]
    car = result.per_class["car"]
    assert (car.matched, car.predicted, car.reference) == (2, 3, 2)
    assert car.precision == pytest.approx(2 / 3) and car.recall == 1.0
    assert car.mean_iou == pytest.approx((1.0 + 20 / 30) / 2)
    person = result.per_class["person"]
    assert (person.precision, person.recall, person.mean_iou) == (0.0, 0.0, 0.0)
    assert result.mean_iou == pytest.approx(car.mean_iou / 2)


def test_matching_threshold_drops_weak_pairs() -> None:
    result = M.match_instances([(1, box(0, 0, 4))], [(1, box(0, 2, 4))], threshold=0.5)
    assert result.pairs == [] and result.per_class[1].recall == 0.0
    assert M.match_instances([], []).mean_iou == 1.0


def test_boundary_f_tolerates_small_shifts() -> None:
    a = box(5, 5, 10, (30, 30))
    shifted = box(6, 6, 10, (30, 30))
    assert M.boundary_f(a, a) == 1.0
    assert M.boundary_f(a, shifted, tolerance=2) == 1.0
    assert M.boundary_f(a, shifted, tolerance=0) < 0.5
    assert M.boundary_f(M.encode(a), M.encode(box(20, 20, 5, (30, 30))), 1) == 0.0
    empty = np.zeros((30, 30), bool)
    assert M.boundary_f(empty, empty) == 1.0 and M.boundary_f(a, empty) == 0.0
