"""One sequence as the timeline reads it, its tracks, and the checks of a propagation start."""

import numpy as np
import pytest

from labelplatform.jobs.models import Job
from labelplatform.prelabel.services import prediction_store
from labelplatform.sequences.models import Sequence, Track
from tests.api.test_labels import rle
from tests.sequences.conftest import frames_zip, run_started, upload


@pytest.fixture
def sequence(client_for, project) -> Sequence:
    data = frames_zip([(f"{i}.png", (40, 30)) for i in range(4)])
    job = run_started(upload(client_for("manager"), project, "walk.zip", data))
    return Sequence.objects.get(pk=job.params["sequence"])


def square(top: int, left: int) -> dict:
    mask = np.zeros((30, 40), bool)
    mask[top:top + 5, left:left + 5] = True
    return rle(mask)


def label_frame(client, sequence: Sequence, index: int, tracks: list[int], status: str = "draft") -> dict:
    asset = sequence.frames.get(index=index).asset_id
    objects = [{"class": 2, "mask": square(2 + 6 * i, 2), "track": t} for i, t in enumerate(tracks)]
    response = client.post(f"/api/v1/assets/{asset}/labels", {"objects": objects, "status": status}, format="json")
    assert response.status_code == 201, response.json()
    return response.json()


def test_the_timeline_shows_labeled_frames_and_prediction_confidence(client_for, sequence):
    label_frame(client_for("labeler"), sequence, 1, [1, 2])
    prediction_store(asset=sequence.frames.get(index=2).asset, source="propagate",
                     objects=[{"class": 2, "mask": square(2, 2), "score": 0.4, "track": 1}])
    detail = client_for("viewer").get(f"/api/v1/sequences/{sequence.pk}").json()
    assert [(f["labeled"], f["score"]) for f in detail["frames"]] == [
        (False, None), (True, None), (False, 0.4), (False, None)]
    assert [(t["track"], t["class"], t["labeled_frames"], t["first"], t["last"]) for t in detail["tracks"]] == [
        (1, 2, 1, 1, 1), (2, 2, 1, 1, 1)]
    page = client_for("viewer").get(f"/api/v1/sequences/{sequence.pk}/frames?page_size=2").json()
    assert page["count"] == 4 and [f["index"] for f in page["results"]] == [0, 1]


def test_a_new_track_takes_the_next_free_id_and_keeps_its_class_and_attributes(client_for, sequence):
    label_frame(client_for("labeler"), sequence, 0, [4])
    url = f"/api/v1/sequences/{sequence.pk}/tracks"
    created = client_for("labeler").post(url, {"class": 1, "name": "red car", "attributes": {"occluded": "no"}},
                                         format="json")
    assert created.status_code == 201, created.json()
    assert (created.json()["track"], created.json()["class"], created.json()["name"]) == (5, 1, "red car")
    renamed = client_for("labeler").put(f"{url}/5", {"class": 1, "name": "blue car"}, format="json")
    assert renamed.status_code == 200 and renamed.json()["name"] == "blue car"
    assert [t["track"] for t in client_for("viewer").get(url).json()] == [4, 5]
    assert client_for("labeler").delete(f"{url}/5").status_code == 204
    assert not Track.objects.exists()


def test_track_checks_and_roles(client_for, sequence):
    url = f"/api/v1/sequences/{sequence.pk}/tracks"
    assert client_for("viewer").post(url, {}, format="json").status_code == 403
    assert client_for("outsider").get(url).status_code == 404
    bad_class = client_for("labeler").post(url, {"class": 99}, format="json")
    assert bad_class.status_code == 400 and "class" in bad_class.json()
    bad_value = client_for("labeler").post(url, {"class": 1, "attributes": {"occluded": "maybe"}}, format="json")
    assert bad_value.status_code == 400
    for track in (0, 2**31, 99999999999):  # a track id from the URL past the column is a 400, not a 500
        named = client_for("labeler").put(f"{url}/{track}", {"name": "x"}, format="json")
        assert named.status_code == 400 and "is not a track id" in named.json()["track"][0]
        assert client_for("labeler").delete(f"{url}/{track}").status_code == 204
    assert not Track.objects.exists()


def propagate(client, sequence: Sequence, body: dict):  # type: ignore[no-untyped-def]
    return client.post(f"/api/v1/sequences/{sequence.pk}/propagate", body, format="json")


def test_a_propagation_starts_a_job_with_the_frames_and_tracks_named(client_for, sequence):
    label = label_frame(client_for("labeler"), sequence, 1, [3, 7])
    response = propagate(client_for("labeler"), sequence, {"from": 1, "to": 3, "tracks": [7]})
    assert response.status_code == 202, response.json()
    job = Job.objects.get(pk=response.json()["id"])
    assert job.kind == "sequence_propagate"
    assert job.params == {"sequence": sequence.pk, "from": 1, "to": 3, "tracks": [7], "label": label["id"],
                          "revision": 1, "keyframes": True}
    every = propagate(client_for("labeler"), sequence, {"from": 1, "keyframes": False}).json()["params"]
    assert (every["to"], every["tracks"], every["keyframes"]) == (3, [3, 7], False)  # to the last frame, every track


