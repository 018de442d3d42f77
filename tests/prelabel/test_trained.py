"""The built-in pre-labeler: trained from submitted labels, versioned, predicting with confidence."""

from datetime import timedelta

import numpy as np
import pytest
from django.conf import settings
from django.utils import timezone

from labelplatform.assets.models import Asset
from labelplatform.jobs.models import Job
from labelplatform.jobs.services import job_run
from labelplatform.labels.models import Label, LabelObject
from labelplatform.masks import decode, encode, iou
from labelplatform.prelabel.models import Prediction, PredictionAcceptance, RegisteredModel, TrainedModel
from labelplatform.prelabel.services import maybe_retrain, prediction_acceptance_record
from tests.prelabel.conftest import car_label_body, scene

pytestmark = pytest.mark.django_db


def submit_labels(client, upload, seeds):  # type: ignore[no-untyped-def]
    assets = []
    for seed in seeds:
        rgb, car = scene(seed)
        asset = upload(rgb, f"scene{seed}.png")
        response = client.post(f"/api/v1/assets/{asset.pk}/labels", car_label_body(car), format="json")
        assert response.status_code == 201, response.json()
        assets.append(asset)
    return assets


def run(job_id: int) -> Job:
    job_run(job_id=job_id)
    job = Job.objects.get(pk=job_id)
    assert job.status == "succeeded", job.error
    return job


def test_train_then_prelabel_new_assets(client_for, upload, project):
    manager = client_for("manager")
    submit_labels(client_for("labeler"), upload, [1, 2])
    # when the manager trains, a versioned model with metrics appears
    response = manager.post(f"/api/v1/projects/{project.pk}/prelabel/train")
    assert response.status_code == 202, response.json()
    job = run(response.json()["id"])
    assert job.result["version"] == 1 and (job.done, job.total) == (2, 2)
    model = TrainedModel.objects.get(project=project)
    assert model.classes == [1] and model.labels_used == 2
    # and pre-labeling a new asset gives a car with a confidence, split per component
    rgb, car = scene(11)
    fresh = upload(rgb, "fresh.png")
    response = manager.post(f"/api/v1/projects/{project.pk}/prelabel", {"backend": "trained", "assets": [fresh.pk]},
                            format="json")
    assert response.status_code == 202, response.json()
    job = run(response.json()["id"])
    assert job.result["assets"] == 1 and job.result["source"] == "trained"
    predictions = client_for("viewer").get(f"/api/v1/assets/{fresh.pk}/predictions").json()
    assert len(predictions) == 1 and predictions[0]["model_version"] == "1"
    (obj,) = predictions[0]["objects"]
    assert obj["class"] == 1 and 0.5 < obj["score"] <= 1
    assert iou(decode(obj["mask"]), car) > 0.85
    assert obj["area"] == int(decode(obj["mask"]).sum())


def test_a_retried_training_job_makes_no_second_version(client_for, upload, project, users):
    submit_labels(client_for("labeler"), upload, [1])
    job = Job.objects.create(kind="prelabel_train", project=project, params={})
    run(job.pk)
    # as if the worker died after the work: still "running", its heartbeat gone quiet
    quiet = timezone.now() - timedelta(seconds=settings.JOB_STALE_S + 1)
    Job.objects.filter(pk=job.pk).update(status="running", heartbeat_at=quiet)
    run(job.pk)
    assert TrainedModel.objects.filter(project=project).count() == 1


def test_submitting_starts_retraining_once_enough_new_labels_came_in(client_for, upload, project):
    project.settings = {**project.settings, "prelabel_retrain_every": 2}
    project.save()
    submit_labels(client_for("labeler"), upload, [1])
    assert not Job.objects.filter(kind="prelabel_train").exists()
    submit_labels(client_for("labeler2"), upload, [2])
    job = Job.objects.get(kind="prelabel_train", project=project)  # started by the submit path
    assert maybe_retrain(project) is None  # one pending training is enough
    run(job.pk)
    assert maybe_retrain(project) is None  # no new labels since version 1
    # the second version is scored on the labels version 1 never saw
    submit_labels(client_for("manager"), upload, [3])
    submit_labels(client_for("reviewer"), upload, [4])
    job = Job.objects.filter(kind="prelabel_train", project=project).exclude(pk=job.pk).get()
    result = run(job.pk).result
    assert result["version"] == 2
    assert result["metrics"]["previous_version_on_new_labels"]["labels"] == 2
    assert result["metrics"]["previous_version_on_new_labels"]["mean_iou"] > 0.8


