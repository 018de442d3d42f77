"""Exports read by independent readers: pycocotools' COCO API and COCOeval, Pillow for PNGs."""

import io
import json

import numpy as np
import pytest
from PIL import Image
from pycocotools import mask as coco
from pycocotools.coco import COCO
from pycocotools.cocoeval import COCOeval

from labelplatform.labels.models import LabelObject
from tests.datasets.conftest import HEIGHT, WIDTH, class_ids, scene


def test_coco_is_read_by_pycocotools_with_the_stored_counts_and_scores_1_against_itself(labeled, export_zip, tmp_path):
    archive = export_zip(labeled, format="coco")
    path = tmp_path / "instances.json"
    path.write_bytes(archive.read("annotations/instances.json"))
    api = COCO(str(path))
    assert len(api.getImgIds()) == 4  # the draft-only and unlabeled assets are not exported
    assert {c["name"] for c in api.loadCats(api.getCatIds())} == {"car", "road", "person"}
    stored = {o.pk: o for o in LabelObject.objects.filter(revision__label__asset__project=labeled)}
    annotations = api.loadAnns(api.getAnnIds())
    assert len(annotations) == 16
    for annotation in annotations:
        # counts are the stored text, untouched; pycocotools decodes them to the stored area
        assert annotation["segmentation"]["counts"] == stored[annotation["id"]].counts
        assert int(api.annToMask(annotation).sum()) == annotation["area"] == stored[annotation["id"]].area
    results = [{**a, "score": 1.0} for a in annotations]
    evaluation = COCOeval(api, api.loadRes(results), "segm")
    evaluation.evaluate()
    evaluation.accumulate()
    evaluation.summarize()
    assert evaluation.stats[0] == pytest.approx(1.0)


def test_semantic_pngs_hold_class_ids_per_pixel(labeled, export_zip):
    archive = export_zip(labeled, format="semantic_png")
    ids = class_ids(labeled)
    table = json.loads(archive.read("classes.json"))
    assert {e["name"]: e["value"] for e in table} == ids
    pixels = np.asarray(Image.open(io.BytesIO(archive.read("masks/street1.png"))))
    assert pixels.shape == (HEIGHT, WIDTH) and pixels.dtype == np.uint8
    for name, mask in scene(1):
        assert (pixels[mask] == ids[name]).all()
    assert (pixels[~np.any([m for _, m in scene(1)], axis=0)] == 0).all()


def test_rgb_pngs_map_colours_to_labels(labeled, export_zip):
    archive = export_zip(labeled, format="rgb_png")
    mapping = {tuple(e["value"]): e["labels"] for e in json.loads(archive.read("mask_labels.json"))}
    assert mapping[(255, 0, 0)] == ["car"] and mapping[(0, 255, 0)] == ["road"]
    rgb = np.asarray(Image.open(io.BytesIO(archive.read("masks/street2.png"))).convert("RGB"))
    for name, mask in scene(2):
        colours = {tuple(c) for c in rgb[mask].tolist()}
        assert len(colours) == 1 and mapping[colours.pop()] == [name]


def test_voc_pngs_are_palette_images_with_class_and_object_indices(labeled, export_zip):
    archive = export_zip(labeled, format="voc")
    names = archive.read("class_names.txt").decode().splitlines()
    ids = class_ids(labeled)
    assert names[0] == "_background_" and all(names[i] == n for n, i in ids.items())
    classes = Image.open(io.BytesIO(archive.read("SegmentationClass/street0.png")))
    objects = Image.open(io.BytesIO(archive.read("SegmentationObject/street0.png")))
    assert classes.mode == objects.mode == "P"
    class_pixels, object_pixels = np.asarray(classes), np.asarray(objects)
    for number, (name, mask) in enumerate(scene(0), start=1):
        assert (class_pixels[mask] == ids[name]).all()
        assert (object_pixels[mask] == number).all()
    assert archive.read("ImageSets/Segmentation/default.txt").decode().split() == [f"street{i}" for i in range(4)]


