"""Every export format is re-imported into a new project and gives back the same pixels."""

import numpy as np
import pytest

from tests.datasets.conftest import class_maps, make_project, objects_per_class, zip_to_bytes

EXACT = ["coco", "coco_panoptic", "semantic_png", "rgb_png", "instance_png", "voc", "cityscapes", "ndjson"]
KEEPS_INSTANCES = {"coco", "instance_png", "voc", "cityscapes", "ndjson", "coco_panoptic"}
KEEPS_ATTRIBUTES = {"coco", "instance_png", "ndjson", "coco_panoptic"}


@pytest.mark.parametrize("fmt", EXACT)
def test_an_export_re_imports_with_identical_pixels(fmt, labeled, users, export_zip, import_file):
    # given an export of the labeled project with its images
    archive = export_zip(labeled, format=fmt, include_images=True)

    # when the zip is imported into a new project with the same class names
    target = make_project(users["manager"], "Target")
    job = import_file(target, zip_to_bytes(archive))

    # then every labeled image came back with the same class at every pixel
    assert job.status == "succeeded", job.error
    assert job.result["format"] == fmt
    assert job.result["errors"] == [] and job.result["error_count"] == 0
    assert job.result["images_created"] == 4 and job.result["labels_created"] == 4
    source, copy = class_maps(labeled), class_maps(target)
    assert sorted(copy) == sorted(source) == [f"street{i}.png" for i in range(4)]
    for name, values in source.items():
        assert np.array_equal(copy[name], values), f"{fmt}: {name} differs in {(copy[name] != values).sum()} px"
    if fmt in KEEPS_INSTANCES:
        assert objects_per_class(target) == objects_per_class(labeled)
    if fmt in KEEPS_ATTRIBUTES:
        from labelplatform.labels.models import LabelObject

        cars = LabelObject.objects.filter(revision__label__asset__project=target, attributes__occluded="no")
        assert cars.count() == 4


@pytest.mark.parametrize("fmt,options", [("yolo", {}), ("coco", {"polygons": True})])
def test_polygon_exports_re_import_close_to_the_masks(fmt, options, labeled, users, export_zip, import_file):
    archive = export_zip(labeled, format=fmt, include_images=True, **options)
    target = make_project(users["manager"], "Target")
    job = import_file(target, zip_to_bytes(archive))
    assert job.status == "succeeded", job.error
    assert job.result["labels_created"] == 4, job.result
    source, copy = class_maps(labeled), class_maps(target)
    for name, values in source.items():
        for value in np.unique(values[values > 0]):
            a, b = values == value, copy[name] == value
            iou = (a & b).sum() / (a | b).sum()
            # YOLO: the masks library fills the traced outlines back exactly; only the car's hole is lost.
            # COCO: polygons follow pixel edges, which pycocotools fills back exactly (the car's hole
            # keeps RLE, so it stays exact too).
            assert iou == 1.0 or (fmt == "yolo" and iou > 0.9), f"{fmt} {name} class {value}: IoU {iou:.3f}"
