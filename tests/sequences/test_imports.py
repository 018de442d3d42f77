"""Imports of sequence formats into a sequence: what an export wrote comes back pixel for pixel, by track."""

import io
import json
import zipfile

import numpy as np
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from pycocotools import mask as coco

from labelplatform.jobs.models import Job
from labelplatform.labels.models import Label
from labelplatform.masks.datasets import voc_palette
from labelplatform.prelabel.models import Prediction
from labelplatform.sequences.models import Sequence
from tests.datasets.conftest import export_zip, run, zip_bytes, zip_to_bytes  # noqa: F401  (a fixture)
from tests.sequences.conftest import frames_zip, run_started, upload
from tests.sequences.test_davis_export import box, submit

ROAD = 2


def make_sequence(client, project, name: str, frames: int = 3) -> Sequence:  # type: ignore[no-untyped-def]
    job = run_started(upload(client, project, f"{name}.zip",
                             frames_zip([(f"{i}.png", (40, 30)) for i in range(frames)]), name=name))
    return Sequence.objects.get(pk=job.params["sequence"])


@pytest.fixture
def walk(client_for, project) -> Sequence:  # type: ignore[no-untyped-def]
    """Three frames; frames 0 and 2 labeled with tracks 1 and 7 (one object without a track)."""
    sequence = make_sequence(client_for("manager"), project, "walk")
    frames = {f.index: f.asset_id for f in sequence.frames.all()}
    labeler = client_for("labeler")
    submit(labeler, frames[0], [(box(2, 3, 8, 10), 1), (box(15, 5, 6, 20), 7), (box(25, 30, 3, 3), None)])
    submit(labeler, frames[2], [(box(4, 4, 8, 10), 1), (box(20, 0, 10, 40), 7)])
    return sequence


@pytest.fixture
def again(client_for, project) -> Sequence:  # type: ignore[no-untyped-def]
    return make_sequence(client_for("manager"), project, "again")


def start_import(client, project, data: bytes, name: str = "sequence.zip", **fields):  # type: ignore[no-untyped-def]
    return client.post(f"/api/v1/projects/{project.pk}/imports",
                       {"file": SimpleUploadedFile(name, data), **fields}, format="multipart")


def imported(client, project, data: bytes, **fields) -> Job:  # type: ignore[no-untyped-def]
    started = start_import(client, project, data, **fields)
    assert started.status_code == 202, started.json()
    job = run(started.json()["id"])
    assert job.status == "succeeded", job.error
    return job


def tracked_masks(sequence: Sequence) -> dict[int, dict[int, np.ndarray]]:
    """frame index -> track -> mask, of each frame's label's current revision (objects with a track)."""
    found: dict[int, dict[int, np.ndarray]] = {}
    for frame in sequence.frames.select_related("asset"):
        for label in Label.objects.filter(asset=frame.asset):
            revision = label.revisions.get(number=label.revision)
            for obj in revision.label_objects.exclude(track=None):
                found.setdefault(frame.index, {})[obj.track] = coco.decode(
                    {"size": [frame.asset.height, frame.asset.width], "counts": obj.counts.encode()}).astype(bool)
    return found


def same_masks(a: dict[int, dict[int, np.ndarray]], b: dict[int, dict[int, np.ndarray]]) -> bool:
    return ({f: sorted(t) for f, t in a.items()} == {f: sorted(t) for f, t in b.items()}
            and all(np.array_equal(a[f][t], b[f][t]) for f in a for t in a[f]))


@pytest.mark.parametrize("fmt", ["davis_png", "youtube_vis", "mots"])
def test_an_export_imported_into_another_sequence_gives_the_same_masks(
        fmt, client_for, project, walk, again, export_zip):  # noqa: F811
    archive = export_zip(project, format=fmt)
    manager = client_for("manager")
    job = imported(manager, project, zip_to_bytes(archive), sequence=again.pk, status="draft")

    assert job.result["format"] == fmt and job.result["error_count"] == 0, job.result["errors"]
    assert job.result["labels_created"] == 2 and job.result["objects"] == 4
    assert same_masks(tracked_masks(again), tracked_masks(walk))
    labels = Label.objects.filter(asset__frame__sequence=again)
    assert {label.status for label in labels} == {"draft"}
    assert {o.class_id for label in labels for o in label.revisions.get(number=label.revision).label_objects.all()} \
        == {ROAD}


