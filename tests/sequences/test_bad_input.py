"""Bad uploads: a clear 400 when the header tells, else a failed job with the reason; never half a sequence."""

import io
import subprocess
import zipfile

import pytest
from django.core.files.storage import default_storage

from labelplatform.assets.models import Asset
from labelplatform.sequences import decoding
from labelplatform.sequences.models import Frame, Sequence
from tests.conftest import image_bytes
from tests.sequences.conftest import ffmpeg_exe, frames_zip, make_video, run_started, upload


def refused(response, reason: str) -> None:  # type: ignore[no-untyped-def]
    assert response.status_code == 400, response.json()
    assert reason in " ".join(response.json()["file"])
    assert not Sequence.objects.exists() and not Asset.objects.exists()


def nothing_stored_under(folder: str) -> bool:
    return not default_storage.exists(folder) or default_storage.listdir(folder) == ([], [])


def test_a_truncated_video_without_its_index_is_a_400(client_for, project, video):
    refused(upload(client_for("manager"), project, "clip.mp4", video[: len(video) // 2]), "moov atom not found")
    assert nothing_stored_under("sequences")


def test_garbage_is_a_400(client_for, project):
    refused(upload(client_for("manager"), project, "clip.mp4", b"\x00garbage" * 500), "not a readable video")
    refused(upload(client_for("manager"), project, "clip.txt", b"hello"), "send a video (mp4, mov, webm)")


def test_a_file_without_a_video_stream_is_a_400(client_for, project, tmp_path):
    audio = tmp_path / "sound.mp4"
    subprocess.run([ffmpeg_exe(), "-v", "error", "-f", "lavfi", "-i", "sine", "-t", "1", "-c:a", "aac", str(audio)],
                   check=True)
    refused(upload(client_for("manager"), project, "sound.mp4", audio.read_bytes()), "holds no video stream")


def test_an_empty_file_or_none_is_a_400(client_for, project):
    refused(upload(client_for("manager"), project, "clip.mp4", b""), "empty")
    response = client_for("manager").post(f"/api/v1/projects/{project.id}/sequences", {}, format="multipart")
    assert response.status_code == 400 and "file" in response.json()


@pytest.mark.parametrize("setting, value, reason", [
    ("SEQUENCE_MAX_DURATION_S", 0, "over the 0 s limit (SEQUENCE_MAX_DURATION_S)"),
    ("SEQUENCE_MAX_FRAMES", 5, "over the 5 frame limit (SEQUENCE_MAX_FRAMES)"),
    ("SEQUENCE_MAX_PIXELS", 1000, "over the 1000 pixel limit (SEQUENCE_MAX_PIXELS)"),
])
def test_a_video_over_a_limit_is_a_400(client_for, project, video, settings, setting, value, reason):
    setattr(settings, setting, value)
    refused(upload(client_for("manager"), project, "clip.mp4", video), reason)


def test_an_upload_over_the_byte_limit_is_a_413_before_it_is_read(client_for, project, video, settings):
    settings.SEQUENCE_MAX_UPLOAD_BYTES = 100
    response = upload(client_for("manager"), project, "clip.mp4", video)
    assert response.status_code == 413 and "SEQUENCE_MAX_UPLOAD_BYTES" in response.json()["detail"]
    assert not Sequence.objects.exists()


def test_a_lower_fps_brings_a_long_video_under_the_frame_limit(client_for, project, video, settings):
    settings.SEQUENCE_MAX_FRAMES = 5
    assert upload(client_for("manager"), project, "clip.mp4", video, fps="4").status_code == 202


def test_frames_of_different_sizes_are_a_400(client_for, project):
    data = frames_zip([("0.png", (40, 30)), ("1.png", (40, 30)), ("2.png", (41, 30))])
    refused(upload(client_for("manager"), project, "f.zip", data), "2.png is 41x30 but 0.png is 40x30")


def test_a_zip_over_the_frame_or_pixel_limit_is_a_400(client_for, project, settings):
    data = frames_zip([(f"{i}.png", (40, 30)) for i in range(3)])
    settings.SEQUENCE_MAX_FRAMES = 2
    refused(upload(client_for("manager"), project, "f.zip", data), "3 frames, over the 2 frame limit")
    settings.SEQUENCE_MAX_FRAMES, settings.SEQUENCE_MAX_PIXELS = 10, 1000
    refused(upload(client_for("manager"), project, "f.zip", data), "over the 1000 pixel limit")


def test_a_zip_without_frames_or_a_broken_zip_is_a_400(client_for, project):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("readme.txt", "no frames here")
    refused(upload(client_for("manager"), project, "f.zip", out.getvalue()), "the zip holds no frames")
    whole = frames_zip([("0.png", (40, 30)), ("1.png", (40, 30))])
    refused(upload(client_for("manager"), project, "f.zip", whole[: len(whole) - 30]), "not a readable zip")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("0.png", b"not a png at all")
    refused(upload(client_for("manager"), project, "f.zip", out.getvalue()), "0.png: not a readable image")


def test_a_video_that_fails_mid_decode_fails_its_job_with_the_reason(client_for, project, tmp_path):
    # the index (moov) comes first, so the header reads well and the upload is taken; the data is cut
    whole = make_video(tmp_path / "fast.mp4", seconds=2, extra=("-movflags", "+faststart")).read_bytes()
    response = upload(client_for("manager"), project, "fast.mp4", whole[: len(whole) * 6 // 10])
    job = run_started(response)
    assert job.status == "failed"
    assert "DecodeFailed: ffmpeg could not decode the video" in job.error
    sequence = Sequence.objects.get(pk=response.json()["sequence"])
    assert sequence.status == "failed" and "ffmpeg could not decode" in sequence.error
    assert not Frame.objects.exists() and not Asset.objects.exists()
    shown = client_for("viewer").get(f"/api/v1/sequences/{sequence.pk}").json()
    assert (shown["status"], shown["frames"]) == ("failed", [])


def test_a_truncated_frame_fails_the_job_and_keeps_no_frame_of_earlier_batches(client_for, project, monkeypatch,
                                                                               django_capture_on_commit_callbacks):
    monkeypatch.setattr(decoding, "FRAMES_PER_BATCH", 2)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for i in range(5):
            data = image_bytes(40, 30, fmt="JPEG")
            archive.writestr(f"{i}.jpg", data if i != 3 else data[: len(data) // 2])  # frame 3 cut short
    response = upload(client_for("manager"), project, "f.zip", out.getvalue())
    with django_capture_on_commit_callbacks(execute=True):  # deleted frames' files go on commit
        job = run_started(response)
    assert job.status == "failed"
    assert "a frame was refused: 3.jpg: not a readable image" in job.error
    # frames 0 and 1 were stored in the first batch, then deleted with their files
    assert not Frame.objects.exists() and not Asset.objects.exists()
    assert nothing_stored_under(f"assets/{project.pk}")
    assert Sequence.objects.get(pk=response.json()["sequence"]).status == "failed"


def test_a_retried_decode_starts_clean(client_for, project, video):
    from labelplatform.jobs.services import job_retry, job_run

    job = run_started(upload(client_for("manager"), project, "clip.mp4", video))
    assert job.status == "succeeded"
    job.status = "failed"  # as if it had failed after storing its frames
    job.save(update_fields=["status"])
    job_run(job_id=job_retry(job=job).pk)
    assert Frame.objects.filter(sequence_id=job.params["sequence"]).count() == 10
    assert Asset.objects.count() == 10


def test_a_cancelled_decode_keeps_no_frame_and_says_so(client_for, project, monkeypatch):
    from labelplatform.jobs.heartbeat import JobStopped

    monkeypatch.setattr(decoding, "FRAMES_PER_BATCH", 2)
    stored = decoding._store_batch

    def cancelled_after_the_first_batch(sequence, user, batch, start, size):  # type: ignore[no-untyped-def]
        if start >= 2:
            raise JobStopped(0)  # what the job's next progress write raises once it was cancelled
        return stored(sequence, user, batch, start, size)

    monkeypatch.setattr(decoding, "_store_batch", cancelled_after_the_first_batch)
    response = upload(client_for("manager"), project, "f.zip", frames_zip([(f"{i}.png", (40, 30)) for i in range(5)]))
    run_started(response)
    sequence = Sequence.objects.get(pk=response.json()["sequence"])
    assert (sequence.status, sequence.error) == ("failed", "stopped: the job was cancelled")
    assert not Frame.objects.exists() and not Asset.objects.exists()
