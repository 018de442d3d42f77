"""RLE codec: byte-identical to pycocotools, round trips, measurements without decoding."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from numpy.typing import NDArray
from pycocotools import mask as coco

from labelplatform import masks as M
from labelplatform.masks.counts import format_counts, scan_counts
from tests.masks.strategies import mask_pairs, masks, quick


def reference(mask: NDArray[np.bool_]) -> dict[str, object]:
    rle = coco.encode(np.asfortranarray(mask.astype(np.uint8)))
    return {"size": list(rle["size"]), "counts": rle["counts"].decode("ascii")}


FIXED = [
    # (mask rows, counts pycocotools writes)
    ([[0, 0], [0, 0]], "4"),
    ([[1, 1], [1, 1]], "04"),
    ([[0, 1], [1, 0]], "121"),
    ([[0, 1], [0, 1]], "22"),
    ([[1]], "01"),
    ([[0] * 5], "5"),
]


@pytest.mark.parametrize(("rows", "counts"), FIXED)
def test_fixed_vectors_match_pycocotools(rows: list[list[int]], counts: str) -> None:
    mask = np.array(rows, bool)
    assert reference(mask)["counts"] == counts
    assert M.encode(mask)["counts"] == counts
    assert np.array_equal(M.decode({"size": list(mask.shape), "counts": counts}), mask)


def test_large_runs_use_multi_character_values() -> None:
    mask = np.zeros((1000, 700), bool)
    mask[100:900, 30:650] = True
    mask[500:510, 300:310] = False
    rle = M.encode(mask)
    assert rle == reference(mask)
    assert M.area_and_bbox(rle) == (800 * 620 - 100, [30, 100, 620, 800])


@quick
@given(masks())
def test_encode_matches_pycocotools_and_round_trips(mask: NDArray[np.bool_]) -> None:
    rle = M.encode(mask)
    assert rle == reference(mask)
    assert isinstance(rle["counts"], str)
    decoded = M.decode(rle)
    assert decoded.dtype == np.bool_ and decoded.flags.f_contiguous  # pycocotools' layout, no copy
    assert np.array_equal(decoded, mask)


@quick
@given(masks())
def test_encode_accepts_fortran_and_uint8_input(mask: NDArray[np.bool_]) -> None:
    assert M.encode(np.asfortranarray(mask)) == reference(mask)
    assert M.encode(mask.astype(np.uint8) * 7) == reference(mask)


@quick
@given(masks())
def test_area_and_bbox_from_counts_match_pycocotools(mask: NDArray[np.bool_]) -> None:
    rle = M.encode(mask)
    area, box = M.area_and_bbox(rle)
    assert area == int(mask.sum()) == M.area(rle)
    assert box == [int(v) for v in coco.toBbox(reference(mask))] == M.bbox(rle)
    if mask.any():
        ys, xs = np.nonzero(mask)
        assert box == [xs.min(), ys.min(), xs.max() - xs.min() + 1, ys.max() - ys.min() + 1]


@quick
@given(masks())
def test_uncompressed_counts_normalize_to_compressed(mask: NDArray[np.bool_]) -> None:
    runs = scan_counts(M.encode(mask)["counts"], *mask.shape, keep_runs=True).runs
    assert runs is not None
    uncompressed = {"size": list(mask.shape), "counts": runs.tolist()}
    assert M.normalize(uncompressed) == reference(mask)
    assert format_counts(runs) == reference(mask)["counts"]


@quick
@given(masks(), st.lists(st.integers(0, 6), max_size=4))
def test_zero_runs_are_merged_away(mask: NDArray[np.bool_], places: list[int]) -> None:
    runs = scan_counts(M.encode(mask)["counts"], *mask.shape, keep_runs=True).runs
    assert runs is not None
    padded = runs.tolist()
    for place in places:
        at = min(place, len(padded))
        padded[at:at] = [0, 0]  # two empty runs keep the parity and the pixels
    rle = {"size": list(mask.shape), "counts": format_counts(np.array(padded))}
    assert M.normalize(rle) == reference(mask)


@quick
@given(mask_pairs())
def test_set_operations_work_on_rle(pair: tuple[NDArray[np.bool_], NDArray[np.bool_]]) -> None:
    a, b = pair
    ra, rb = M.encode(a), M.encode(b)
    assert M.merge([ra, rb]) == reference(a | b)
    assert M.intersect([ra, rb]) == reference(a & b)
    assert M.subtract(ra, rb) == reference(a & ~b)
    assert M.complement(ra) == reference(~a)


@quick
@given(mask_pairs())
def test_iou_is_symmetric_bounded_and_agrees(
    pair: tuple[NDArray[np.bool_], NDArray[np.bool_]],
) -> None:
    a, b = pair
    ra, rb = M.encode(a), M.encode(b)
    value = M.iou(ra, rb)
    assert 0.0 <= value <= 1.0
    assert value == pytest.approx(M.iou(rb, ra))
    assert value == pytest.approx(M.iou(a, b))
    assert M.iou(a, a) == 1.0
    assert M.dice(ra, rb) == pytest.approx(M.dice(a, b))
    assert M.dice(a, b) == pytest.approx(2 * value / (1 + value))


def test_set_operations_reject_different_sizes() -> None:
    a = M.encode(np.ones((2, 3), bool))
    b = M.encode(np.ones((3, 2), bool))
    with pytest.raises(M.MaskError, match="differ in size"):
        M.merge([a, b])


@pytest.mark.parametrize("shape", [(0, 4), (4, 0), (3,), (2, 2, 2)])
def test_encode_rejects_masks_without_two_dimensions_of_pixels(shape: tuple[int, ...]) -> None:
    with pytest.raises(M.MaskError):
        M.encode(np.zeros(shape, bool))
