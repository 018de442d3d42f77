"""Starting exports: choices of labels, parts, bad requests, and who may download the result."""

import io
import json
import zipfile

import numpy as np
import pytest

from labelplatform.datasets.models import ExportPart
from labelplatform.flows.label_save import label_update
from labelplatform.jobs.models import Job
from labelplatform.labels.models import Label
from labelplatform.labels.services import LabelBody
from tests.datasets.conftest import class_ids, rle, run, scene


def ndjson_names(archive) -> list[str]:  # type: ignore[no-untyped-def]
    return [json.loads(line)["asset"]["name"] for line in archive.read("labels.ndjson").splitlines()]


def test_accepted_exports_only_assets_whose_review_is_done(labeled, export_zip):
    assert ndjson_names(export_zip(labeled, format="ndjson", labels="accepted")) == ["street0.png"]


def test_latest_takes_the_newest_submitted_label_of_each_asset(labeled, users, export_zip):
    from labelplatform.assets.models import Asset
    from tests.datasets.conftest import label_asset

    asset = Asset.objects.get(project=labeled, name="street1.png")
    label_asset(asset, users["labeler"], scene(1)[:1], through_queue=False)  # a newer label with only the car
    lines = [json.loads(line) for line in export_zip(labeled, format="ndjson").read("labels.ndjson").splitlines()]
    newest = next(line for line in lines if line["asset"]["name"] == "street1.png")
    assert newest["label"]["author"] == "labeler" and len(newest["objects"]) == 1


def test_a_large_export_splits_into_parts_with_the_same_content(labeled, export_zip, settings):
    whole = export_zip(labeled, format="coco").read("annotations/instances.json")
    settings.EXPORT_PART_ASSETS = 1
    split = export_zip(labeled, format="coco").read("annotations/instances.json")
    job = Job.objects.filter(kind="export").first()
    assert ExportPart.objects.filter(job=job).count() == 4
    assert set(ExportPart.objects.filter(job=job).values_list("status", flat=True)) == {"done"}
    assert json.loads(split) == json.loads(whole)


def test_an_empty_selection_exports_an_empty_dataset(project, export_zip):
    document = json.loads(export_zip(project, format="coco").read("annotations/instances.json"))
    assert document["images"] == [] and document["annotations"] == []


def test_a_failing_part_fails_the_job_and_leaves_no_result(labeled, users, client_for, settings):
    from labelplatform.assets.models import Asset
    from labelplatform.datasets.formats import voc

    label = Label.objects.filter(asset__project=labeled).first()
    settings.EXPORT_PART_ASSETS = 2
    original = voc.VOC_MAX_INDEX
    voc.VOC_MAX_INDEX = 3  # every test asset has 4 objects: too many for this VOC
    try:
        started = client_for("manager").post(f"/api/v1/projects/{labeled.pk}/exports", {"format": "voc"},
                                             format="json")
        job = run(started.json()["id"])
    finally:
        voc.VOC_MAX_INDEX = original
    assert job.status == "failed" and "at most 3" in job.error and job.result_file == ""
    assert client_for("manager").get(f"/api/v1/jobs/{job.pk}/result").status_code == 404
    assert label.asset_id in Asset.objects.values_list("pk", flat=True)


@pytest.mark.parametrize("body,field", [
    ({"format": "pdf"}, "format"),
    ({"format": "coco", "labels": "version"}, "version"),
    ({"format": "coco", "labels": "version", "version": "nope"}, "version"),
    ({"format": "coco", "labels": "best"}, "labels"),
    ({"format": "instance_png", "instance_mode": "sepia"}, "instance_mode"),
])
def test_bad_export_requests_are_400_and_start_nothing(labeled, client_for, body, field):
    response = client_for("manager").post(f"/api/v1/projects/{labeled.pk}/exports", body, format="json")
    assert response.status_code == 400
    assert field in response.json() and response.json()["detail"]
    assert not Job.objects.filter(kind="export").exists()


def test_only_managers_start_exports_and_outsiders_see_nothing(labeled, client_for):
    url = f"/api/v1/projects/{labeled.pk}/exports"
    assert client_for("labeler").post(url, {"format": "coco"}, format="json").status_code == 403
    assert client_for("outsider").post(url, {"format": "coco"}, format="json").status_code == 404


