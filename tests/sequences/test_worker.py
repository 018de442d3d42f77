"""A real Celery worker decodes a video end to end, and a bad upload's failed job leaves it working."""

import io
import zipfile

import pytest

from labelplatform.assets.models import Asset
from labelplatform.jobs.models import Job
from labelplatform.sequences.models import Frame, Sequence
from tests.conftest import image_bytes
from tests.sequences.conftest import make_video, upload
from tests.stack.processes import celery_worker, require_services, stack_env, wait_for_job

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def test_the_worker_fails_a_bad_sequence_then_decodes_a_good_one(client_for, project, tmp_path, settings):
    require_services()
    log = tmp_path / "worker.log"
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for i in range(3):
            data = image_bytes(40, 30, fmt="JPEG")
            archive.writestr(f"{i}.jpg", data if i != 2 else data[: len(data) // 2])  # the last frame cut short
    video = make_video(tmp_path / "clip.mp4", seconds=2, rate=15, size="320x240").read_bytes()
    with celery_worker(stack_env(settings.MEDIA_ROOT), log):
        # given a zip with a truncated frame, then a good video, on the same worker
        bad = Job.objects.get(pk=upload(client_for("manager"), project, "bad.zip", out.getvalue()).json()["id"])
        wait_for_job(bad, log, 60)
        good_started = upload(client_for("manager"), project, "clip.mp4", video).json()
        good = Job.objects.get(pk=good_started["id"])
        wait_for_job(good, log, 120)
    # then the bad one failed with its reason and kept nothing, and the worker went on to decode the video
    assert bad.status == "failed" and "2.jpg: not a readable image" in bad.error
    assert Sequence.objects.get(pk=bad.params["sequence"]).frames.count() == 0
    assert good.status == "succeeded", good.error
    assert (good.done, good.total) == (30, 30)
    sequence = Sequence.objects.get(pk=good_started["sequence"])
    assert (sequence.status, sequence.frame_count, sequence.width, sequence.height) == ("ready", 30, 320, 240)
    assert Frame.objects.filter(sequence=sequence).count() == Asset.objects.count() == 30
