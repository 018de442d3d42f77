"""DAVIS palette PNG export: one folder per sequence, pixel value = track id, read back with Pillow."""

import io
import json

import numpy as np
import pytest
from django.core.files.storage import default_storage
from PIL import Image

from labelplatform.jobs.models import Job
from labelplatform.masks.datasets import voc_palette
from tests.api.test_labels import rle
from tests.datasets.conftest import export_zip  # noqa: F401  (a fixture)
from tests.sequences.conftest import frames_zip, run_started, upload


def box(top: int, left: int, height: int, width: int) -> np.ndarray:
    mask = np.zeros((30, 40), bool)
    mask[top:top + height, left:left + width] = True
    return mask


@pytest.fixture
def walk(client_for, project):  # type: ignore[no-untyped-def]
    job = run_started(upload(client_for("manager"), project, "walk.zip",
                             frames_zip([(f"{i}.png", (40, 30)) for i in range(3)]), name="walk"))
    from labelplatform.sequences.models import Sequence

    return Sequence.objects.get(pk=job.params["sequence"])


def submit(client, asset_id: int, objects: list[tuple[np.ndarray, int | None]]) -> None:  # type: ignore[no-untyped-def]
    body = {"status": "submitted", "objects": [
        {"class": 2, "mask": rle(mask), **({"track": track} if track is not None else {})} for mask, track in objects]}
    response = client.post(f"/api/v1/assets/{asset_id}/labels", body, format="json")
    assert response.status_code == 201, response.json()


def test_frames_export_as_palette_pngs_of_track_ids(client_for, project, walk, asset, export_zip):  # noqa: F811
    labeler = client_for("labeler")
    frames = {f.index: f.asset for f in walk.frames.select_related("asset")}
    submit(labeler, frames[0].pk, [(box(2, 3, 8, 10), 1), (box(15, 5, 6, 20), 7), (box(25, 30, 3, 3), None)])
    submit(labeler, frames[2].pk, [(box(4, 4, 8, 10), 1)])
    submit(labeler, asset.pk, [(box(0, 0, 5, 5), 3)])  # an asset outside any sequence: left out
    archive = export_zip(project, format="davis_png", include_images=True)

    names = sorted(archive.namelist())
    assert [n for n in names if n.startswith("Annotations/")] == ["Annotations/walk/00000.png",
                                                                  "Annotations/walk/00002.png"]
    expected = np.zeros((30, 40), np.uint8)
    expected[box(2, 3, 8, 10)] = 1
    expected[box(15, 5, 6, 20)] = 7  # the object without a track is background
    with Image.open(io.BytesIO(archive.read("Annotations/walk/00000.png"))) as png:
        assert png.mode == "P" and png.getpalette()[:768] == voc_palette()
        assert np.array_equal(np.asarray(png), expected)
    with Image.open(io.BytesIO(archive.read("Annotations/walk/00002.png"))) as png:
        assert np.array_equal(np.asarray(png), box(4, 4, 8, 10).astype(np.uint8))
    # the frames' images, named by their index, byte for byte
    assert [n for n in names if n.startswith("JPEGImages/")] == ["JPEGImages/walk/00000.png",
                                                                 "JPEGImages/walk/00002.png"]
    with default_storage.open(frames[2].file) as handle:
        assert archive.read("JPEGImages/walk/00002.png") == handle.read()
    listed = json.loads(archive.read("frames.json"))
    assert [(f["sequence"], f["frame"], sorted(f["tracks"])) for f in listed] == [("walk", 0, ["1", "7"]),
                                                                                  ("walk", 2, ["1"])]
    assert listed[0]["tracks"]["7"] == {"class_id": 2, "class": "road"}


def test_the_result_counts_the_frames_and_tracked_objects_written(client_for, project, walk, asset):
    labeler = client_for("labeler")
    frames = {f.index: f.asset for f in walk.frames.select_related("asset")}
    submit(labeler, frames[0].pk, [(box(2, 3, 8, 10), 1), (box(25, 30, 3, 3), None)])
    submit(labeler, asset.pk, [(box(0, 0, 5, 5), 3)])  # an asset outside any sequence: left out
    started = client_for("manager").post(f"/api/v1/projects/{project.pk}/exports", {"format": "davis_png"},
                                         format="json")
    from labelplatform.jobs.services import job_run

    job_run(job_id=started.json()["id"])
    result = Job.objects.get(pk=started.json()["id"]).result
    assert (result["assets"], result["objects"]) == (1, 1)


