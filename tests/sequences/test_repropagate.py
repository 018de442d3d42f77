"""POST sequences/{id}/frames/{index}/repropagate (sequences/repropagation.py): a save that corrects a propagated
pre-label carries the corrected tracks on from that frame, away from the propagation's origin and, fused from
both ends, back towards it; nothing starts for a label that kept the pre-label; a queued job is reused."""

import numpy as np
import pytest

from labelplatform.jobs.models import Job
from labelplatform.jobs.services import job_run
from labelplatform.labels.models import Label
from labelplatform.masks import encode
from labelplatform.prelabel.models import Prediction
from labelplatform.prelabel.services import prediction_store
from labelplatform.sequences.services import PROPAGATE_KIND
from tests.prelabel.clips import iou
from tests.sequences.bear import FRAMES, label, propagated, ran, start
from tests.stack.processes import celery_worker, require_services, stack_env, wait_for_job


def repropagate(client, sequence, index: int, body: dict | None = None):  # type: ignore[no-untyped-def, type-arg]
    return client.post(f"/api/v1/sequences/{sequence.pk}/frames/{index}/repropagate", body or {}, format="json")


def shifted(mask: np.ndarray, pixels: int) -> np.ndarray:
    """The mask moved right: a person's correction that differs from the pre-label."""
    return np.roll(mask, pixels, axis=1)


@pytest.mark.django_db
def test_a_saved_correction_starts_jobs_both_ways_and_a_second_call_joins_them(client_for, bear):
    sequence, truth = bear
    labeler = client_for("labeler")
    label(labeler, sequence, 0, truth[0])
    ran(labeler, sequence, {"from": 0})
    # given a person saves frame 2 with the bear's true mask over the propagated pre-label
    label(labeler, sequence, 2, truth[2])
    # when the editor asks after the save, twice (a second save before the worker took the jobs)
    first = repropagate(labeler, sequence, 2)
    second = repropagate(labeler, sequence, 2)
    # then one job per direction, to the sequence's ends, for the corrected track, and the second call reused them
    assert first.status_code == 202, first.json()
    assert first.json()["tracks"] == [4] and "propagated from frame 0" in first.json()["reason"]
    ranges = [(j["job"]["params"]["from"], j["job"]["params"]["to"]) for j in first.json()["jobs"]]
    assert ranges == [(2, FRAMES - 1), (2, 0)]
    assert [j["reused"] for j in first.json()["jobs"]] == [False, False]
    assert [j["reused"] for j in second.json()["jobs"]] == [True, True]
    assert [j["job"]["id"] for j in second.json()["jobs"]] == [j["job"]["id"] for j in first.json()["jobs"]]
    assert Job.objects.filter(kind=PROPAGATE_KIND).count() == 3
    forwards, backwards = (Job.objects.get(pk=j["job"]["id"]) for j in first.json()["jobs"])
    for job in (forwards, backwards):
        job_run(job_id=job.pk)
        job.refresh_from_db()
        assert job.status == "succeeded", job.error
    # forwards: a correction, until it agrees or the end; backwards: frame 1 lies between two labeled frames
    assert forwards.result["correction"] is True and forwards.result["keyframes"] is None
    assert (backwards.result["frames"], backwards.result["last"], backwards.result["keyframes"]) == (1, 1, [4])
    assert (backwards.done, backwards.total) == (2, 2)  # the far end's pass counts
    for index in (1, 3):
        assert iou(propagated(sequence, index)[1], truth[index]) > 0.85
    # when the frame is saved again with the same mask (the editor asks after every save), nothing starts
    again = repropagate(labeler, sequence, 2)
    assert again.status_code == 200, again.json()
    assert again.json()["jobs"] == [] and "already carried on" in again.json()["reason"]
    # and a new correction of it is carried on again, both ways
    saved = Label.objects.get(asset__frame__sequence=sequence, asset__frame__index=2)
    body = {"objects": [{"class": 2, "mask": encode(shifted(truth[2], 4)), "track": 4}], "status": "submitted"}
    put = labeler.put(f"/api/v1/labels/{saved.pk}", {**body, "revision": saved.revision}, format="json")
    assert put.status_code == 200, put.json()
    newer = repropagate(labeler, sequence, 2)
    assert newer.status_code == 202, newer.json()
    assert [j["reused"] for j in newer.json()["jobs"]] == [False, False]
    assert Job.objects.filter(kind=PROPAGATE_KIND).count() == 5


