"""Your own ONNX models with media on S3-compatible storage: uploads, embeddings and deletes in the bucket."""

import pytest
from django.core.files.storage import default_storage

from labelplatform.jobs.models import Job
from labelplatform.jobs.services import job_run
from labelplatform.masks import decode, iou
from labelplatform.prelabel.models import RegisteredModel
from tests.prelabel.models import SAM_CONFIG, sam_pair
from tests.prelabel.test_onnx import register
from tests.stack.s3 import keys

pytestmark = pytest.mark.django_db


def test_a_sam_style_pair_runs_from_the_bucket_and_its_delete_empties_it(
        s3_media, s3_endpoint, client_for, project, scene_asset, tmp_path, settings,
        django_capture_on_commit_callbacks):
    # given a SAM-style pair registered while media is on S3
    encoder, decoder = sam_pair(tmp_path)
    manager = client_for("manager")
    model = register(manager, project, SAM_CONFIG, encoder=encoder, decoder=decoder).json()
    files = sorted(RegisteredModel.objects.get(pk=model["id"]).files.values())
    assert keys(s3_endpoint, s3_media, "prelabel/") == files

    # when a labeler segments: the embedding job runs, then the decoder answers from the stored embedding
    labeler = client_for("labeler")
    ys, xs = scene_asset.truth.nonzero()
    body = {"backend": model["backend"], "points": [[int(xs.mean()), int(ys.mean()), 1]]}
    waiting = labeler.post(f"/api/v1/assets/{scene_asset.pk}/segment", body, format="json")
    embedding_job = Job.objects.get(kind="prelabel", params__backend=model["backend"])
    assert waiting.status_code == 202 and waiting.json()["job"] == embedding_job.pk
    job_run(job_id=embedding_job.pk)
    (embedding,) = keys(s3_endpoint, s3_media, f"prelabel/embeddings/{model['id']}/")
    assert embedding.endswith(".npy") and default_storage.size(embedding) > 0
    result = labeler.post(f"/api/v1/assets/{scene_asset.pk}/segment", body, format="json")
    assert result.status_code == 200, result.json()
    assert iou(decode(result.json()["mask"]), scene_asset.truth) > 0.85
    # onnxruntime read the files from this machine's copies, made once
    cached = sorted((settings.SCRATCH_ROOT / "cache").glob("*.onnx"))
    assert len(cached) == 2 and sorted(p.read_bytes() for p in cached) == sorted(
        p.read_bytes() for p in (encoder, decoder))

    # when the manager deletes the model, its objects and this machine's copies are gone
    with django_capture_on_commit_callbacks(execute=True):
        assert manager.delete(f"/api/v1/projects/{project.pk}/models/{model['id']}").status_code == 204
    assert keys(s3_endpoint, s3_media, "prelabel/") == []
    assert not list((settings.SCRATCH_ROOT / "cache").glob("*.onnx"))