def test_a_track_past_the_palette_fails_the_export_with_its_reason(client_for, project, walk):
    submit(client_for("labeler"), walk.frames.get(index=1).asset_id, [(box(2, 3, 8, 10), 300)])
    started = client_for("manager").post(f"/api/v1/projects/{project.pk}/exports", {"format": "davis_png"},
                                         format="json")
    from labelplatform.jobs.services import job_run

    job_run(job_id=started.json()["id"])
    job = Job.objects.get(pk=started.json()["id"])
    assert job.status == "failed" and "track 300 is over 255" in job.error


def test_coco_names_each_frame_s_sequence_and_each_object_s_track(client_for, project, walk, asset,
                                                                   export_zip):  # noqa: F811
    frames = {f.index: f.asset for f in walk.frames.select_related("asset")}
    submit(client_for("labeler"), frames[1].pk, [(box(2, 3, 8, 10), 4), (box(15, 5, 6, 20), None)])
    submit(client_for("labeler"), asset.pk, [(box(0, 0, 5, 5), None)])
    document = json.loads(export_zip(project, format="coco").read("annotations/instances.json"))
    images = {image["id"]: image for image in document["images"]}
    assert (images[frames[1].pk]["video_id"], images[frames[1].pk]["video"], images[frames[1].pk]["frame_index"]) \
        == (walk.pk, "walk", 1)
    assert "video_id" not in images[asset.pk]
    tracks = sorted((a["image_id"], a.get("track_id", 0)) for a in document["annotations"])
    assert tracks == sorted([(frames[1].pk, 4), (frames[1].pk, 0), (asset.pk, 0)])  # 0: no track_id key


def test_youtube_vis_lists_each_track_with_a_mask_or_null_per_frame(client_for, project, walk, asset,
                                                                    export_zip):  # noqa: F811
    from pycocotools import mask as coco

    frames = {f.index: f.asset for f in walk.frames.select_related("asset")}
    submit(client_for("labeler"), frames[0].pk, [(box(2, 3, 8, 10), 5), (box(15, 5, 6, 20), 9)])
    submit(client_for("labeler"), frames[2].pk, [(box(4, 4, 8, 10), 5)])
    submit(client_for("labeler"), asset.pk, [(box(0, 0, 5, 5), 1)])  # no frame: left out
    archive = export_zip(project, format="youtube_vis", include_images=True)
    document = json.loads(archive.read("annotations.json"))
    assert [(v["id"], v["name"], v["length"], v["file_names"]) for v in document["videos"]] == [
        (walk.pk, "walk", 3, ["walk/00000.png", "walk/00001.png", "walk/00002.png"])]
    assert all(f"JPEGImages/{name}" in archive.namelist() for name in ["walk/00000.png", "walk/00002.png"])
    by_track = {a["track"]: a for a in document["annotations"]}
    assert sorted(by_track) == [5, 9] and by_track[5]["category_id"] == 2
    five = by_track[5]["segmentations"]
    assert five[1] is None and by_track[9]["segmentations"][1:] == [None, None]
    assert np.array_equal(coco.decode({"size": five[2]["size"], "counts": five[2]["counts"].encode()}).astype(bool),
                          box(4, 4, 8, 10))
    assert by_track[5]["areas"] == [80, None, 80] and by_track[5]["bboxes"][2] == [4, 4, 10, 8]


def test_mots_writes_a_line_per_tracked_object_per_frame(client_for, project, walk, export_zip):  # noqa: F811
    from pycocotools import mask as coco

    frames = {f.index: f.asset for f in walk.frames.select_related("asset")}
    submit(client_for("labeler"), frames[2].pk, [(box(4, 4, 8, 10), 5), (box(20, 4, 3, 3), None)])
    submit(client_for("labeler"), frames[0].pk, [(box(2, 3, 8, 10), 5), (box(15, 5, 6, 20), 9)])
    lines = export_zip(project, format="mots").read("instances_txt/walk.txt").decode().splitlines()
    assert [line.split(" ")[:5] for line in lines] == [
        ["0", "2005", "2", "30", "40"], ["0", "2009", "2", "30", "40"], ["2", "2005", "2", "30", "40"]]
    last = lines[2].split(" ")
    decoded = coco.decode({"size": [30, 40], "counts": last[5].encode()}).astype(bool)
    assert np.array_equal(decoded, box(4, 4, 8, 10))
