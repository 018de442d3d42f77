"""Dataset versions: frozen under a name, listed, exported later, compared with IoU of the changes."""

import numpy as np

from labelplatform.datasets.models import DatasetVersion
from labelplatform.flows.label_save import label_update
from labelplatform.jobs.models import Job
from labelplatform.jobs.services import job_run
from labelplatform.labels.models import Label
from labelplatform.labels.services import LabelBody
from tests.datasets.conftest import class_ids, label_asset, rle, scene


def compare(client, url: str, body: dict) -> dict:  # type: ignore[no-untyped-def]
    """POST versions/compare, run the job as a worker would, read its result from GET jobs/{id}."""
    started = client.post(f"{url}/compare", body, format="json")
    assert started.status_code == 202, started.json()
    assert started.json()["kind"] == "compare" and started.json()["status"] == "queued"
    job_run(job_id=started.json()["id"])
    job = client.get(f"/api/v1/jobs/{started.json()['id']}").json()
    assert job["status"] == "succeeded", job["error"]
    return job


def test_a_version_freezes_the_latest_labels_with_the_ontology(labeled, client_for):
    response = client_for("manager").post(f"/api/v1/projects/{labeled.pk}/versions",
                                          {"name": "v1", "description": "first cut"}, format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["name"], body["labels"], body["asset_count"], body["object_count"]) == ("v1", "latest", 4, 16)
    assert body["ontology_version"] == 2 and {c["name"] for c in body["ontology"]["classes"]} == {
        "car", "road", "person"}
    assert {tuple(e["value"]): e["labels"] for e in body["mask_labels"]}[(255, 0, 0)] == ["car"]
    listed = client_for("viewer").get(f"/api/v1/projects/{labeled.pk}/versions").json()
    assert [v["name"] for v in listed["results"]] == ["v1"] and listed["count"] == 1
    detail = client_for("viewer").get(f"/api/v1/projects/{labeled.pk}/versions/v1")
    assert detail.status_code == 200 and detail.json()["created_by"] == "manager"


def test_accepted_versions_hold_only_done_assets(labeled, client_for):
    body = client_for("manager").post(f"/api/v1/projects/{labeled.pk}/versions",
                                      {"name": "gold", "labels": "accepted"}, format="json").json()
    assert body["asset_count"] == 1 and body["object_count"] == 4


def test_names_are_unique_and_checked(labeled, client_for):
    url = f"/api/v1/projects/{labeled.pk}/versions"
    client = client_for("manager")
    assert client.post(url, {"name": "v1"}, format="json").status_code == 201
    again = client.post(url, {"name": "v1"}, format="json")
    assert again.status_code == 409 and "already has" in again.json()["detail"]
    assert client.post(url, {"name": "../etc"}, format="json").status_code == 400
    assert client.post(url, {"name": "v2", "labels": "version"}, format="json").status_code == 400
    assert client_for("labeler").post(url, {"name": "v3"}, format="json").status_code == 403
    assert client_for("outsider").get(url).status_code == 404
    assert client.get(f"{url}/nope").status_code == 404
    assert DatasetVersion.objects.count() == 1


def test_compare_reports_added_removed_and_changed_with_iou(labeled, users, client_for, monkeypatch):
    monkeypatch.setattr("labelplatform.datasets.compare.COMPARE_BATCH", 1)  # one asset per read: batches join up
    client = client_for("manager")
    url = f"/api/v1/projects/{labeled.pk}/versions"
    client.post(url, {"name": "a"}, format="json")
    # between the versions: street0's car grows, street1 loses a person, street4 gets its first label
    label = Label.objects.get(asset__project=labeled, asset__name="street0.png")
    objects = scene(0)
    grown = objects[0][1].copy()
    grown[16:20, 5:25] = True  # 80 more pixels under the car (all free)
    ids = class_ids(labeled)
    body = [{"class": ids[name], "mask": rle(grown if i == 0 else mask),
             "attributes": {"occluded": "yes"} if name == "car" else {}} for i, (name, mask) in enumerate(objects)]
    label_update(label=label, user=users["manager"], edited=1, body=LabelBody(**{
        "objects": body, "classifications": {}, "status": "submitted", "time_spent_s": 1.0}))
    second = Label.objects.get(asset__project=labeled, asset__name="street1.png")
    kept = scene(1)[:1] + scene(1)[2:]
    label_update(label=second, user=users["manager"], edited=1, body=LabelBody(**{
        "objects": [{"class": ids[n], "mask": rle(m), "attributes": {"occluded": "no"} if n == "car"
                                    else {}} for n, m in kept],
        "classifications": {}, "status": "submitted", "time_spent_s": 1.0}))
    from labelplatform.assets.models import Asset

    label_asset(Asset.objects.get(project=labeled, name="street4.png"), users["manager"], scene(4))
    client.post(url, {"name": "b"}, format="json")

    # the result names every changed asset and object: reviewers and managers only (issue 14, item 6)
    assert client_for("viewer").post(f"{url}/compare", {"a": "a", "b": "b"}, format="json").status_code == 403
    job = compare(client_for("reviewer"), url, {"a": "a", "b": "b"})
    assert job["progress"] == {"done": 2, "total": 2}  # the two assets whose revisions differ
    result = job["result"]
    street4 = Asset.objects.get(project=labeled, name="street4.png").pk
    assert result["assets"]["added"] == [street4] and result["assets"]["removed"] == []
    assert result["assets"]["changed"] == 2 and result["assets"]["unchanged"] == 2
    assert result["objects"] == {"added": 4, "removed": 1, "changed": 1, "unchanged": 14}
    changes = {c["asset"]: c for c in result["changes"]}
    car = changes[label.asset_id]["objects_changed"][0]
    area = int(objects[0][1].sum())
    assert car["iou"] == round(area / (area + 80), 6) and car["attributes_changed"] is True
    assert [o["class"] for o in changes[second.asset_id]["objects_removed"]] == [ids["person"]]


