"""Data sets of bench/dataengine.py with their fixed splits: images, class maps, instances, thing classes."""

from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np

from labelplatform.dataengine.engines.candidates import min_area


@dataclass
class Sample:
    name: str
    image: np.ndarray
    classes: np.ndarray  # class value per pixel, 0 = nothing
    valid: np.ndarray | None  # pixels scored and trained on
    instances: list[tuple[int, np.ndarray]]  # (class, mask) per object


@dataclass
class DataSet:
    name: str
    pool: list[Sample]  # labeled images are taken from its start: 1, 3, 10
    test: list[Sample]
    classes: list[int]
    things: list[int]


def _components(classes: np.ndarray, things: list[int]) -> list[tuple[int, np.ndarray]]:
    found = []
    for thing in things:
        count, parts = cv2.connectedComponents((classes == thing).astype(np.uint8))
        for part in range(1, count):
            mask = parts == part
            if mask.sum() >= min_area(classes.shape):
                found.append((thing, mask))
    return found


def camvid(root: Path, test_images: int) -> DataSet:
    """CamVid 0..10 as 1..11 (void 11 neither trained nor scored); car, pedestrian, bicyclist are things.
    Consecutive video frames: the pool is every 7th frame before the last `test_images`."""
    things = [9, 10, 11]
    samples = []
    for path in sorted((root / "val").iterdir()):
        image = cv2.cvtColor(cv2.imread(str(path)), cv2.COLOR_BGR2RGB)
        label = cv2.imread(str(root / "valannot" / path.name), cv2.IMREAD_GRAYSCALE)
        classes = (label + 1).astype(np.uint8)
        classes[label == 11] = 0
        samples.append(Sample(path.stem, image, classes, label != 11, _components(classes, things)))
    return DataSet("camvid", samples[:-test_images][::7], samples[-test_images:], list(range(1, 12)), things)


COCO_ONTOLOGY_MIN_IMAGES = 10  # a class is in the coco128 project when this many of its images show it


def _coco_samples(root: Path) -> list[Sample]:
    """Every coco128_seg image with all its objects (80 classes, YOLO index + 1; polygons painted in file order)."""
    samples = []
    for label_path in sorted((root / "labels" / "train2017").iterdir()):
        image = cv2.cvtColor(cv2.imread(str(root / "images" / "train2017" / (label_path.stem + ".jpg"))),
                             cv2.COLOR_BGR2RGB)
        height, width = image.shape[:2]
        classes = np.zeros((height, width), np.uint8)
        owner = np.full((height, width), -1, np.int32)
        values = []
        for index, line in enumerate(label_path.read_text().splitlines()):
            numbers = line.split()
            polygon = (np.asarray([float(v) for v in numbers[1:]]).reshape(-1, 2) * [width, height])
            drawn = np.zeros((height, width), np.uint8)
            cv2.fillPoly(drawn, [polygon.round().astype(np.int32)], 1)
            owner[drawn > 0] = index
            values.append(int(numbers[0]) + 1)
        instances = []
        for index, value in enumerate(values):
            mask = owner == index
            classes[mask] = value
            if mask.sum() >= min_area((height, width)):
                instances.append((value, mask))
        samples.append(Sample(label_path.stem, image, classes, None, instances))
    return samples


def coco_ontology(samples: list[Sample]) -> list[int]:
    """The coco128 project's fixed classes: those with an object (of the minimum area) in at least
    COCO_ONTOLOGY_MIN_IMAGES of the 126 labeled images, about one image in 13. Rarer classes would show up
    in less than one of 10 labeled images on average, which no project would put in its ontology before
    labeling. The rule counts images only (no pre-labeling result): person, car, cup, dining table."""
    shown: dict[int, int] = {}
    for sample in samples:
        for value in {c for c, _ in sample.instances}:
            shown[value] = shown.get(value, 0) + 1
    return sorted(v for v, n in shown.items() if n >= COCO_ONTOLOGY_MIN_IMAGES)


def _project_only(sample: Sample, ontology: list[int]) -> Sample:
    """The image as the project labels it: objects of other classes are not labeled (pixels 0)."""
    classes = np.where(np.isin(sample.classes, ontology), sample.classes, 0).astype(np.uint8)
    return Sample(sample.name, sample.image, classes, None, [(c, m) for c, m in sample.instances if c in ontology])


def coco128_all(root: Path, test_images: int) -> DataSet:
    """coco128_seg with every class a thing, the last `test_images` held out (the split of the rounds
    before: most held-out objects are of classes the first 10 images never show)."""
    samples = _coco_samples(root)
    every = sorted({c for s in samples for c, _ in s.instances})
    return DataSet("coco128_seg_all", samples[:-test_images], samples[-test_images:], every, every)


def coco128(root: Path, test_images: int) -> DataSet:
    """coco128_seg as a project with a fixed ontology (coco_ontology(): person, car, cup, dining table, all
    things). Only the images that show an ontology class belong to it, each labeled with those classes only;
    in file order, the last `test_images` are held out and the labeled ones are taken from the start."""
    samples = _coco_samples(root)
    ontology = coco_ontology(samples)
    mine = [_project_only(s, ontology) for s in samples if any(c in ontology for c, _ in s.instances)]
    return DataSet("coco128_seg", mine[:-test_images], mine[-test_images:], ontology, ontology)


def coco128_dev(root: Path, test_images: int) -> DataSet:
    """The coco128 project's development split: the same first labeled images, scored on pool images 11-26
    (86 objects) instead of the held-out ones, so that changes are decided without looking at those."""
    project = coco128(root, test_images)
    return DataSet("coco128_seg_dev", project.pool[:10], project.pool[10:26], project.classes, project.things)


def isbi(root: Path, test_images: int) -> DataSet:
    """Membrane 1, cell interior 2; no things (a membrane map is semantic segmentation)."""
    samples = []
    for path in sorted((root / "image").iterdir(), key=lambda p: int(p.stem)):
        gray = cv2.imread(str(path), cv2.IMREAD_GRAYSCALE)
        label = cv2.imread(str(root / "label" / path.name), cv2.IMREAD_GRAYSCALE)
        classes = np.where(label < 128, 1, 2).astype(np.uint8)
        samples.append(Sample(path.stem, cv2.cvtColor(gray, cv2.COLOR_GRAY2RGB), classes, None, []))
    return DataSet("isbi_membrane", samples[:-test_images], samples[-test_images:], [1, 2], [])