def test_least_confident_assets_get_the_highest_priority(client_for, upload, project):
    project.settings = {**project.settings, "priority": "least_confident"}
    project.save()
    submit_labels(client_for("labeler"), upload, [1, 2])
    run(client_for("manager").post(f"/api/v1/projects/{project.pk}/prelabel/train").json()["id"])
    clear = upload(scene(5)[0], "clear.png")
    noisy_rgb = np.random.default_rng(0).integers(0, 255, (120, 160, 3), dtype=np.uint8)
    noisy = upload(noisy_rgb, "noisy.png")
    response = client_for("manager").post(f"/api/v1/projects/{project.pk}/prelabel",
                                          {"backend": "trained", "assets": [clear.pk, noisy.pk]}, format="json")
    assert run(response.json()["id"]).result["prioritised"] == 2
    clear_p, noisy_p = (Asset.objects.get(pk=a.pk).priority for a in (clear, noisy))
    assert noisy_p > clear_p >= 0


def test_acceptance_records_what_the_labeler_changed(client_for, upload, project, users):
    rgb, car = scene(6)
    asset = upload(rgb)
    predicted = car.copy()
    predicted[:, :70] = False  # the model found only the right part of the car
    from labelplatform.prelabel.services import prediction_store

    prediction_store(asset=asset, objects=[{"class": 1, "mask": encode(predicted), "score": 0.7}], source="import")
    client_for("labeler").post(f"/api/v1/assets/{asset.pk}/labels", car_label_body(car), format="json")
    record = PredictionAcceptance.objects.get(label__asset=asset)  # recorded by the submit
    assert (record.objects_predicted, record.objects_submitted) == (1, 1)
    assert record.pixels_changed == int((car & ~predicted).sum())
    kept = iou(predicted, car) >= 0.5
    assert record.objects_kept == int(kept)
    stats = client_for("viewer").get(f"/api/v1/projects/{project.pk}/prelabel/stats").json()
    assert stats["labels"] == 1 and stats["objects_predicted"] == 1
    assert stats["pixel_change_rate"] == pytest.approx(record.pixels_changed / predicted.sum(), abs=1e-4)
    assert stats["by_source"][0]["source"] == "import"
    assert stats["predicted_assets"] == 1
    assert stats["mean_time_spent_s"] == 12.0 and stats["labels_without_prediction"] == 0


def test_drafts_and_unpredicted_assets_record_nothing(client_for, upload, project):
    rgb, car = scene(6)
    asset = upload(rgb)
    client_for("labeler").post(f"/api/v1/assets/{asset.pk}/labels", car_label_body(car, "draft"), format="json")
    label = Label.objects.get(asset=asset)
    objects = list(LabelObject.objects.filter(revision__label=label))
    assert prediction_acceptance_record(label=label, objects=objects) is None
    label.status = "submitted"
    assert prediction_acceptance_record(label=label, objects=objects) is None
    assert not PredictionAcceptance.objects.exists()


def test_prelabel_validates_its_request(client_for, project, asset):
    manager = client_for("manager")
    url = f"/api/v1/projects/{project.pk}/prelabel"
    assert "no trained model yet" in manager.post(url, {"backend": "trained"}, format="json").json()["detail"]
    assert "unknown backend" in manager.post(url, {"backend": "nope"}, format="json").json()["detail"]
    response = manager.post(url, {"backend": "http:999"}, format="json")
    assert response.status_code == 400 and "no http model 999" in response.json()["detail"]
    assert client_for("labeler").post(url, {"backend": "trained"}, format="json").status_code == 403
    train = manager.post(f"/api/v1/projects/{project.pk}/prelabel/train")
    assert train.status_code == 400 and "no submitted labels" in train.json()["detail"]
    server = RegisteredModel.objects.create(project=project, name="s", kind="http",
                                            config={"url": "http://127.0.0.1:9/", "timeout_s": 1.0, "headers": {},
                                                    "classes": {}})
    response = manager.post(url, {"backend": f"http:{server.pk}", "assets": [asset.pk, 999999]}, format="json")
    assert response.status_code == 400 and "not assets of this project: [999999]" in response.json()["detail"]
    response = manager.post(url, {"backend": f"http:{server.pk}", "assets": []}, format="json")
    assert response.status_code == 400 and "assets" in response.json()
    assert not Job.objects.filter(kind__startswith="prelabel").exists()
    assert not Prediction.objects.exists()


@pytest.mark.parametrize("path", ["assets/{asset}/predictions", "projects/{project}/prelabel/stats",
                                  "projects/{project}/models"])
def test_outsiders_see_nothing(client_for, project, asset, path):
    url = "/api/v1/" + path.format(asset=asset.pk, project=project.pk)
    assert client_for("outsider").get(url).status_code == 404
    assert client_for("viewer").get(url).status_code == 200