def test_auto_detects_the_format_and_reads_the_sequence_named_like_the_target(client_for, project, walk, export_zip):  # noqa: F811
    archive = export_zip(project, format="davis_png")
    Label.objects.filter(asset__frame__sequence=walk).delete()
    job = imported(client_for("manager"), project, zip_to_bytes(archive), sequence=walk.pk)
    assert job.result["format"] == "davis_png" and job.result["labels_created"] == 2
    assert {label.status for label in Label.objects.filter(asset__frame__sequence=walk)} == {"submitted"}


def test_predictions_keep_tracks_and_scores(client_for, project, walk, again, export_zip):  # noqa: F811
    document = json.loads(export_zip(project, format="youtube_vis").read("annotations.json"))
    for number, annotation in enumerate(document["annotations"]):
        annotation["score"] = 0.5 + number / 10
    job = imported(client_for("manager"), project, zip_bytes({"results.json": json.dumps(document).encode()}),
                   sequence=again.pk, predictions="true", source="tracker")
    assert job.result["predictions_created"] == 2 and job.result["labels_created"] == 0
    assert not Label.objects.filter(asset__frame__sequence=again).exists()
    first = Prediction.objects.get(asset__frame__sequence=again, asset__frame__index=0, source="tracker")
    assert sorted((o.track, o.score) for o in first.predicted_objects.all()) == [(1, 0.5), (7, 0.6)]


def davis_zip(frames: dict[int, np.ndarray], folder: str = "clip", extra: dict[str, bytes] | None = None) -> bytes:
    files = {}
    for index, values in frames.items():
        image = Image.fromarray(values.astype(np.uint8), mode="P")
        image.putpalette(voc_palette())
        out = io.BytesIO()
        image.save(out, "PNG")
        files[f"Annotations/{folder}/{index:05d}.png"] = out.getvalue()
    return zip_bytes({**files, **(extra or {})})


def test_davis_classes_come_from_a_mapping_or_the_tracks(client_for, project, again):
    manager = client_for("manager")
    assert manager.post(f"/api/v1/sequences/{again.pk}/tracks", {"track": 4, "class": ROAD},
                        format="json").status_code in (200, 201)
    values = np.zeros((30, 40), np.uint8)
    values[1:5, 1:5], values[10:20, 10:20], values[25:, :] = 4, 9, 200
    job = imported(manager, project, davis_zip({0: values}), sequence=again.pk,
                   track_classes=json.dumps({"9": "road"}))
    assert job.result["objects"] == 2 and job.result["objects_unknown_class"] == 1
    assert any("track 200" in name for name in job.result["unknown_classes"])
    assert sorted(tracked_masks(again)[0]) == [4, 9]


def test_davis_2017_layout_with_a_resolution_folder_is_read(client_for, project, again):
    values = np.zeros((30, 40), np.uint8)
    values[3:9, 4:12] = 2
    data = zip_bytes({f"DAVIS/{name.replace('Annotations/', 'Annotations/480p/')}": member
                      for name, member in _members(davis_zip({1: values})).items()})
    job = imported(client_for("manager"), project, data, sequence=again.pk, track_classes=json.dumps({"2": ROAD}))
    assert job.result["labels_created"] == 1 and job.result["error_count"] == 0
    assert np.array_equal(tracked_masks(again)[1][2], values == 2)


