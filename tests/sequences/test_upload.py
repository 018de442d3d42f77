"""Uploading a video or a zip of frames: real decoding with the packaged ffmpeg, frames as assets."""

import numpy as np
import pytest
from django.core.files.storage import default_storage
from PIL import Image

from labelplatform.assets.models import Asset
from labelplatform.jobs.models import Job
from labelplatform.sequences.models import Frame, Sequence
from tests.sequences.conftest import frames_zip, make_video, run_started, upload


def test_a_video_is_decoded_into_ordered_frame_assets(client_for, project, video):
    # when a manager uploads a 1 s, 10 fps video
    response = upload(client_for("manager"), project, "clip.mp4", video, name="street")
    # then the answer is the decoding job, with the sequence it fills
    assert response.json()["kind"] == "sequence_decode"
    sequence_id = response.json()["sequence"]
    job = run_started(response)
    assert job.status == "succeeded", job.error
    assert job.result == {"sequence": sequence_id, "frames": 10}
    assert (job.done, job.total) == (10, 10)  # frames stored
    detail = client_for("viewer").get(f"/api/v1/sequences/{sequence_id}").json()
    assert (detail["name"], detail["status"], detail["frame_count"]) == ("street", "ready", 10)
    assert (detail["width"], detail["height"], detail["fps"]) == (64, 48, 10.0)
    assert [f["index"] for f in detail["frames"]] == list(range(10))
    assert detail["source_info"]["codec"] == "h264"
    # each frame is an asset of the project, readable as an image of the video's size
    assets = [Asset.objects.get(pk=f["asset"]) for f in detail["frames"]]
    assert [a.name for a in assets][:2] == ["clip-000000.jpg", "clip-000001.jpg"]
    with default_storage.open(assets[3].file) as handle, Image.open(handle) as image:
        assert image.size == (64, 48)
    # testsrc's moving bar: consecutive frames differ, so the order is the video's and no frame repeats
    pixels = [np.asarray(Image.open(default_storage.open(a.file))) for a in assets[:3]]
    assert not np.array_equal(pixels[0], pixels[1]) and not np.array_equal(pixels[1], pixels[2])
    # the asset machinery made its thumbnails job for the frames
    assert Job.objects.filter(kind="thumbnails", params__asset_ids=[a.pk for a in assets]).exists()


def test_a_chosen_frame_rate_resamples_the_video(client_for, project, video):
    job = run_started(upload(client_for("manager"), project, "clip.mp4", video, fps="5"))
    assert job.status == "succeeded", job.error
    sequence = Sequence.objects.get(pk=job.params["sequence"])
    assert (sequence.frame_count, sequence.fps) == (5, 5.0)


def test_a_webm_video_decodes_too(client_for, project, tmp_path):
    data = make_video(tmp_path / "clip.webm", seconds=0.5, codec="libvpx-vp9").read_bytes()
    job = run_started(upload(client_for("manager"), project, "clip.webm", data))
    assert job.status == "succeeded", job.error
    assert Frame.objects.filter(sequence_id=job.params["sequence"]).count() == 5


def test_png_frames_when_configured(client_for, project, video, settings):
    settings.SEQUENCE_FRAME_FORMAT = "png"
    job = run_started(upload(client_for("manager"), project, "clip.mp4", video))
    assert job.status == "succeeded", job.error
    assert set(Asset.objects.filter(frame__sequence_id=job.params["sequence"]).values_list("mime_type", flat=True)) \
        == {"image/png"}


def test_a_zip_of_frames_keeps_the_natural_order_of_names(client_for, project):
    names = ["f10.png", "f2.png", "f1.png", "__MACOSX/._f1.png", "notes.txt", "sub/"]
    data = frames_zip([(n, (40, 30)) for n in names if n.endswith(".png") and not n.startswith("__")])
    job = run_started(upload(client_for("manager"), project, "frames.zip", data, name="walk"))
    assert job.status == "succeeded", job.error
    frames = Frame.objects.filter(sequence_id=job.params["sequence"]).select_related("asset").order_by("index")
    assert [f.asset.name for f in frames] == ["f1.png", "f2.png", "f10.png"]
    sequence = Sequence.objects.get(pk=job.params["sequence"])
    assert (sequence.source_kind, sequence.width, sequence.height, sequence.fps) == ("frames", 40, 30, None)


def test_only_managers_upload_and_outsiders_see_nothing(client_for, project, video):
    for role in ("reviewer", "labeler", "viewer"):
        assert upload(client_for(role), project, "clip.mp4", video).status_code == 403
    assert upload(client_for("outsider"), project, "clip.mp4", video).status_code == 404
    assert not Sequence.objects.exists()
    job = run_started(upload(client_for("manager"), project, "clip.mp4", video))
    sequence_id = job.params["sequence"]
    assert client_for("outsider").get(f"/api/v1/sequences/{sequence_id}").status_code == 404
    assert client_for("outsider").get(f"/api/v1/projects/{project.id}/sequences").status_code == 404
    listed = client_for("labeler").get(f"/api/v1/projects/{project.id}/sequences").json()
    assert [s["id"] for s in listed["results"]] == [sequence_id]
    assert client_for("labeler").delete(f"/api/v1/sequences/{sequence_id}").status_code == 403


def test_deleting_a_sequence_deletes_its_frames_and_files(client_for, project, video,
                                                          django_capture_on_commit_callbacks):
    job = run_started(upload(client_for("manager"), project, "clip.mp4", video))
    sequence = Sequence.objects.get(pk=job.params["sequence"])
    files = list(Asset.objects.filter(frame__sequence=sequence).values_list("file", flat=True))
    assert files and all(default_storage.exists(f) for f in [*files, sequence.source_file])
    with django_capture_on_commit_callbacks(execute=True):  # files go once the delete commits
        assert client_for("manager").delete(f"/api/v1/sequences/{sequence.pk}").status_code == 204
    assert not Asset.objects.filter(project=project).exists()
    assert not any(default_storage.exists(f) for f in [*files, sequence.source_file])


@pytest.mark.parametrize("fps", ["0", "-1", "1000", "abc"])
def test_a_bad_fps_is_a_400(client_for, project, video, fps):
    response = upload(client_for("manager"), project, "clip.mp4", video, fps=fps)
    assert response.status_code == 400 and "fps" in response.json()
    assert not Sequence.objects.exists()


def test_a_sequence_whose_frames_a_dataset_version_keeps_is_a_409(client_for, project, video, users):
    from labelplatform.datasets.services import version_create

    job = run_started(upload(client_for("manager"), project, "clip.mp4", video))
    frame = Frame.objects.filter(sequence_id=job.params["sequence"]).first()
    label = {"status": "submitted", "objects": [{"class": 2, "mask": {"size": [48, 64], "counts": [0, 10, 3062]}}]}
    assert client_for("labeler").post(f"/api/v1/assets/{frame.asset_id}/labels", label, format="json").status_code \
        == 201
    version_create(project=project, user=users["manager"], name="v1", labels="latest")
    response = client_for("manager").delete(f"/api/v1/sequences/{job.params['sequence']}")
    assert response.status_code == 409 and "dataset version" in response.json()["detail"]
    assert Frame.objects.filter(sequence_id=job.params["sequence"]).count() == 10
