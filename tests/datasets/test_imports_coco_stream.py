"""COCO JSON is streamed: annotations in any order import the same objects, the spool is removed, broken files named."""

import json
from pathlib import Path

import numpy as np
import pytest

from labelplatform.datasets.importing.run import ItemImporter
from labelplatform.datasets.importing.sources import SourceError, tree_from_folder
from labelplatform.labels.models import Label
from tests.datasets.conftest import class_ids, make_project, scene, zip_bytes
from tests.datasets.test_imports import coco_document, random_png

SPOOL_PREFIX = "import-coco-"
TRUNCATED = "not valid JSON (parse error: premature EOF)"


def stored_objects(project) -> dict[str, list[tuple[str, str, dict]]]:  # type: ignore[no-untyped-def]
    """Per asset name: (class name, RLE counts, attributes) of its label's objects, in stored order."""
    names = {v: k for k, v in class_ids(project).items()}
    found = {}
    for label in Label.objects.filter(asset__project=project).select_related("asset"):
        objects = label.revisions.get(number=label.revision).label_objects.all()
        found[label.asset.name] = [(names[o.class_id], o.counts, o.attributes) for o in objects]
    return found


def overlapping() -> list[tuple[str, np.ndarray]]:
    """Two cars sharing pixels: the one first in the file keeps them, so file order matters."""
    first, second = np.zeros((48, 64), bool), np.zeros((48, 64), bool)
    first[5:20, 5:30] = True
    second[10:25, 20:40] = True
    return [("car", first), ("car", second)]


def grouped_and_interleaved() -> tuple[bytes, bytes]:
    grouped = json.loads(coco_document({"a.png": scene(0), "b.png": overlapping(), "c.png": scene(2)}))
    by_image: dict[int, list] = {}
    for annotation in grouped["annotations"]:
        by_image.setdefault(annotation["image_id"], []).append(annotation)
    interleaved = []  # round robin over the images: a, b, c, a, b, c, ... (each image's own order kept)
    while any(by_image.values()):
        interleaved += [queue.pop(0) for queue in by_image.values() if queue]
    # annotations before images, as some tools write them
    reordered = {"annotations": interleaved, "categories": grouped["categories"], "images": grouped["images"]}
    return json.dumps(grouped).encode(), json.dumps(reordered).encode()


def images() -> dict[str, bytes]:
    return {f"images/{name}.png": random_png(seed) for seed, name in enumerate("abc", start=1)}


def test_annotations_not_grouped_by_image_import_the_same_objects(users, import_file):
    # given the same COCO annotations grouped by image and interleaved across images
    grouped, interleaved = grouped_and_interleaved()

    # when each is imported into its own project
    first = import_file(make_project(users["manager"], "Grouped"), zip_bytes({"coco.json": grouped, **images()}))
    second = import_file(make_project(users["manager"], "Mixed"), zip_bytes({"coco.json": interleaved, **images()}))

    # then both store the same objects, in the same order, with the same overlap trimmed
    assert first.status == second.status == "succeeded", (first.error, second.error)
    assert first.result == second.result
    assert first.result["format"] == "coco" and first.result["objects"] == 10
    assert first.result["objects_trimmed"] == 1 and first.result["errors"] == []
    assert stored_objects(first.project) == stored_objects(second.project)
    assert [name for name, _, _ in stored_objects(second.project)["b.png"]] == ["car", "car"]


def test_annotations_of_unknown_images_are_ignored(users, import_file):
    document = json.loads(coco_document({"a.png": scene(0)}))
    stray = dict(document["annotations"][0], id=77, image_id=999)
    no_image = {key: value for key, value in document["annotations"][1].items() if key != "image_id"}
    document["annotations"] = [stray, *document["annotations"][:2], no_image, *document["annotations"][2:]]
    job = import_file(make_project(users["manager"], "Target"),
                      zip_bytes({"coco.json": json.dumps(document).encode(), "a.png": random_png(1)}))
    assert job.status == "succeeded", job.error
    assert job.result["errors"] == [] and job.result["objects"] == 4 and job.result["labels_created"] == 1


@pytest.fixture
def temp_folder(settings) -> Path:  # type: ignore[no-untyped-def]
    """This test's SCRATCH_ROOT: spools live in the job's scratch folder there, so any left behind would show."""
    folder = Path(settings.SCRATCH_ROOT)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def spools(folder: Path) -> list[str]:
    return [path.name for path in folder.rglob(f"{SPOOL_PREFIX}*")]