def test_compare_needs_two_known_names(labeled, client_for):
    client = client_for("manager")
    url = f"/api/v1/projects/{labeled.pk}/versions"
    client.post(url, {"name": "a"}, format="json")
    assert client.post(f"{url}/compare", {"a": "a"}, format="json").status_code == 400
    missing = client.post(f"{url}/compare", {"a": "a", "b": "zzz"}, format="json")
    assert missing.status_code == 404 and "'zzz'" in missing.json()["detail"]
    assert client.post(f"{url}/compare", {"a": "a", "b": "a", "limit": "x"}, format="json").status_code == 400
    assert client.post(f"{url}/compare", {"a": "a", "b": "a", "limit": 0}, format="json").status_code == 400
    assert not Job.objects.filter(kind="compare").exists()  # refused requests start nothing
    same = compare(client, url, {"a": "a", "b": "a"})["result"]
    assert same["objects"] == {"added": 0, "removed": 0, "changed": 0, "unchanged": 16}


def test_a_version_is_not_deleted_while_a_compare_reads_it_and_a_compare_of_a_gone_version_fails(
        labeled, client_for):
    client = client_for("manager")
    url = f"/api/v1/projects/{labeled.pk}/versions"
    for name in ("a", "b"):
        client.post(url, {"name": name}, format="json")
    job = client.post(f"{url}/compare", {"a": "a", "b": "b"}, format="json").json()
    refused = client.delete(f"{url}/b")
    assert refused.status_code == 409 and f"compare job {job['id']}" in refused.json()["detail"]
    Job.objects.filter(pk=job["id"]).update(status="succeeded")
    second = client.post(f"{url}/compare", {"a": "a", "b": "b"}, format="json").json()
    DatasetVersion.objects.filter(project=labeled, name="b").delete()  # gone before the worker starts
    job_run(job_id=second["id"])
    failed = Job.objects.get(pk=second["id"])
    assert failed.status == "failed" and "no dataset version named 'b'" in failed.error


def test_frozen_revisions_survive_label_edits(labeled, users, client_for):
    client_for("manager").post(f"/api/v1/projects/{labeled.pk}/versions", {"name": "v1"}, format="json")
    label = Label.objects.filter(asset__project=labeled).first()
    mask = np.zeros((48, 64), bool)
    mask[0:3, 0:3] = True
    label_update(label=label, user=users["manager"], edited=1, body=LabelBody(**{
        "objects": [{"class": class_ids(labeled)["road"], "mask": rle(mask)}],
        "classifications": {}, "status": "submitted", "time_spent_s": 1.0}))
    version = DatasetVersion.objects.get(name="v1")
    assert version.items.get(asset=label.asset).revision.number == 1
    assert version.items.get(asset=label.asset).revision.label_objects.count() == 4


def test_a_manager_deletes_a_version_but_not_while_an_export_of_it_runs(labeled, client_for):
    from labelplatform.jobs.models import JobStatus
    from labelplatform.labels.models import LabelRevision

    manager = client_for("manager")
    url = f"/api/v1/projects/{labeled.pk}/versions"
    assert manager.post(url, {"name": "v1"}, format="json").status_code == 201
    revisions = LabelRevision.objects.count()
    export = manager.post(f"/api/v1/projects/{labeled.pk}/exports", {"format": "coco", "labels": "version",
                                                                     "version": "v1"}, format="json")
    assert export.status_code == 202, export.json()
    job = Job.objects.get(pk=export.json()["id"])
    assert job.status == JobStatus.QUEUED  # enqueued on commit, which this test's transaction never reaches
    busy = manager.delete(f"{url}/v1")
    assert busy.status_code == 409 and f"export job {job.pk}" in busy.json()["detail"]
    Job.objects.filter(pk=job.pk).update(status=JobStatus.SUCCEEDED)
    assert client_for("labeler").delete(f"{url}/v1").status_code == 403
    assert manager.delete(f"{url}/v1").status_code == 204
    assert manager.get(f"{url}/v1").status_code == 404
    assert manager.delete(f"{url}/v1").status_code == 404
    assert DatasetVersion.objects.count() == 0
    assert LabelRevision.objects.count() == revisions  # the frozen revisions stay with their labels
    assert manager.post(url, {"name": "v1"}, format="json").status_code == 201  # the name is free again
