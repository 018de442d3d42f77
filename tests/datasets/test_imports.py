"""Imports: bad files are reported by name and the rest goes on; classes, folders, URLs, predictions."""

import http.server
import io
import json
import threading

import numpy as np
import pytest
from PIL import Image

from labelplatform.assets.models import Asset
from labelplatform.jobs.models import Job
from labelplatform.labels.models import Label
from tests.datasets.conftest import class_maps, make_project, rle, scene, zip_bytes, zip_to_bytes


def png(pixels: np.ndarray) -> bytes:
    out = io.BytesIO()
    Image.fromarray(pixels).save(out, "PNG")
    return out.getvalue()


def coco_document(objects_by_image: dict[str, list[tuple[str, np.ndarray]]], extra_images=()) -> bytes:  # type: ignore[no-untyped-def]
    categories = [{"id": 1, "name": "car"}, {"id": 2, "name": "road"}, {"id": 3, "name": "person"},
                  {"id": 4, "name": "bus"}]
    by_name = {c["name"]: c["id"] for c in categories}
    images, annotations = [], []
    for number, (name, objects) in enumerate(list(objects_by_image.items()) + list(extra_images), start=1):
        images.append({"id": number, "file_name": name, "width": 64, "height": 48})
        for cls, mask in objects:
            annotations.append({"id": len(annotations) + 1, "image_id": number, "category_id": by_name[cls],
                                "segmentation": rle(mask), "iscrowd": 0})
    return json.dumps({"images": images, "annotations": annotations, "categories": categories}).encode()


def random_png(seed: int) -> bytes:
    return png(np.random.default_rng(seed).integers(0, 255, (48, 64, 3), dtype=np.uint8))


def test_bad_files_are_reported_by_name_and_the_rest_imports(users, import_file):
    target = make_project(users["manager"], "Target")
    broken_mask = {"size": [48, 64], "counts": "not rle at all"}
    document = json.loads(coco_document({"a.png": scene(0), "b.png": scene(1)}))
    document["images"].append({"id": 9, "file_name": "c.png", "width": 64, "height": 48})
    document["annotations"].append({"id": 99, "image_id": 9, "category_id": 1, "segmentation": broken_mask})
    files = {"annotations.json": json.dumps(document).encode(), "images/a.png": random_png(1),
             "images/b.png": b"\x89PNG broken", "images/c.png": random_png(3)}
    job = import_file(target, zip_bytes(files))
    assert job.status == "succeeded", job.error
    reasons = {e["file"]: e["reason"] for e in job.result["errors"]}
    assert set(reasons) == {"annotations.json: b.png", "annotations.json: c.png"}
    assert "not a readable image" in reasons["annotations.json: b.png"]
    assert "annotation 99" in reasons["annotations.json: c.png"] or "counts" in reasons["annotations.json: c.png"]
    # c.png itself was a good image: it is stored, without a label; b.png is not stored at all
    assert sorted(Asset.objects.filter(project=target).values_list("name", flat=True)) == ["a.png", "c.png"]
    assert list(class_maps(target)) == ["a.png"]
    assert job.result["images_created"] == 2 and job.result["labels_created"] == 1


def test_unknown_classes_are_reported_or_added(users, import_file):
    bus = np.zeros((48, 64), bool)
    bus[40:46, 2:30] = True
    objects = {"a.png": [("car", scene(0)[0][1]), ("bus", bus)]}
    target = make_project(users["manager"], "Target")
    job = import_file(target, zip_bytes({"coco.json": coco_document(objects), "a.png": random_png(1)}))
    assert job.result["unknown_classes"] == ["bus"] and job.result["objects_unknown_class"] == 1
    assert job.result["objects"] == 1
    other = make_project(users["manager"], "Other")
    job = import_file(other, zip_bytes({"coco.json": coco_document(objects), "a.png": random_png(1)}),
                      add_classes="true")
    assert job.result["classes_added"] == ["bus"] and job.result["unknown_classes"] == []
    document = other.ontology_versions.first().document
    assert {c["name"] for c in document["classes"]} == {"car", "road", "person", "bus"}
    assert job.result["objects"] == 2