def test_the_spool_is_removed_after_the_import(users, import_file, temp_folder, monkeypatch):
    seen: list[list[str]] = []
    original = ItemImporter.run

    def run(self, item):  # type: ignore[no-untyped-def]
        seen.append(spools(temp_folder))
        original(self, item)

    monkeypatch.setattr(ItemImporter, "run", run)
    _, interleaved = grouped_and_interleaved()
    job = import_file(make_project(users["manager"], "Target"), zip_bytes({"coco.json": interleaved, **images()}))
    assert job.status == "succeeded", job.error
    assert job.result["labels_created"] == 3
    assert seen and all(len(names) == 1 for names in seen)  # one spool while the items were imported
    assert spools(temp_folder) == []


def test_the_spool_is_removed_when_the_import_fails(users, import_file, temp_folder, monkeypatch):
    def run(self, item):  # type: ignore[no-untyped-def]
        assert spools(temp_folder), "the spool exists while items are imported"
        raise RuntimeError("worker lost")

    monkeypatch.setattr(ItemImporter, "run", run)
    _, interleaved = grouped_and_interleaved()
    job = import_file(make_project(users["manager"], "Target"), zip_bytes({"coco.json": interleaved, **images()}))
    assert job.status == "failed" and "worker lost" in job.error
    assert spools(temp_folder) == []


@pytest.mark.parametrize("fmt", ["auto", "coco"])
def test_a_truncated_json_is_reported_by_name_and_the_rest_imports(fmt, users, import_file, temp_folder):
    # given a zip with a good COCO file and one cut off inside its last annotation (past the ones that tell its kind)
    good = coco_document({"a.png": scene(0)})
    document = coco_document({"b.png": scene(1), "c.png": scene(2), "d.png": scene(3)})
    cut = document[: document.rindex(b'"segmentation"') + 20]

    # when it is imported
    files = {"good.json": good, "part.json": cut, "a.png": random_png(1), "b.png": random_png(2)}
    job = import_file(make_project(users["manager"], "Target"), zip_bytes(files), format=fmt)

    # then the cut file is one error naming it and why; nothing of it is imported; the good file is
    assert job.status == "succeeded", job.error
    assert job.result["format"] == "coco"
    assert job.result["errors"] == [{"file": "part.json", "reason": f"part.json: {TRUNCATED}"}]
    assert job.result["labels_created"] == 1 and job.result["images_created"] == 1
    assert spools(temp_folder) == []


def test_a_json_broken_before_its_annotations_is_not_taken_for_coco(users, import_file):
    # given a COCO file cut off inside its images list
    document = coco_document({"a.png": scene(0)})
    cut = document[: document.index(b'"file_name"')]
    files = {"coco.json": cut, "a.png": random_png(1)}

    # when format is auto: as before, the file is not COCO and the image imports alone
    job = import_file(make_project(users["manager"], "Auto"), zip_bytes(files))
    assert job.result["format"] == "images" and job.result["images_created"] == 1

    # when format is coco: the file is reported by name
    job = import_file(make_project(users["manager"], "Coco"), zip_bytes(files), format="coco")
    assert job.result["errors"] == [{"file": "coco.json", "reason": f"coco.json: {TRUNCATED}"}]
    assert job.result["images_created"] == 0


def test_streams_keep_the_member_size_limit(tmp_path, settings):
    folder = tmp_path / "batch"
    folder.mkdir()
    (folder / "coco.json").write_bytes(b"[" + b"0," * 40 + b"0]")
    settings.MAX_UPLOAD_BYTES = 100
    tree = tree_from_folder(folder)
    with tree.open("coco.json") as stream:
        assert stream.read() == (folder / "coco.json").read_bytes()
        with (folder / "coco.json").open("ab") as grown:  # the file grows after it was opened
            grown.write(b" " * 200)
        with pytest.raises(SourceError, match="more than the 100 byte limit"):
            stream.read()
    with pytest.raises(SourceError, match="over the 100 byte limit"):
        tree.open("coco.json")


def test_a_zip_member_over_the_limit_is_refused(users, import_file, settings):
    document = coco_document({"a.png": scene(0)})
    settings.MAX_UPLOAD_BYTES = len(document) - 1
    job = import_file(make_project(users["manager"], "Target"),
                      zip_bytes({"coco.json": document}), format="coco")
    assert job.status == "failed" and "coco.json" in job.error and "byte limit" in job.error
