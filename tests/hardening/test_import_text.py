"""NUL and lone surrogates inside import files: reported by place, never a database error (issue 14, item 4).

The report: a COCO file whose annotation attributes held `\\u0000` got as far as PostgreSQL,
which refused the label's JSON (a DataError ended the job part way through). Text from a file
reaches the label (attributes, classifications), the ontology (class names, with add_classes)
and the job's own result (file names, unknown class names).
"""

import json
from collections.abc import Callable

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from labelplatform.assets.models import Asset
from labelplatform.jobs.models import Job
from labelplatform.labels.models import Label
from labelplatform.projects.models import Project
from labelplatform.projects.services import ontology_save, project_create
from tests.datasets.conftest import make_project, rle, run, scene, zip_bytes
from tests.datasets.test_imports import random_png

pytestmark = pytest.mark.django_db
CAR = {"name": "car", "color": "#ff0000", "kind": "thing", "attributes": [{"name": "note", "type": "text"}]}


@pytest.fixture
def import_file(client_for) -> Callable[..., Job]:  # type: ignore[no-untyped-def]
    def start(project: Project, data: bytes, **fields: str) -> Job:
        body = {"file": SimpleUploadedFile("dataset.zip", data), **fields}
        started = client_for("manager").post(f"/api/v1/projects/{project.pk}/imports", body, format="multipart")
        assert started.status_code == 202, started.json()
        return run(started.json()["id"])

    return start


def text_project(user) -> Project:  # type: ignore[no-untyped-def]
    """Free text where a file's text can land: a car's `note`, the image's `comment`."""
    project = project_create(user=user, name="Target")
    ontology_save(project=project, user=user, document={
        "classes": [CAR], "classifications": [{"name": "comment", "type": "text"}]})
    return project


def coco(images: list[dict], annotations: list[dict], categories: list[dict] | None = None) -> bytes:  # type: ignore[type-arg]
    return json.dumps({"images": images, "annotations": annotations,
                       "categories": categories or [{"id": 1, "name": "car"}]}).encode()


def image(number: int, name: str) -> dict:  # type: ignore[type-arg]
    return {"id": number, "file_name": name, "width": 64, "height": 48}


def car(number: int, image_id: int, **extra) -> dict:  # type: ignore[no-untyped-def, type-arg]
    return {"id": number, "image_id": image_id, "category_id": 1, "segmentation": rle(scene(0)[0][1]), **extra}


def test_the_report_a_nul_in_attributes_is_an_error_naming_the_place(users, import_file):
    # given a COCO file whose second image's annotation has a NUL in an attribute
    target = text_project(users["manager"])
    document = coco([image(1, "a.png"), image(2, "b.png")],
                    [car(1, 1), car(2, 2, attributes={"note": "x\u0000y"})])
    files = {"annotations.json": document, "a.png": random_png(1), "b.png": random_png(2)}

    # when it is imported
    job = import_file(target, zip_bytes(files))

    # then the job ends, the bad annotation is named, and b.png gets no label
    assert job.status == "succeeded", job.error
    assert job.result["errors"] == [{"file": "annotations.json: b.png",
                                     "reason": "objects[0].attributes.note: contains a NUL character"}]
    labeled = Label.objects.filter(asset__project=target).values_list("asset__name", flat=True)
    assert list(labeled) == ["a.png"]
    assert job.result["labels_created"] == 1


def test_a_nul_in_ndjson_classifications_is_named(users, import_file):
    target = text_project(users["manager"])
    lines = [{"asset": {"file_name": "a.png"}, "objects": [], "classifications": {"comment": "fine"}},
             {"asset": {"file_name": "b.png"}, "objects": [], "classifications": {"comment": "a\u0000b"}}]
    ndjson = b"".join(json.dumps(line).encode() + b"\n" for line in lines)
    job = import_file(target, zip_bytes({"labels.ndjson": ndjson, "a.png": random_png(1), "b.png": random_png(2)}))
    assert job.status == "succeeded", job.error
    assert job.result["errors"] == [{"file": "labels.ndjson line 2",
                                     "reason": "classifications.comment: contains a NUL character"}]
    assert list(Label.objects.filter(asset__project=target).values_list("asset__name", flat=True)) == ["a.png"]


def test_bad_class_names_are_not_added_to_the_ontology(users, import_file):
    target = make_project(users["manager"], "Target")
    before = target.ontology_versions.count()
    document = coco([image(1, "a.png")], [car(1, 1), {**car(2, 1), "category_id": 2}],
                    [{"id": 1, "name": "car"}, {"id": 2, "name": "bus\u0000"}])
    job = import_file(target, zip_bytes({"coco.json": document, "a.png": random_png(1)}), add_classes="true")
    assert job.status == "succeeded", job.error
    assert {"file": "(class list)", "reason": "class 'bus\\x00': contains a NUL character"} in job.result["errors"]
    assert job.result["unknown_classes"] == ["bus\\x00"] and job.result["classes_added"] == []
    assert target.ontology_versions.count() == before
    assert job.result["objects"] == 1  # the car


def test_a_nul_in_a_file_name_is_reported_in_printable_form(users, import_file):
    target = make_project(users["manager"], "Target")
    document = coco([image(1, "a.png"), image(2, "gone\u0000.png")], [car(1, 1), car(2, 2)])
    job = import_file(target, zip_bytes({"coco.json": document, "a.png": random_png(1)}))
    assert job.status == "succeeded", job.error
    assert [error["file"] for error in job.result["errors"]] == ["coco.json: gone\\x00.png"]
    assert list(Asset.objects.filter(project=target).values_list("name", flat=True)) == ["a.png"]