def test_cityscapes_instance_ids_are_class_times_1000_plus_n_and_stuff_plain(labeled, export_zip):
    archive = export_zip(labeled, format="cityscapes")
    ids = class_ids(labeled)
    instance_ids = np.asarray(Image.open(io.BytesIO(archive.read("gtFine/default/street0_gtFine_instanceIds.png"))))
    objects = scene(0)
    assert (instance_ids[objects[0][1]] == ids["car"] * 1000).all()
    assert (instance_ids[objects[1][1]] == ids["person"] * 1000).all()
    assert (instance_ids[objects[2][1]] == ids["person"] * 1000 + 1).all()
    assert (instance_ids[objects[3][1]] == ids["road"]).all()  # stuff: the plain class id


def test_panoptic_png_segments_match_segments_info(labeled, export_zip):
    archive = export_zip(labeled, format="coco_panoptic")
    document = json.loads(archive.read("annotations/panoptic.json"))
    assert {c["name"]: c["isthing"] for c in document["categories"]} == {"car": 1, "road": 0, "person": 1}
    for annotation in document["annotations"]:
        rgb = np.asarray(Image.open(io.BytesIO(archive.read(f"panoptic/{annotation['file_name']}"))).convert("RGB"))
        rgb = rgb.astype(np.uint32)
        segment_ids = rgb[:, :, 0] + 256 * rgb[:, :, 1] + 65536 * rgb[:, :, 2]
        for segment in annotation["segments_info"]:
            inside = segment_ids == segment["id"]
            assert inside.sum() == segment["area"]
            rle = coco.encode(np.asfortranarray(inside.astype(np.uint8)))
            assert [int(v) for v in coco.toBbox(rle)] == segment["bbox"]


def test_instance_pngs_binary_and_alpha(labeled, export_zip):
    binary = export_zip(labeled, format="instance_png")
    manifest = json.loads(binary.read("instances.json"))
    assert len(manifest) == 16 and {e["mode"] for e in manifest} == {"binary"}
    first = manifest[0]
    pixels = np.asarray(Image.open(io.BytesIO(binary.read(first["file"]))))
    assert set(np.unique(pixels).tolist()) == {0, 255}
    assert (pixels == 255).sum() == LabelObject.objects.get(pk=first["object_id"]).area
    alpha = export_zip(labeled, format="instance_png", instance_mode="alpha")
    entry = json.loads(alpha.read("instances.json"))[0]
    rgba = Image.open(io.BytesIO(alpha.read(entry["file"])))
    assert rgba.mode == "RGBA"
    assert (np.asarray(rgba)[:, :, 3] == 255).sum() == LabelObject.objects.get(pk=entry["object_id"]).area


def test_yolo_lines_use_class_indices_named_in_data_yaml(labeled, export_zip):
    archive = export_zip(labeled, format="yolo")
    yaml = archive.read("data.yaml").decode()
    assert '0: "car"' in yaml and '1: "road"' in yaml and '2: "person"' in yaml
    lines = archive.read("labels/street0.txt").decode().splitlines()
    assert sorted(int(line.split()[0]) for line in lines) == [0, 1, 2, 2, 2]  # person2 has two pieces
    assert all(0.0 <= float(v) <= 1.0 for line in lines for v in line.split()[1:])


def test_ndjson_has_one_asset_per_line_with_review_state_and_author(labeled, export_zip):
    archive = export_zip(labeled, format="ndjson")
    lines = [json.loads(line) for line in archive.read("labels.ndjson").decode().splitlines()]
    assert [line["asset"]["name"] for line in lines] == [f"street{i}.png" for i in range(4)]
    first = lines[0]
    assert first["label"]["author"] == "manager" and first["label"]["status"] == "submitted"
    assert first["review"] == {"asset_status": "done", "accepted": True}
    assert first["classifications"] == {"weather": "sun"}
    assert [o["class_name"] for o in first["objects"]] == ["car", "person", "person", "road"]
    assert first["objects"][0]["attributes"] == {"occluded": "no"}
    assert first["label"]["time_spent_s"] == 3.0 and first["label"]["updated_at"]