def test_bad_frames_are_reported_and_nothing_of_them_is_written(client_for, project, again):
    manager = client_for("manager")
    good = np.zeros((30, 40), np.uint8)
    good[2:6, 2:6] = 1
    wrong_size = Image.new("P", (20, 10))
    out = io.BytesIO()
    wrong_size.save(out, "PNG")
    data = davis_zip({0: good, 7: good}, extra={"Annotations/clip/00001.png": out.getvalue(),
                                               "Annotations/clip/first.png": out.getvalue()})
    job = imported(manager, project, data, sequence=again.pk, track_classes=json.dumps({"1": ROAD}))
    reasons = {e["file"]: e["reason"] for e in job.result["errors"]}
    assert set(reasons) == {"Annotations/clip/00001.png", "Annotations/clip/00007.png", "Annotations/clip/first.png"}
    assert "20x10, the frame 40x30" in reasons["Annotations/clip/00001.png"]
    assert "frame 7 is not in sequence" in reasons["Annotations/clip/00007.png"]
    assert "named by its index" in reasons["Annotations/clip/first.png"]
    assert sorted(tracked_masks(again)) == [0] and job.result["labels_created"] == 1


def test_mots_track_ids_and_rle_are_checked_per_frame(client_for, project, again):
    mask = box(2, 3, 8, 10)
    counts = coco.encode(np.asfortranarray(mask.astype(np.uint8)))["counts"].decode()
    text = "\n".join([
        f"0 2001 2 30 40 {counts}",  # frame 0: track 1
        "0 10000 10 30 40 " + counts,  # an ignore region: skipped
        f"1 2000 2 30 40 {counts}",  # frame 1: track 0
        "2 2003 2 30 40 not-an-rle!",  # frame 2: broken RLE
        f"1x 2003 2 30 40 {counts}",  # a line that is no MOTS line
        f"2 2004 2 20 40 {counts}",  # frame 2 again, wrong size
    ])
    job = imported(client_for("manager"), project, zip_bytes({"instances_txt/clip.txt": text.encode()}),
                   sequence=again.pk, format="mots")
    reasons = {e["file"]: e["reason"] for e in job.result["errors"]}
    assert "track id 0" in reasons["instances_txt/clip.txt: frame 1"]
    assert "line 4" in reasons["instances_txt/clip.txt: frame 2"]
    assert "not `frame id class height width rle`" in reasons["instances_txt/clip.txt line 5"]
    assert job.result["labels_created"] == 1
    assert np.array_equal(tracked_masks(again)[0][1], mask) and sorted(tracked_masks(again)) == [0]


def test_youtube_vis_sizes_and_tracks_are_checked(client_for, project, again, walk, export_zip):  # noqa: F811
    document = json.loads(export_zip(project, format="youtube_vis").read("annotations.json"))
    document["annotations"][1]["track"] = 0
    job = imported(client_for("manager"), project, zip_bytes({"a.json": json.dumps(document).encode()}),
                   sequence=again.pk)
    assert [e["reason"] for e in job.result["errors"]] == ["a.json: annotations[1]: track id 0 is not an integer "
                                                          "in 1..2147483647"]
    assert {f: sorted(t) for f, t in tracked_masks(again).items()} == {0: [1], 2: [1]}
    document["videos"][0]["width"] = 41
    document["annotations"][1]["track"] = 7
    job = imported(client_for("manager"), project, zip_bytes({"a.json": json.dumps(document).encode()}),
                   sequence=walk.pk, status="draft")
    assert job.result["labels_created"] == 0 and job.result["error_count"] == 2
    assert "says 41x30, the frames are 40x30" in job.result["errors"][0]["reason"]