@pytest.mark.parametrize("body, field, reason", [
    ({"from": 9}, "from", "frame 9 is not in the sequence (0..3)"),
    ({"from": 1, "to": 4}, "to", "frame 4 is not in the sequence"),
    ({"from": 1, "to": 1}, "to", "must differ"),
    ({"from": 0}, "from", "frame 0 has no label"),
    ({"from": 1, "tracks": [3, 8]}, "tracks", "not on frame 1's label: [8]"),
    ({"from": 1, "tracks": []}, "tracks", ""),
    ({"from": -1}, "from", ""),
    ({}, "from", ""),
    ({"from": 1, "keyframes": "yes"}, "keyframes", "Must be true or false"),  # DRF's loose booleans: no
    ({"from": 1, "keyframes": 1}, "keyframes", "Must be true or false"),
])
def test_a_bad_propagation_is_a_400_that_starts_nothing(client_for, sequence, body, field, reason):
    label_frame(client_for("labeler"), sequence, 1, [3, 7])
    response = propagate(client_for("labeler"), sequence, body)
    assert response.status_code == 400, response.json()
    assert reason in " ".join(map(str, response.json()[field]))
    assert not Job.objects.filter(kind="sequence_propagate").exists()


def test_a_frame_labeled_without_tracks_cannot_be_propagated(client_for, sequence):
    asset = sequence.frames.get(index=2).asset_id
    client_for("labeler").post(f"/api/v1/assets/{asset}/labels",
                               {"objects": [{"class": 2, "mask": square(2, 2)}]}, format="json")
    response = propagate(client_for("labeler"), sequence, {"from": 2})
    assert response.status_code == 400 and "no object with a track" in response.json()["from"][0]


def test_viewers_may_not_propagate_and_a_decoding_sequence_is_a_409(client_for, project, sequence, video):
    label_frame(client_for("labeler"), sequence, 1, [3])
    assert propagate(client_for("viewer"), sequence, {"from": 1}).status_code == 403
    started = upload(client_for("manager"), project, "clip.mp4", video)  # its job not run yet
    decoding = Sequence.objects.get(pk=started.json()["sequence"])
    response = propagate(client_for("labeler"), decoding, {"from": 0})
    assert response.status_code == 409 and "decoding" in response.json()["detail"]


def test_a_restricted_labeler_propagates_only_from_a_frame_handed_to_them(client_for, project, sequence):
    # given a project where labelers see only what they are given, and frame 1 labeled by the manager
    project.settings = {**project.settings, "labelers_see_all": False}
    project.save(update_fields=["settings"])
    label_frame(client_for("manager"), sequence, 1, [3])
    labeler = client_for("labeler")
    # then the labeler cannot propagate from it (nor learn its tracks from the 400s)
    response = propagate(labeler, sequence, {"from": 1, "tracks": [9]})
    assert response.status_code == 404, response.json()
    assert not Job.objects.filter(kind="sequence_propagate").exists()
    # but from the frame the queue handed them, once labeled
    handed = labeler.post(f"/api/v1/projects/{project.pk}/queue/next").json()["asset"]["id"]
    index = sequence.frames.get(asset_id=handed).index
    label_frame(labeler, sequence, index, [3])
    assert propagate(labeler, sequence, {"from": index, "to": 0 if index else 3}).status_code == 202


def test_a_restricted_labeler_who_sees_no_frame_of_the_sequence_gets_404_from_its_tracks(client_for, project,
                                                                                           sequence):
    # given a project where labelers see only what they are given, and a track the manager labeled on frame 1
    project.settings = {**project.settings, "labelers_see_all": False}
    project.save(update_fields=["settings"])
    label_frame(client_for("manager"), sequence, 1, [3])
    url = f"/api/v1/sequences/{sequence.pk}/tracks"
    labeler = client_for("labeler")
    # when the labeler, handed none of its frames, lists, creates, renames or deletes tracks
    answers = [labeler.get(url), labeler.post(url, {"class": 1, "name": "mine"}, format="json"),
               labeler.put(f"{url}/3", {"class": 2, "name": "renamed"}, format="json"), labeler.delete(f"{url}/3")]
    # then each is a 404 and nothing changed
    assert [r.status_code for r in answers] == [404, 404, 404, 404]
    assert not Track.objects.exists()
    # and the sequence itself shows them no frame and no track
    detail = labeler.get(f"/api/v1/sequences/{sequence.pk}").json()
    assert (detail["frames"], detail["tracks"]) == ([], [])
    # once a frame is handed to them, the tracks are theirs to read and keep as before
    labeler.post(f"/api/v1/projects/{project.pk}/queue/next")
    listed = labeler.get(url)
    assert listed.status_code == 200 and [t["track"] for t in listed.json()] == [3]
    assert [t["track"] for t in labeler.get(f"/api/v1/sequences/{sequence.pk}").json()["tracks"]] == [3]
    assert labeler.put(f"{url}/3", {"class": 2, "name": "lead"}, format="json").status_code == 200
    assert Track.objects.get().name == "lead"
    # a manager is never refused
    assert client_for("manager").get(url).status_code == 200