def test_a_repeated_import_changes_nothing_already_stored(labeled, users, export_zip, import_file):
    data = zip_to_bytes(export_zip(labeled, format="coco", include_images=True))
    target = make_project(users["manager"], "Target")
    first = import_file(target, data)
    before = {label.pk: label.revision for label in Label.objects.filter(asset__project=target)}
    again = import_file(target, data)
    assert first.result["labels_created"] == 4
    assert again.result["images_existing"] == 4 and again.result["images_created"] == 0
    assert again.result["labels_created"] == 0 and again.result["skipped"] == 4
    assert {label.pk: label.revision for label in Label.objects.filter(asset__project=target)} == before
    assert Asset.objects.filter(project=target).count() == 4


def test_annotations_without_images_go_onto_existing_assets(labeled, users, export_zip, import_file):
    target = make_project(users["manager"], "Target")
    with_images = zip_to_bytes(export_zip(labeled, format="semantic_png", include_images=True))
    images_only = zip_bytes({n: d for n, d in _files(with_images).items() if n.startswith("images/")})
    job = import_file(target, images_only, format="images")
    assert job.result["images_created"] == 4 and job.result["labels_created"] == 0
    masks_only = zip_bytes({n: d for n, d in _files(with_images).items() if not n.startswith("images/")})
    job = import_file(target, masks_only)
    assert job.result["labels_created"] == 4 and job.result["images_created"] == 0


def _files(data: bytes) -> dict[str, bytes]:
    import zipfile

    archive = zipfile.ZipFile(io.BytesIO(data))
    return {name: archive.read(name) for name in archive.namelist()}


def test_predictions_become_pre_labels_with_scores_not_labels(users, import_file):
    from labelplatform.prelabel.models import Prediction

    target = make_project(users["manager"], "Target")
    document = json.loads(coco_document({"a.png": scene(0)}))
    for number, annotation in enumerate(document["annotations"]):
        annotation["score"] = 0.5 + number / 10
    job = import_file(target, zip_bytes({"preds.json": json.dumps(document).encode(), "a.png": random_png(1)}),
                      predictions="true", model_version="m-7", source="detector")
    assert job.status == "succeeded", job.error
    assert job.result["predictions_created"] == 1 and job.result["labels_created"] == 0
    assert not Label.objects.filter(asset__project=target).exists()
    prediction = Prediction.objects.get(asset__project=target)
    assert (prediction.source, prediction.model_version) == ("detector", "m-7")
    assert sorted(o.score for o in prediction.predicted_objects.all()) == pytest.approx([0.5, 0.6, 0.7, 0.8])


def test_server_folders_only_under_import_roots(users, client_for, tmp_path, settings):
    target = make_project(users["manager"], "Target")
    root = tmp_path / "shared"
    (root / "batch").mkdir(parents=True)
    (root / "batch" / "x.png").write_bytes(random_png(5))
    url = f"/api/v1/projects/{target.pk}/imports"
    client = client_for("manager")
    settings.IMPORT_ROOTS = []
    refused = client.post(url, {"path": str(root / "batch")}, format="json")
    assert refused.status_code == 400 and "IMPORT_ROOTS" in refused.json()["detail"]
    settings.IMPORT_ROOTS = [str(root)]
    outside = client.post(url, {"path": str(tmp_path)}, format="json")
    assert outside.status_code == 400 and "not under" in outside.json()["detail"]
    climbing = client.post(url, {"path": str(root / "batch" / ".." / "..")}, format="json")
    assert climbing.status_code == 400
    started = client.post(url, {"path": str(root / "batch")}, format="json")
    assert started.status_code == 202
    from labelplatform.jobs.services import job_run

    job_run(job_id=started.json()["id"])
    assert Job.objects.get(pk=started.json()["id"]).result["images_created"] == 1