@pytest.mark.parametrize(("fields", "message"), [
    ({"format": "davis_png"}, "is read into a sequence"),
    ({"sequence": 999999}, "no sequence 999999 in this project"),
    ({"sequence": "{seq}", "format": "coco"}, "a sequence reads"),
    ({"sequence": "{seq}", "track_classes": '{"0": "road"}'}, "a track id is an integer from 1"),
    ({"sequence": "{seq}", "track_classes": '{"\u00b2": "road"}'}, "a track id is an integer from 1"),
    ({"sequence": "{seq}", "track_classes": json.dumps({"9" * 5000: "road"})}, "a track id is an integer from 1"),
    ({"sequence": "{seq}", "track_classes": '{"1": ["road"]}'}, "a class name"),
    ({"track_classes": '{"1": "road"}'}, "only with a sequence"),
    # classes the ontology lacks: the job would skip their objects
    ({"sequence": "{seq}", "track_classes": '{"1": 99}'}, "track 1: 99"),
    ({"sequence": "{seq}", "track_classes": '{"1": 99}', "add_classes": "true"}, "track 1: 99"),
    ({"sequence": "{seq}", "track_classes": '{"1": "road", "2": "tram"}'}, "track 2: 'tram'"),
])
def test_bad_sequence_import_requests_are_400(client_for, project, again, fields, message):
    body = {k: str(v).replace("{seq}", str(again.pk)) for k, v in fields.items()}
    answer = start_import(client_for("manager"), project, davis_zip({0: np.zeros((30, 40), np.uint8)}), **body)
    assert answer.status_code == 400 and message in json.dumps(answer.json())
    assert not Job.objects.filter(kind="import").exists()


def test_a_track_class_name_the_ontology_lacks_is_added_with_add_classes(client_for, project, again):
    values = np.zeros((30, 40), np.uint8)
    values[1:5, 1:5] = 1
    job = imported(client_for("manager"), project, davis_zip({0: values}), sequence=again.pk,
                   track_classes=json.dumps({"1": "tram"}), add_classes="true")
    assert job.result["objects"] == 1 and job.result["objects_unknown_class"] == 0


def test_a_sequence_still_decoding_is_refused(client_for, project, again):
    Sequence.objects.filter(pk=again.pk).update(status="decoding")
    answer = start_import(client_for("manager"), project, davis_zip({0: np.zeros((30, 40), np.uint8)}),
                          sequence=again.pk)
    assert answer.status_code == 400 and "an import needs its frames decoded" in json.dumps(answer.json())


def test_a_file_of_several_sequences_none_named_like_the_target_imports_nothing(client_for, project, again):
    values = np.ones((30, 40), np.uint8)
    data = zip_bytes({**_members(davis_zip({0: values}, "one")), **_members(davis_zip({0: values}, "two"))})
    job = imported(client_for("manager"), project, data, sequence=again.pk, track_classes=json.dumps({"1": ROAD}))
    assert job.result["labels_created"] == 0
    assert "holds 2 sequences (one, two); none is named 'again'" in job.result["errors"][0]["reason"]


def test_digits_int_refuses_are_reported_as_the_files_errors(client_for, project, again):
    """str.isdigit takes '²' and 5000 digits, int() refuses both: each is a line's or a file's error."""
    manager = client_for("manager")
    text = "\u00b2 2001 2 30 40 abc\n" + "9" * 5000 + " 2001 2 30 40 abc\n"
    job = imported(manager, project, zip_bytes({"instances_txt/clip.txt": text.encode()}), sequence=again.pk,
                   format="mots")
    assert [e["file"] for e in job.result["errors"]] == [f"instances_txt/clip.txt line {n}" for n in (1, 2)]
    frames_json = json.dumps([{"sequence": "clip", "tracks": {"\u00b2": {"class": "road"}, "9" * 5000: {}}}])
    data = davis_zip({0: np.ones((30, 40), np.uint8)}, extra={"Annotations/clip/\u00b2.png": b"x",
                                                              "frames.json": frames_json.encode()})
    job = imported(manager, project, data, sequence=again.pk, track_classes=json.dumps({"1": ROAD}))
    assert [e["file"] for e in job.result["errors"]] == ["Annotations/clip/\u00b2.png"]
    assert "named by its index" in job.result["errors"][0]["reason"] and job.result["labels_created"] == 1


def _members(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}