def test_results_are_for_members_and_only_when_finished(labeled, client_for):
    started = client_for("manager").post(f"/api/v1/projects/{labeled.pk}/exports", {"format": "ndjson"},
                                         format="json").json()
    url = f"/api/v1/jobs/{started['id']}/result"
    assert started["status"] == "queued" and started["progress"] == {"done": 0, "total": 0}
    assert client_for("viewer").get(url).status_code == 404  # not finished yet
    run(started["id"])
    response = client_for("viewer").get(url)
    assert response.status_code == 200 and response["Content-Disposition"].endswith('.zip"')
    assert client_for("outsider").get(url).status_code == 404
    # a labeler, even one who sees every label: the export holds the gold references too
    labeled.settings = {**labeled.settings, "labelers_see_all": True}
    labeled.save(update_fields=["settings"])
    assert client_for("labeler").get(url).status_code == 404
    for answer in (client_for("labeler").get(f"/api/v1/jobs/{started['id']}").json(),
                   client_for("labeler").get(f"/api/v1/projects/{labeled.pk}/jobs").json()["results"][0]):
        assert answer["id"] == started["id"] and answer["result"]["file"] and "download" not in answer["result"]
    assert client_for("viewer").get(f"/api/v1/jobs/{started['id']}").json()["result"]["download"] == url
    assert client_for("outsider").get(f"/api/v1/jobs/{started['id']}").status_code == 404


def test_a_retried_export_job_reuses_its_result(labeled, client_for):
    from labelplatform.jobs.models import JobStatus
    from labelplatform.jobs.services import job_run

    started = client_for("manager").post(f"/api/v1/projects/{labeled.pk}/exports", {"format": "coco"},
                                         format="json").json()
    job = run(started["id"])
    first = job.result
    # as if the worker died before saying so (its heartbeat went quiet)
    Job.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING, heartbeat_at=None)
    job_run(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == "succeeded" and job.result == first and job.attempts == 2


def test_a_label_edit_after_export_does_not_change_a_version_export(labeled, users, export_zip, client_for):
    client_for("manager").post(f"/api/v1/projects/{labeled.pk}/versions", {"name": "v1"}, format="json")
    label = Label.objects.filter(asset__project=labeled, asset__name="street2.png").first()
    car = np.zeros((48, 64), bool)
    car[0:5, 0:5] = True
    label_update(label=label, user=users["manager"], edited=1, body=LabelBody(**{
        "objects": [{"class": class_ids(labeled)["road"], "mask": rle(car)}],
        "classifications": {}, "status": "submitted", "time_spent_s": 1.0}))
    frozen = [json.loads(line) for line in export_zip(labeled, format="ndjson", labels="version", version="v1")
              .read("labels.ndjson").splitlines()]
    latest = [json.loads(line) for line in export_zip(labeled, format="ndjson").read("labels.ndjson").splitlines()]
    assert [len(line["objects"]) for line in frozen] == [4, 4, 4, 4]
    assert [len(line["objects"]) for line in latest] == [4, 4, 1, 4]


def test_an_export_writes_with_the_ontology_it_started_with(labeled, users, client_for):
    from labelplatform.projects.selectors import ontology_current
    from labelplatform.projects.services import ontology_save

    # given an export started, and the ontology renamed before a worker runs it
    started = client_for("manager").post(f"/api/v1/projects/{labeled.pk}/exports", {"format": "coco"},
                                         format="json").json()
    document = ontology_current(labeled).document
    renamed = {**document, "classes": [{**c, "name": c["name"] + "-renamed"} for c in document["classes"]]}
    ontology_save(project=labeled, user=users["manager"], document=renamed)
    # when the job runs
    job = run(started["id"])
    # then its parameters held the classes of the start, and the file names them
    assert job.params["classes"] == document["classes"] and job.params["version_id"] is None
    manager = client_for("manager")
    download = manager.get(manager.get(f"/api/v1/jobs/{job.pk}").json()["result"]["download"])
    archive = zipfile.ZipFile(io.BytesIO(b"".join(download.streaming_content)))
    coco = json.loads(archive.read("annotations/instances.json"))
    assert sorted(c["name"] for c in coco["categories"]) == sorted(c["name"] for c in document["classes"])
