"""Label maps and shared borders."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from numpy.typing import NDArray

from labelplatform import masks as M
from tests.masks.strategies import masks, quick, sizes


@st.composite
def label_maps(draw: st.DrawFn) -> NDArray[np.uint16]:
    height, width = draw(sizes)
    top = draw(st.sampled_from([1, 3, 20, 300]))
    return draw(hnp.arrays(np.uint16, (height, width), elements=st.integers(0, top)))


@quick
@given(label_maps())
def test_label_map_round_trips_through_masks_and_rles(labels: NDArray[np.uint16]) -> None:
    masks = M.masks_from_labelmap(labels)
    rles = M.rles_from_labelmap(labels)
    assert sorted(masks) == sorted(rles) == sorted(int(v) for v in np.unique(labels) if v)
    for value, mask in masks.items():
        assert M.encode(mask) == rles[value]
    values = sorted(masks)
    if not values:
        return  # nothing to rebuild from
    rebuilt = M.labelmap_from_masks([masks[v] for v in values])
    assert np.array_equal(rebuilt > 0, labels > 0)
    as_values = np.array([0, *values])[rebuilt]
    assert np.array_equal(as_values, labels)
    if rles:
        again = M.labelmap_from_rles([rles[v] for v in values], *labels.shape)
        assert np.array_equal(again, rebuilt)


def test_sparse_label_values_use_the_per_value_path() -> None:
    labels = np.zeros((6, 7), np.int32)
    labels[1:3, 1:3] = 26000
    labels[4, 6] = 33001
    rles = M.rles_from_labelmap(labels)
    assert sorted(rles) == [26000, 33001]
    assert M.area(rles[26000]) == 4 and M.bbox(rles[33001]) == [6, 4, 1, 1]


def test_overlapping_masks_are_reported() -> None:
    a = np.zeros((5, 5), bool)
    a[:3, :3] = True
    b = np.zeros((5, 5), bool)
    b[2:, 2:] = True
    c = np.zeros((5, 5), bool)
    c[4, 0] = True
    with pytest.raises(M.MaskError, match="masks 0 and 1 overlap on 1 pixels") as caught:
        M.labelmap_from_masks([a, b, c])
    assert caught.value.code == "overlap"
    rles = [M.encode(m) for m in (a, b, c)]
    with pytest.raises(M.MaskError, match="overlap"):
        M.labelmap_from_rles(rles, 5, 5)
    assert M.find_overlaps(rles) == [M.Overlap(0, 1, 1)]
    drawn = M.labelmap_from_masks([a, b, c], allow_overlap=True)
    assert drawn[2, 2] == 2


@quick
@given(label_maps(), st.data())
def test_draw_over_and_behind(labels: NDArray[np.uint16], data: st.DataObject) -> None:
    stroke = data.draw(hnp.arrays(np.bool_, labels.shape))
    index = data.draw(st.integers(1, 400))
    over = M.draw_over(labels, stroke, index)
    assert np.all(over[stroke] == index)
    assert np.array_equal(over[~stroke], labels[~stroke])
    behind = M.draw_behind(labels, stroke, index)
    takes = stroke & (labels == 0)
    assert np.all(behind[takes] == index)
    assert np.array_equal(behind[~takes], labels[~takes])


@quick
@given(label_maps(), st.data())
def test_draw_on_rle_objects_matches_the_label_map(labels: NDArray[np.uint16], data: st.DataObject) -> None:
    stroke = data.draw(hnp.arrays(np.bool_, labels.shape))
    objects = M.rles_from_labelmap(labels)
    values = sorted(objects)
    new = M.encode(stroke)
    over = M.draw_over_rles([objects[v] for v in values], new)
    for value, rle in zip(values, over, strict=True):
        assert np.array_equal(M.decode(rle, trusted=True), (labels == value) & ~stroke)
    behind = M.draw_behind_rle([objects[v] for v in values], new)
    assert np.array_equal(M.decode(behind, trusted=True), stroke & (labels == 0))


def test_draw_checks_shape_and_index() -> None:
    labels = np.zeros((3, 3), np.uint8)
    with pytest.raises(M.MaskError, match="shape"):
        M.draw_over(labels, np.ones((3, 4), bool), 1)
    with pytest.raises(M.MaskError, match="does not fit"):
        M.draw_behind(labels, np.ones((3, 3), bool), 256)


def test_many_objects_get_a_wide_enough_dtype() -> None:
    masks = [np.zeros((1, 300), bool) for _ in range(300)]
    for i, mask in enumerate(masks):
        mask[0, i] = True
    labels = M.labelmap_from_masks(masks)
    assert labels.dtype == np.uint16 and labels[0, 299] == 300


@quick
@given(st.lists(masks(nonempty=True), min_size=2, max_size=4), st.data())
def test_overlaps_from_measured_runs_are_those_of_the_rle_intersections(
        drawn: list[NDArray[np.bool_]], data: st.DataObject) -> None:
    shape = drawn[0].shape
    # same-size masks: the first one's shape, each of the others cut or padded from what was drawn
    padded = [np.pad(m, [(0, max(0, s - d)) for s, d in zip(shape, m.shape, strict=True)]) for m in drawn[1:]]
    same = [drawn[0]] + [m[:shape[0], :shape[1]] for m in padded]
    same.append(data.draw(hnp.arrays(np.bool_, shape)))
    rles = [M.encode(m) for m in same]
    measured = [M.measure(r, allow_empty=True, keep_runs=True) for r in rles]
    expected = M.find_overlaps(rles)
    assert M.find_overlaps_measured(measured) == expected
    for overlap in expected:
        assert overlap.pixels == int((same[overlap.first] & same[overlap.second]).sum())


def test_overlaps_from_measured_runs_need_the_runs() -> None:
    mask = np.ones((3, 3), bool)
    with pytest.raises(M.MaskError, match="keep_runs"):
        M.find_overlaps_measured([M.measure(M.encode(mask)), M.measure(M.encode(mask))])
