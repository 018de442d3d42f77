"""Bring your own ONNX model: register (files + config), pre-label, and SAM-style interactive segment."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from labelplatform.jobs.models import Job
from labelplatform.jobs.services import job_run
from labelplatform.masks import decode, iou
from labelplatform.prelabel.models import Prediction, RegisteredModel
from tests.prelabel.models import SAM_CONFIG, SEMANTIC_CONFIG, sam_pair, semantic_model

pytestmark = pytest.mark.django_db


def register(client, project, config, **files):  # type: ignore[no-untyped-def]
    body = {"name": "tiny", "kind": "onnx", "config": json.dumps(config)}
    uploads = {role: SimpleUploadedFile(path.name, path.read_bytes()) for role, path in files.items()}
    return client.post(f"/api/v1/projects/{project.pk}/models", {**body, **uploads}, format="multipart")


def test_a_semantic_model_prelabels_assets(client_for, project, scene_asset, tmp_path):
    manager = client_for("manager")
    response = register(manager, project, SEMANTIC_CONFIG, model=semantic_model(tmp_path / "m.onnx"))
    assert response.status_code == 201, response.json()
    model = response.json()
    assert model["backend"] == f"onnx:{model['id']}" and model["type"] == "semantic"
    listed = client_for("viewer").get(f"/api/v1/projects/{project.pk}/models").json()
    assert [m["id"] for m in listed["registered"]] == [model["id"]]
    job_id = manager.post(f"/api/v1/projects/{project.pk}/prelabel", {"backend": model["backend"]},
                          format="json").json()["id"]
    job_run(job_id=job_id)
    job = Job.objects.get(pk=job_id)
    assert job.status == "succeeded", job.error
    (prediction,) = manager.get(f"/api/v1/assets/{scene_asset.pk}/predictions").json()
    assert prediction["source"] == model["backend"]
    (car,) = prediction["objects"]
    assert car["class"] == 1 and 0.5 < car["score"] <= 1.0
    assert iou(decode(car["mask"]), scene_asset.truth) > 0.85  # at 64x64 the model sees a coarse image


def test_a_sam_style_pair_segments_from_a_cached_embedding(client_for, project, scene_asset, tmp_path, settings):
    encoder, decoder = sam_pair(tmp_path)
    response = register(client_for("manager"), project, SAM_CONFIG, encoder=encoder, decoder=decoder)
    assert response.status_code == 201, response.json()
    backend = response.json()["backend"]
    labeler = client_for("labeler")
    ys, xs = scene_asset.truth.nonzero()
    body = {"backend": backend, "points": [[int(xs.mean()), int(ys.mean()), 1]]}
    # the first call starts the worker job that computes the embedding once
    first = labeler.post(f"/api/v1/assets/{scene_asset.pk}/segment", body, format="json")
    again = labeler.post(f"/api/v1/assets/{scene_asset.pk}/segment", body, format="json")
    jobs = Job.objects.filter(kind="prelabel", params__backend=backend)
    assert jobs.count() == 1  # asking twice does not compute twice
    assert first.status_code == 202 and first.json()["job"] == jobs.get().pk and first["Retry-After"] == "1"
    assert "being computed by job" in first.json()["detail"]
    assert again.status_code == 202 and again.json()["job"] == jobs.get().pk
    job_run(job_id=jobs.get().pk)
    assert jobs.get().result["embeddings"] == 1
    assert not Prediction.objects.exists()  # a SAM-style model stores no pre-labels, only embeddings
    assert list((settings.MEDIA_ROOT / "prelabel" / "embeddings").rglob("*.npy"))
    result = labeler.post(f"/api/v1/assets/{scene_asset.pk}/segment", body, format="json")
    assert result.status_code == 200, result.json()
    assert iou(decode(result.json()["mask"]), scene_asset.truth) > 0.85
    assert result.json()["score"] == pytest.approx(0.9)


def test_deleting_a_model_removes_its_files_and_embeddings_but_not_while_a_job_runs_it(
        client_for, project, scene_asset, tmp_path, settings, django_capture_on_commit_callbacks):
    # given a registered SAM-style pair with an embedding computed for one asset
    encoder, decoder = sam_pair(tmp_path)
    manager = client_for("manager")
    model = register(manager, project, SAM_CONFIG, encoder=encoder, decoder=decoder).json()
    body = {"backend": model["backend"], "points": [[10, 10, 1]]}
    labeler = client_for("labeler")
    waiting = labeler.post(f"/api/v1/assets/{scene_asset.pk}/segment", body, format="json")
    embedding_job = Job.objects.get(kind="prelabel", params__backend=model["backend"])
    assert waiting.status_code == 202 and waiting.json()["job"] == embedding_job.pk
    stored = [settings.MEDIA_ROOT / path for path in RegisteredModel.objects.get(pk=model["id"]).files.values()]
    url = f"/api/v1/projects/{project.pk}/models/{model['id']}"
    assert manager.get(url).json()["backend"] == model["backend"]

    # when the manager deletes it while the embedding job is still queued: refused, nothing lost
    refused = manager.delete(url)
    assert refused.status_code == 409 and f"job {embedding_job.pk} runs {model['backend']}" in refused.json()["detail"]
    assert RegisteredModel.objects.filter(pk=model["id"]).exists() and all(p.exists() for p in stored)

    # when the job has ended, the delete goes through
    job_run(job_id=embedding_job.pk)
    embeddings = settings.MEDIA_ROOT / "prelabel" / "embeddings" / str(model["id"])
    assert list(embeddings.glob("*.npy"))
    with django_capture_on_commit_callbacks(execute=True):
        assert manager.delete(url).status_code == 204

    # then the row, the ONNX files and the cached embeddings are gone, and the backend is refused by name
    assert not RegisteredModel.objects.filter(pk=model["id"]).exists()
    assert not any(p.exists() for p in stored) and not embeddings.exists()
    assert manager.get(f"/api/v1/projects/{project.pk}/models").json()["registered"] == []
    again = labeler.post(f"/api/v1/assets/{scene_asset.pk}/segment", body, format="json")
    assert again.status_code == 400 and f"no onnx model {model['id']}" in json.dumps(again.json())
    assert manager.delete(url).status_code == 404


@pytest.mark.parametrize("change, message", [
    (lambda c: c.pop("input"), "config.input is missing"),
    (lambda c: c.update(classes={"1": 42}), "classes[1]: 42 is not an active class"),
    (lambda c: c["input"].update(layout="CHW"), "config.input.layout must be one of"),
    (lambda c: c["input"].update(std=[1, 0, 1]), "std values and scale must not be zero"),
    (lambda c: c["output"].update(name="nope"), "the model has no output 'nope'"),
    (lambda c: c.update(type="detector"), "config.type must be 'semantic' or 'sam'"),
])
def test_a_bad_config_is_a_400_and_keeps_nothing(client_for, project, tmp_path, settings, change, message):
    config = json.loads(json.dumps(SEMANTIC_CONFIG))
    change(config)
    response = register(client_for("manager"), project, config, model=semantic_model(tmp_path / "m.onnx"))
    assert response.status_code == 400
    assert message in response.json()["detail"], response.json()
    assert not RegisteredModel.objects.exists()
    assert not list(settings.MEDIA_ROOT.rglob("*.onnx"))  # the uploaded file was removed again


def test_a_file_that_is_not_onnx_or_missing_is_a_400(client_for, project, tmp_path):
    junk = tmp_path / "junk.onnx"
    junk.write_bytes(b"not a model")
    response = register(client_for("manager"), project, SEMANTIC_CONFIG, model=junk)
    assert response.status_code == 400 and "could not be loaded" in response.json()["detail"]
    response = register(client_for("manager"), project, SAM_CONFIG, encoder=junk)
    assert response.status_code == 400 and "multipart field(s): decoder" in response.json()["detail"]
    assert not RegisteredModel.objects.exists()


def test_only_managers_register_models(client_for, project, tmp_path):
    response = register(client_for("labeler"), project, SEMANTIC_CONFIG, model=semantic_model(tmp_path / "m.onnx"))
    assert response.status_code == 403
