"""The library on real masks from ../shared/data (skipped when the folder is absent)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
from pycocotools import mask as coco

from labelplatform import masks as M


def read(path: Path) -> np.ndarray:
    return M.read_image(path.read_bytes())


def test_camvid_index_masks_round_trip(data_dir: Path) -> None:
    for path in sorted((data_dir / "camvid/CamVid/valannot").glob("*.png"))[:10]:
        index = read(path)
        objects = M.objects_from_index_mask(index, ignore=())
        assert sorted(objects) == sorted(int(v) for v in np.unique(index))
        for value, rle in objects.items():
            assert rle == M.validate(rle, *index.shape)
            reference = coco.encode(np.asfortranarray((index == value).astype(np.uint8)))
            assert rle["counts"] == reference["counts"].decode()
        rebuilt = M.index_mask_from_objects(list(objects.items()), *index.shape)
        assert np.array_equal(rebuilt, index)
        assert M.find_overlaps(list(objects.values())) == []


def test_stardist_instances_round_trip(data_dir: Path) -> None:
    ids = read(data_dir / "stardist_nuclei/stardist/data/images/mask2d.tif")
    assert ids.dtype == np.uint16
    objects = M.objects_from_index_mask(ids)
    assert len(objects) == 125
    areas = [M.area(r) for r in objects.values()]
    assert min(areas) >= 25 and max(areas) <= 751
    labels = M.labelmap_from_rles(list(objects.values()), *ids.shape)
    values = np.array([0, *objects])
    assert np.array_equal(values[labels], ids)


def test_grabcut_masks_survive_encoding_and_cleanup(data_dir: Path) -> None:
    for path in sorted((data_dir / "grabcut/GrabCut/boundary_GT").glob("*.bmp"))[:12]:
        grey = read(path)
        mask = grey > 128
        rle = M.encode(mask)
        assert np.array_equal(M.decode(M.validate(rle, *mask.shape)), mask)
        area, box = M.area_and_bbox(rle)
        assert area == int(mask.sum()) and box == [int(v) for v in coco.toBbox(rle)]
        polygons = M.polygons_from_mask(mask)
        assert np.array_equal(M.mask_from_polygons(polygons, *mask.shape), mask)
        cleaned = M.fill_small_holes(M.remove_small_components(mask, 50), 50)
        assert M.iou(cleaned, mask) > 0.99
        # The 128 band is where annotators were unsure: boundaries agree within it.
        assert M.boundary_f(grey >= 128, mask, tolerance=3) > 0.9


def test_isbi_membranes_compare(data_dir: Path) -> None:
    paths = sorted((data_dir / "isbi_membrane/data/membrane/train/label").glob("*.png"))[:3]
    first, second = (read(p) == 0 for p in paths[:2])
    assert 0 < M.iou(first, second) < 0.5
    assert M.iou(M.encode(first), M.encode(first)) == 1.0


def test_labelme_coco_polygons_match_voc_instances(data_dir: Path) -> None:
    root = data_dir / "labelme_voc3/examples/instance_segmentation"
    annotations = json.loads((root / "data_dataset_coco/annotations.json").read_text())
    for image in annotations["images"]:
        stem = Path(image["file_name"]).stem
        instances = read(root / f"data_dataset_voc/SegmentationObject/{stem}.png")
        reference = [(1, M.encode(instances == v)) for v in np.unique(instances) if v not in (0, 255)]
        predicted = [
            (1, M.mask_from_coco_polygons(a["segmentation"], image["height"], image["width"]))
            for a in annotations["annotations"]
            if a["image_id"] == image["id"]
        ]
        result = M.match_instances(predicted, reference, threshold=0.5)
        assert result.per_class[1].recall == 1.0
        assert result.per_class[1].mean_iou > 0.85


def test_coco128_yolo_polygons_round_trip(data_dir: Path) -> None:
    root = data_dir / "coco128_seg/coco128-seg"
    for label in sorted((root / "labels/train2017").glob("*.txt"))[:8]:
        with_image = M.read_image((root / f"images/train2017/{label.stem}.jpg").read_bytes())
        height, width = with_image.shape[:2]
        for line in label.read_text().splitlines():
            values = [float(v) for v in line.split()[1:]]
            mask = M.mask_from_yolo([values], height, width)
            if mask.sum() < 30:
                continue
            again = M.mask_from_yolo(M.yolo_polygons(mask, tolerance=0.5), height, width)
            assert M.iou(again, mask) > 0.9
            assert M.boundary_f(again, mask, tolerance=2) > 0.95