def test_private_addresses_are_not_fetched(users, client_for):
    target = make_project(users["manager"], "Target")
    started = client_for("manager").post(f"/api/v1/projects/{target.pk}/imports",
                                         {"urls": ["http://127.0.0.1:9/x.zip", "http://10.1.2.3/y.zip"]}, format="json")
    from labelplatform.jobs.services import job_run

    job_run(job_id=started.json()["id"])
    errors = Job.objects.get(pk=started.json()["id"]).result["errors"]
    assert [e["file"] for e in errors] == ["http://127.0.0.1:9/x.zip", "http://10.1.2.3/y.zip"]
    assert all("private, local or reserved address" in e["reason"] for e in errors)


def test_urls_are_fetched_and_failures_reported(users, client_for, settings):
    settings.OUTBOUND_ALLOW_NETWORKS = ["127.0.0.1/32"]  # the test server lives on 127.0.0.1
    target = make_project(users["manager"], "Target")
    payload = zip_bytes({"a.png": random_png(1), "b.png": random_png(2)})

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802
            if self.path == "/data.zip":
                self.send_response(200)
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)
            else:
                self.send_error(404)

        def log_message(self, *args) -> None:  # type: ignore[no-untyped-def]
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        base = f"http://127.0.0.1:{server.server_address[1]}"
        started = client_for("manager").post(f"/api/v1/projects/{target.pk}/imports",
                                             {"urls": [f"{base}/data.zip", f"{base}/missing.zip"]}, format="json")
        assert started.status_code == 202
        from labelplatform.jobs.services import job_run

        job_run(job_id=started.json()["id"])
    finally:
        server.shutdown()
    result = Job.objects.get(pk=started.json()["id"]).result
    assert result["images_created"] == 2
    assert [e["file"] for e in result["errors"]] == [f"{base}/missing.zip"] and "404" in result["errors"][0]["reason"]


@pytest.mark.parametrize("body", [{}, {"path": "/tmp", "urls": ["http://x/y"]}, {"urls": ["ftp://x/y.zip"]}])
def test_bad_import_requests_are_400(users, client_for, body):
    target = make_project(users["manager"], "Target")
    response = client_for("manager").post(f"/api/v1/projects/{target.pk}/imports", body, format="json")
    assert response.status_code == 400 and response.json()["detail"]
    assert not Job.objects.filter(kind="import").exists()


def test_a_form_of_more_urls_than_allowed_gets_the_imports_own_400(users, client_for):
    # 1001 form fields: under DATA_UPLOAD_MAX_NUMBER_FIELDS, so the answer names `urls` (not Django's 413)
    target = make_project(users["manager"], "Target")
    urls = [f"https://example.com/{n}.zip" for n in range(1001)]
    response = client_for("manager").post(f"/api/v1/projects/{target.pk}/imports", {"urls": urls},
                                          format="multipart")
    assert response.status_code == 400 and "urls" in response.json()
    assert not Job.objects.filter(kind="import").exists()


def test_only_managers_import(labeled, client_for):
    url = f"/api/v1/projects/{labeled.pk}/imports"
    assert client_for("labeler").post(url, {"urls": ["http://x/y.zip"]}, format="json").status_code == 403
    assert client_for("outsider").post(url, {"urls": ["http://x/y.zip"]}, format="json").status_code == 404


def test_an_import_checks_for_retraining_once_not_per_label(users, import_file):
    # given a project that retrains after every 2 new labels, and 6 labeled images to import
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    target = make_project(users["manager"], "Target")
    target.settings = {**target.settings, "prelabel_retrain_every": 2}
    target.save(update_fields=["settings"])
    names = [f"{n}.png" for n in "abcdef"]
    files = {"annotations.json": coco_document({name: scene(i % 5) for i, name in enumerate(names)}),
             **{f"images/{name}": random_png(i) for i, name in enumerate(names)}}

    # when it is imported
    with CaptureQueriesContext(connection) as queries:
        job = import_file(target, zip_bytes(files))

    # then all 6 labels are in, the retrain check ran once at the end, and it queued one training job
    assert job.status == "succeeded", job.error
    assert job.result["labels_created"] == 6
    checks = [q for q in queries.captured_queries if "prelabel_trainedmodel" in q["sql"]
              and "labels_label" in q["sql"]]
    assert len(checks) == 1
    assert Job.objects.filter(project=target, kind="prelabel_train").count() == 1
