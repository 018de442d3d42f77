"""A real Celery worker computes MobileSAM embeddings with the encoder in two parts: the whole encoder's embedding.

With SAM_WORKER_BENCH=1 it also prints the worker child's memory (bench/sam_memory.py --worker runs it so).
"""

import os
from pathlib import Path

import cv2
import numpy as np
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from labelplatform.assets.services import assets_upload
from labelplatform.jobs.models import Job
from labelplatform.prelabel import storage
from labelplatform.prelabel.backends import builtin_pair
from labelplatform.prelabel.builtin import mobilesam
from labelplatform.prelabel.engines.onnx_models import load_session
from labelplatform.prelabel.engines.sam import encoder_input_size, sam_embed
from labelplatform.prelabel.images import decoded_rgb
from labelplatform.prelabel.services import prelabel_start
from tests.stack.processes import celery_worker, require_services, stack_env, wait_until

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]
PHOTOS = Path(__file__).resolve().parents[3] / "shared" / "data" / "grabcut" / "GrabCut" / "data_GT"


def status_mib(pid: int, key: str) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(f"{key}:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no {key} for process {pid}")


def test_a_worker_embeds_with_the_split_encoder_as_the_whole_one_would(installed, project, users, tmp_path,
                                                                         settings):
    require_services()
    bench = bool(os.environ.get("SAM_WORKER_BENCH"))
    width, height = (int(v) for v in os.environ.get("SAM_WORKER_SIZE", "1155x866").split("x"))
    jpegs = []
    for path in sorted(PHOTOS.glob("*.jpg"))[:int(os.environ.get("SAM_WORKER_IMAGES", "2"))]:
        scaled = cv2.resize(cv2.imread(str(path)), (width, height), interpolation=cv2.INTER_CUBIC)
        jpegs.append(cv2.imencode(".jpg", scaled, [cv2.IMWRITE_JPEG_QUALITY, 90])[1].tobytes())
    project.settings = {**project.settings, "embed_at_upload_max_assets": 0}
    project.save()
    assets = assets_upload(project=project, user=users["manager"], files=[
        SimpleUploadedFile(f"{i}.jpg", jpeg, content_type="image/jpeg") for i, jpeg in enumerate(jpegs)])
    pair = builtin_pair(mobilesam.NAME)
    split = "encoder_stem" in pair.files
    assert split or bench, "the install has no encoder parts (scripts/models makes them)"  # bench: either way
    with celery_worker(stack_env(settings.MEDIA_ROOT), tmp_path / "worker.log") as worker:
        wait_until(lambda: not Job.objects.filter(status__in=("queued", "running")).exists(), 300, "upload jobs")
        (child,) = (int(p) for p in Path(f"/proc/{worker.pid}/task/{worker.pid}/children").read_text().split())
        Path(f"/proc/{child}/clear_refs").write_text("5")  # the child's VmHWM from here
        before = status_mib(child, "VmRSS")
        job = prelabel_start(project=project, user=users["manager"], backend=mobilesam.NAME,
                             asset_ids=[a.pk for a in assets])
        wait_until(lambda: Job.objects.get(pk=job.pk).status in ("succeeded", "failed"), 900, "the embeddings")
        if bench:
            print(f"FIGURE {width}x{height}, {len(assets)} embeddings in a Celery worker child (encoder "
                  f"{'in two parts' if split else 'whole'}): VmRSS before the job "
                  f"{before:.0f} MB, after {status_mib(child, 'VmRSS'):.0f} MB, peak (VmHWM) "
                  f"{status_mib(child, 'VmHWM'):.0f} MB")
    job.refresh_from_db()
    assert job.status == "succeeded", job.error
    whole = load_session(str(pair.files["encoder"]))
    input_h, input_w = encoder_input_size(pair.config, height, width)
    for asset, jpeg in zip(assets, jpegs, strict=True):
        stored = storage.embedding_load(storage.embedding_path(pair.key, asset.pk, asset.sha256))
        expected = sam_embed(whole, pair.config, decoded_rgb(jpeg, at_least=(input_w, input_h)), (height, width))
        assert stored is not None and np.array_equal(stored, expected)
