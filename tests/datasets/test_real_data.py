"""Imports of real datasets from /work/shared/data: CamVid index PNGs, COCO128 YOLO polygons, labelme VOC/COCO.

Skipped only where the data folder is absent.
"""

import io
import json
import zipfile
from pathlib import Path

import numpy as np
import pytest
from PIL import Image
from pycocotools.coco import COCO

from tests.datasets.conftest import class_ids, make_project

DATA = Path("/work/shared/data")
CAMVID = ["Sky", "Building", "Pole", "Road", "Pavement", "Tree", "SignSymbol", "Fence", "Car", "Pedestrian",
          "Bicyclist"]
LABELME = DATA / "labelme_voc3" / "examples" / "instance_segmentation"
pytestmark = pytest.mark.skipif(not DATA.is_dir(), reason="/work/shared/data is absent")


def zipped(files: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return out.getvalue()


def name_map(project, asset_name: str) -> tuple[np.ndarray, dict[int, str]]:  # type: ignore[no-untyped-def]
    """The newest label of an asset painted with class ids, and id -> name."""
    from pycocotools import mask as coco

    from labelplatform.labels.models import Label

    label = Label.objects.get(asset__project=project, asset__name=asset_name)
    values = np.zeros((label.asset.height, label.asset.width), np.int32)
    for obj in label.revisions.get(number=label.revision).label_objects.all():
        mask = coco.decode({"size": [label.asset.height, label.asset.width], "counts": obj.counts.encode()})
        values[mask.astype(bool)] = obj.class_id
    return values, {v: k for k, v in class_ids(project).items()}


def test_camvid_index_pngs_import_and_export_pixel_exact(users, import_file, export_zip):
    folder = DATA / "camvid" / "CamVid"
    stems = sorted(p.stem for p in (folder / "valannot").glob("*.png"))[:3]
    table = [{"value": v, "name": n} for v, n in enumerate(CAMVID)] + [{"value": 11, "ignore": True}]
    files = {"classes.json": json.dumps(table).encode()}
    for stem in stems:
        files[f"images/{stem}.png"] = (folder / "val" / f"{stem}.png").read_bytes()
        files[f"masks/{stem}.png"] = (folder / "valannot" / f"{stem}.png").read_bytes()
    project = make_project(users["manager"], "CamVid", classes=[])
    job = import_file(project, zipped(files), add_classes="true")
    assert job.status == "succeeded" and job.result["error_count"] == 0, job.result
    assert job.result["format"] == "semantic_png" and job.result["labels_created"] == 3
    assert sorted(job.result["classes_added"]) == sorted(CAMVID)
    ids = class_ids(project)
    lookup = np.array([ids[name] for name in CAMVID] + [0], np.int32)  # CamVid value -> class id; void -> 0
    for stem in stems:
        original = np.asarray(Image.open(folder / "valannot" / f"{stem}.png"))
        values, _ = name_map(project, f"{stem}.png")
        expected = lookup[original]
        assert np.array_equal(values, expected), f"{stem}: {(values != expected).sum()} px differ"
    # and the semantic export gives the same pixels back, read by Pillow
    archive = export_zip(project, format="semantic_png")
    for stem in stems:
        exported = np.asarray(Image.open(io.BytesIO(archive.read(f"masks/{stem}.png"))))
        assert np.array_equal(exported, name_map(project, f"{stem}.png")[0])


def test_coco128_yolo_polygons_import_as_disjoint_objects(users, import_file):
    folder = DATA / "coco128_seg" / "coco128-seg"
    stems = sorted(p.stem for p in (folder / "labels" / "train2017").glob("*.txt"))[:4]
    files = {"classes.txt": (folder / "classes.txt").read_bytes()}
    lines = 0
    for stem in stems:
        files[f"images/{stem}.jpg"] = (folder / "images" / "train2017" / f"{stem}.jpg").read_bytes()
        text = (folder / "labels" / "train2017" / f"{stem}.txt").read_bytes()
        files[f"labels/{stem}.txt"] = text
        lines += len([line for line in text.splitlines() if line.strip()])
    project = make_project(users["manager"], "COCO128", classes=[])
    job = import_file(project, zipped(files), add_classes="true")
    assert job.status == "succeeded" and job.result["error_count"] == 0, job.result
    assert job.result["format"] == "yolo" and job.result["labels_created"] == 4
    assert job.result["objects"] + job.result["objects_unknown_class"] <= lines
    assert job.result["objects"] >= lines - job.result["objects_trimmed"]
    assert "person" in job.result["classes_added"]


def test_labelme_voc_pngs_import_pixel_exact(users, import_file):
    folder = LABELME / "data_dataset_voc"
    files = {"class_names.txt": (folder / "class_names.txt").read_bytes()}
    for sub in ("JPEGImages", "SegmentationClass", "SegmentationObject"):
        for path in (folder / sub).iterdir():
            files[f"{sub}/{path.name}"] = path.read_bytes()
    project = make_project(users["manager"], "VOC", classes=[])
    job = import_file(project, zipped(files), add_classes="true")
    assert job.status == "succeeded" and job.result["error_count"] == 0, job.result
    assert job.result["format"] == "voc" and job.result["labels_created"] == 3
    names = (folder / "class_names.txt").read_text().splitlines()
    for path in (folder / "SegmentationClass").iterdir():
        original = np.asarray(Image.open(path))
        values, id_names = name_map(project, f"{path.stem}.jpg")
        labeled = (original != 0) & (original != 255)
        assert all(id_names[v] == names[o] for v, o in zip(values[labeled], original[labeled], strict=True))
        assert not values[~labeled].any()


def test_labelme_coco_polygons_import_inside_pycocotools_masks(users, import_file):
    folder = LABELME / "data_dataset_coco"
    files = {"annotations.json": (folder / "annotations.json").read_bytes()}
    for path in (folder / "JPEGImages").iterdir():
        files[f"JPEGImages/{path.name}"] = path.read_bytes()
    project = make_project(users["manager"], "COCO", classes=[])
    job = import_file(project, zipped(files), add_classes="true")
    assert job.status == "succeeded" and job.result["error_count"] == 0, job.result
    reference = COCO(str(folder / "annotations.json"))
    assert job.result["objects"] == len(reference.getAnnIds())
    for image in reference.loadImgs(reference.getImgIds()):
        values, names = name_map(project, Path(image["file_name"]).name)
        union = np.zeros_like(values, bool)
        for annotation in reference.loadAnns(reference.getAnnIds(imgIds=image["id"])):
            mask = reference.annToMask(annotation).astype(bool)
            union |= mask
            name = reference.loadCats(annotation["category_id"])[0]["name"]
            # every labeled pixel of the annotation's class lies inside some annotation of that class
            assert (values[mask] != 0).all()
            assert any(names[v] == name for v in np.unique(values[mask]))
        assert np.array_equal(values != 0, union)
