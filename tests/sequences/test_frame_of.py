"""GET assets/{id}/frame: the labeling page's way from a frame handed out by the queue to the sequence editor."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from labelplatform.projects.services import project_create
from labelplatform.sequences.models import Sequence
from tests.conftest import image_bytes
from tests.sequences.conftest import frames_zip, run_started, upload


@pytest.fixture
def sequence(client_for, project) -> Sequence:
    data = frames_zip([(f"{i}.png", (40, 30)) for i in range(4)])
    job = run_started(upload(client_for("manager"), project, "walk.zip", data, name="walk"))
    return Sequence.objects.get(pk=job.params["sequence"])


def frame_of(client, asset: int):  # type: ignore[no-untyped-def]
    return client.get(f"/api/v1/assets/{asset}/frame")


def test_a_frame_answers_its_sequence_and_place(client_for, sequence):
    asset = sequence.frames.get(index=2).asset_id
    response = frame_of(client_for("viewer"), asset)
    assert response.status_code == 200, response.json()
    assert response.json() == {"sequence": sequence.pk, "sequence_name": "walk", "index": 2, "position": 3,
                               "frames": 4}


def test_an_image_of_no_sequence_answers_nulls(client_for, project):
    uploaded = client_for("manager").post(f"/api/v1/projects/{project.pk}/assets",
                                          {"files": [SimpleUploadedFile("a.png", image_bytes(40, 30))]},
                                          format="multipart")
    assert uploaded.status_code == 201, uploaded.json()
    response = frame_of(client_for("labeler"), uploaded.json()[0]["id"])
    # not a 404: the labeling page asks for every image, and a 404 is an error in the browser's console
    assert response.status_code == 200, response.json()
    assert response.json() == {"sequence": None, "sequence_name": None, "index": None, "position": None, "frames": 0}


def test_another_projects_frame_is_a_404(client_for, users, sequence):
    # given the manager of another project: that role does not open this project's frames
    project_create(user=users["outsider"], name="other")
    assert frame_of(client_for("outsider"), sequence.frames.get(index=0).asset_id).status_code == 404
    assert frame_of(client_for("outsider"), 999_999).status_code == 404


def test_a_restricted_labeler_finds_only_frames_handed_to_them_counted_among_those(client_for, project, sequence):
    # given a project where labelers see only what they are given
    project.settings = {**project.settings, "labelers_see_all": False}
    project.save(update_fields=["settings"])
    labeler = client_for("labeler")
    handed = labeler.post(f"/api/v1/projects/{project.pk}/queue/next").json()["asset"]["id"]
    index = sequence.frames.get(asset_id=handed).index
    unseen = sequence.frames.exclude(asset_id=handed).first()
    assert unseen is not None
    # then a frame not handed to them is not found
    response = frame_of(labeler, unseen.asset_id)
    assert response.status_code == 404 and "not a frame" not in response.json()["detail"]
    # and the handed one is the first and only frame of their sequence editor, whatever its index
    place = frame_of(labeler, handed).json()
    assert (place["index"], place["position"], place["frames"]) == (index, 1, 1)