@pytest.mark.django_db
def test_nothing_starts_where_the_label_kept_the_pre_label_or_there_is_none(client_for, bear):
    sequence, truth = bear
    labeler = client_for("labeler")
    label(labeler, sequence, 0, truth[0])
    answer = repropagate(labeler, sequence, 0)
    assert (
        answer.status_code == 200
        and answer.json()["jobs"] == []
        and "no propagated pre-label" in answer.json()["reason"]
    )
    ran(labeler, sequence, {"from": 0})
    _, pre_label = propagated(sequence, 3)
    # given a person submits frame 3's pre-label as it is
    label(labeler, sequence, 3, pre_label)
    answer = repropagate(labeler, sequence, 3)
    assert answer.status_code == 200, answer.json()
    assert answer.json() == {
        "tracks": [],
        "jobs": [],
        "reason": "frame 3's label keeps every propagated mask as it was",
    }
    assert repropagate(labeler, sequence, 4).json()["reason"] == "frame 4 has no label"
    assert Job.objects.filter(kind=PROPAGATE_KIND).count() == 1


@pytest.mark.django_db
def test_without_keyframes_only_away_from_the_origin_and_backwards_after_a_backward_propagation(client_for, bear):
    sequence, truth = bear
    labeler = client_for("labeler")
    label(labeler, sequence, FRAMES - 1, truth[FRAMES - 1])
    ran(labeler, sequence, {"from": FRAMES - 1, "to": 0})
    label(labeler, sequence, 2, shifted(truth[2], 6))
    answer = repropagate(labeler, sequence, 2, {"keyframes": False})
    assert answer.status_code == 202, answer.json()
    (started,) = answer.json()["jobs"]
    assert (started["job"]["params"]["from"], started["job"]["params"]["to"]) == (2, 0)
    assert started["job"]["params"]["keyframes"] is False


@pytest.mark.django_db
def test_a_job_for_one_track_keeps_the_other_tracks_pre_labels(client_for, bear):
    sequence, truth = bear
    labeler = client_for("labeler")
    label(labeler, sequence, 0, truth[0])
    # given frame 3 had a second track stored by an earlier propagation
    frame = sequence.frames.select_related("asset").get(index=3)
    corner = np.zeros_like(truth[3])
    corner[:20, :20] = True
    prediction_store(
        asset=frame.asset,
        objects=[{"class": 2, "mask": encode(corner), "score": 0.6, "track": 9}],
        source="propagation",
        score=0.6,
    )
    ran(labeler, sequence, {"from": 0, "to": 3})
    kept = {
        o.track: o.score
        for o in Prediction.objects.get(asset=frame.asset, source="propagation").predicted_objects.all()
    }
    assert set(kept) == {4, 9} and kept[9] == 0.6


@pytest.mark.django_db
def test_bad_requests(client_for, bear):
    sequence, _ = bear
    labeler = client_for("labeler")
    assert repropagate(labeler, sequence, FRAMES + 3).status_code == 404
    answer = repropagate(labeler, sequence, 0, {"keyframes": "sometimes"})
    assert answer.status_code == 400 and "keyframes" in answer.json()
    answer = repropagate(labeler, sequence, 0, {"keyframes": "on"})  # DRF's loose booleans: no
    assert answer.status_code == 400 and "keyframes" in answer.json()
    assert repropagate(client_for("viewer"), sequence, 0).status_code == 403


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_worker_carries_a_correction_on(client_for, bear, tmp_path, settings):
    require_services()
    sequence, truth = bear
    labeler = client_for("labeler")
    label(labeler, sequence, 0, truth[0])
    log = tmp_path / "worker.log"
    with celery_worker(stack_env(settings.MEDIA_ROOT), log):
        first = start(labeler, sequence, {"from": 0})
        wait_for_job(first, log, 300)
        assert first.status == "succeeded", first.error
        label(labeler, sequence, 3, truth[3])
        answer = repropagate(labeler, sequence, 3)
        assert answer.status_code == 202, answer.json()
        jobs = [Job.objects.get(pk=j["job"]["id"]) for j in answer.json()["jobs"]]
        for job in jobs:
            wait_for_job(job, log, 300)
    assert [job.status for job in jobs] == ["succeeded", "succeeded"], [job.error for job in jobs]
    assert [job.result["keyframes"] for job in jobs] == [None, [4]]
    for index in (1, 2, 4, 5):
        assert iou(propagated(sequence, index)[1], truth[index]) > 0.85
