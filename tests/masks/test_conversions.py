"""Import/export conversions: index, colour, alpha, binary PNG, instance ids, polygons."""

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
def index_masks(draw: st.DrawFn) -> NDArray[np.uint8]:
    return draw(hnp.arrays(np.uint8, draw(sizes), elements=st.integers(0, 5)))


@quick
@given(index_masks())
def test_semantic_index_mask_round_trips(index: NDArray[np.uint8]) -> None:
    objects = M.objects_from_index_mask(index)
    assert 0 not in objects
    rebuilt = M.index_mask_from_objects(list(objects.items()), *index.shape)
    assert rebuilt.dtype == np.uint8 and np.array_equal(rebuilt, index)
    with_zero = M.objects_from_index_mask(index, ignore=())
    assert (0 in with_zero) == bool((index == 0).any())


def test_index_mask_widens_to_uint16_and_survives_png() -> None:
    index = np.zeros((4, 5), np.uint16)
    index[1:3, 1:4] = 300
    index[0, 0] = 65535
    rebuilt = M.index_mask_from_objects(list(M.objects_from_index_mask(index).items()), 4, 5)
    assert rebuilt.dtype == np.uint16 and np.array_equal(rebuilt, index)
    assert np.array_equal(M.read_image(M.write_png(rebuilt)), index)


@quick
@given(index_masks())
def test_colour_mask_round_trips(index: NDArray[np.uint8]) -> None:
    objects = [([f"class{v}"], rle) for v, rle in M.objects_from_index_mask(index).items()]
    rgb, mask_labels = M.color_mask_from_objects(objects, *index.shape)
    assert len({tuple(entry["value"]) for entry in mask_labels}) == len(objects)
    back = M.objects_from_color_mask(M.read_image(M.write_png(rgb)), mask_labels)
    assert sorted((labels, rle["counts"]) for labels, rle in back) == sorted(
        (labels, rle["counts"]) for labels, rle in objects
    )


def test_colour_mask_rejects_unknown_colours() -> None:
    rgb = np.zeros((2, 2, 3), np.uint8)
    rgb[0, 0] = [255, 0, 0]
    rgb[1, 1] = [1, 2, 3]
    labels: list[M.MaskLabel] = [{"value": [255, 0, 0], "labels": ["car"]}]
    with pytest.raises(M.MaskError, match=r"\[\[1, 2, 3\]\]"):
        M.objects_from_color_mask(rgb, labels)
    [(names, rle)] = M.objects_from_color_mask(rgb, labels, strict=False)
    assert names == ["car"] and M.bbox(rle) == [0, 0, 1, 1]


@quick
@given(masks())
def test_alpha_and_binary_png_round_trip(mask: NDArray[np.bool_]) -> None:
    rgba = M.alpha_from_mask(mask)
    assert np.array_equal(M.mask_from_alpha(M.read_image(M.write_png(rgba))), mask)
    assert np.array_equal(M.mask_from_alpha(M.alpha_from_mask(M.encode(mask))), mask)
    assert np.array_equal(M.mask_from_binary_png(M.binary_png_from_mask(mask)), mask)


def test_alpha_keeps_the_image_colours() -> None:
    image = np.full((2, 3, 3), 7, np.uint8)
    rgba = M.alpha_from_mask(np.eye(2, 3, dtype=bool), image)
    assert rgba[0, 0].tolist() == [7, 7, 7, 255] and rgba[0, 1, 3] == 0


def test_instance_ids_follow_cityscapes() -> None:
    car_a, car_b, road = np.zeros((3, 3, 4), bool)
    car_a[0, :2] = car_b[0, 3:] = road[2, :] = True
    ids = M.instance_ids_from_objects([(26, car_a), (26, car_b), (7, road)], 3, 4, stuff_classes={7})
    assert ids[0].tolist() == [26000, 26000, 0, 26001] and ids[2].tolist() == [7] * 4
    regions = M.objects_from_instance_ids(ids)
    assert [(r.class_id, r.instance) for r in regions] == [(7, None), (26, 0), (26, 1)]
    assert np.array_equal(M.decode(regions[2].mask), car_b)


@quick
@given(masks())
def test_polygons_round_trip_exactly_without_tolerance(mask: NDArray[np.bool_]) -> None:
    polygons = M.polygons_from_mask(mask)
    assert np.array_equal(M.mask_from_polygons(polygons, *mask.shape), mask)


def test_polygons_keep_holes_and_islands() -> None:
    mask = np.zeros((30, 30), bool)
    mask[2:28, 2:28] = True
    mask[8:22, 8:22] = False
    mask[12:18, 12:18] = True  # island inside the hole
    polygons = M.polygons_from_mask(mask)
    assert M.has_holes(polygons) and len(polygons) == 2
    assert np.array_equal(M.mask_from_polygons(polygons, 30, 30), mask)
    simpler = M.polygons_from_mask(mask, tolerance=1.0)
    assert M.iou(M.mask_from_polygons(simpler, 30, 30), mask) > 0.9


def test_coco_and_yolo_polygons() -> None:
    yy, xx = np.mgrid[:60, :80]
    disk = (xx - 40) ** 2 + (yy - 30) ** 2 < 20**2
    flat = M.coco_polygons(disk, tolerance=1.0)
    assert len(flat) == 1 and len(flat[0]) % 2 == 0
    assert M.iou(M.mask_from_coco_polygons(flat, 60, 80), disk) > 0.98  # pixel-edge outlines, simplified
    yolo = M.yolo_polygons(disk, tolerance=0.5)
    assert all(0 <= v <= 1 for v in yolo[0])
    assert M.iou(M.mask_from_yolo(yolo, 60, 80), disk) > 0.97
    with pytest.raises(M.MaskError):
        M.mask_from_yolo([[0.1, 0.2, 0.3]], 60, 80)
    with pytest.raises(M.MaskError):
        M.mask_from_coco_polygons([[1.0, 2.0]], 60, 80)


def test_reading_garbage_is_a_mask_error() -> None:
    with pytest.raises(M.MaskError, match="not a readable image"):
        M.read_image(b"not a png")
