"""The propagation job (sequences/propagation.py) with the real MobileSAM: on a real Celery worker, and in
process for where it stops (the next labeled frame) and a correction re-propagating until it agrees."""

import numpy as np
import pytest

from labelplatform.jobs.services import job_run
from labelplatform.labels.models import Label
from labelplatform.masks import encode
from labelplatform.prelabel.builtin import mobilesam
from labelplatform.prelabel.models import Prediction
from labelplatform.prelabel.services import prediction_store
from tests.prelabel.clips import iou
from tests.sequences.bear import FRAMES, label, propagated, ran, start
from tests.stack.processes import celery_worker, require_services, stack_env, wait_for_job


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_worker_propagates_the_first_frame_to_the_end_as_predictions(client_for, bear, tmp_path, settings):
    require_services()
    sequence, truth = bear
    label(client_for("labeler"), sequence, 0, truth[0])
    log = tmp_path / "worker.log"
    with celery_worker(stack_env(settings.MEDIA_ROOT), log):
        job = start(client_for("labeler"), sequence, {"from": 0})
        wait_for_job(job, log, 240)
    assert job.status == "succeeded", job.error
    assert (job.done, job.total) == (FRAMES - 1, FRAMES - 1)
    assert job.result["frames"] == FRAMES - 1 and job.result["model"] == mobilesam.NAME
    assert job.result["correction"] is False and job.result["stopped_before_labeled"] is None
    for index in range(1, FRAMES):
        prediction, mask = propagated(sequence, index)
        assert iou(mask, truth[index]) > 0.85
        assert prediction.score == min(o.score for o in prediction.predicted_objects.all())
    assert Label.objects.count() == 1  # pre-labels only: no frame got a label


@pytest.mark.django_db
def test_it_stops_before_the_next_labeled_frame_and_goes_backwards(client_for, bear):
    sequence, truth = bear
    label(client_for("labeler"), sequence, 1, truth[1])
    label(client_for("labeler"), sequence, 4, truth[4], status="draft")
    forwards = start(client_for("labeler"), sequence, {"from": 1})
    job_run(job_id=forwards.pk)
    forwards.refresh_from_db()
    assert forwards.status == "succeeded", forwards.error
    assert (forwards.result["frames"], forwards.result["last"], forwards.result["stopped_before_labeled"]) == (2, 3, 4)
    backwards = start(client_for("labeler"), sequence, {"from": 1, "to": 0})
    job_run(job_id=backwards.pk)
    backwards.refresh_from_db()
    assert (backwards.result["frames"], backwards.result["last"]) == (1, 0)
    ious = {index: iou(propagated(sequence, index)[1], truth[index]) for index in (0, 2, 3)}
    assert min(ious.values()) > 0.85, ious
    assert not Prediction.objects.filter(asset__frame__index__in=[1, 4, 5], source="propagation").exists()


@pytest.mark.django_db
def test_a_corrected_frame_repropagates_until_it_agrees(client_for, bear):
    sequence, truth = bear
    label(client_for("labeler"), sequence, 0, truth[0])
    ran(client_for("labeler"), sequence, {"from": 0})
    # given a person corrects frame 2, which propagation had reached
    label(client_for("labeler"), sequence, 2, truth[2])
    again = ran(client_for("labeler"), sequence, {"from": 2})
    # then the job is a correction: it rewrites frames after 2, stopping where they agree with what was there
    assert again.status == "succeeded", again.error
    assert again.result["correction"] is True
    assert 1 <= again.result["frames"] <= FRAMES - 3
    if again.result["agreed_at"] is not None:
        assert again.result["agreed_at"] == again.result["last"] < FRAMES - 1
    assert iou(propagated(sequence, 3)[1], truth[3]) > 0.85


@pytest.mark.django_db
def test_a_correction_runs_on_while_the_frames_it_rewrites_disagree_with_what_was_stored(client_for, bear):
    sequence, truth = bear
    label(client_for("labeler"), sequence, 0, truth[0])
    ran(client_for("labeler"), sequence, {"from": 0})
    # given the earlier propagation had drifted after frame 2 (half the bear missing there)
    for index in range(3, FRAMES):
        frame = sequence.frames.select_related("asset").get(index=index)
        xs = np.nonzero(truth[index])[1]
        half = truth[index] & (np.arange(truth[index].shape[1]) < xs.mean())[None, :]
        prediction_store(asset=frame.asset, objects=[{"class": 2, "mask": encode(half), "score": 0.3, "track": 4}],
                         source="propagation", score=0.3)
    # when a person corrects frame 2 and propagates from it
    label(client_for("labeler"), sequence, 2, truth[2])
    again = ran(client_for("labeler"), sequence, {"from": 2})
    # then every later frame is rewritten (none agrees with the drifted masks), and they are right again
    assert again.status == "succeeded", again.error
    assert again.result["correction"] is True and again.result["agreed_at"] is None
    assert (again.result["frames"], again.result["last"]) == (FRAMES - 3, FRAMES - 1)
    for index in range(3, FRAMES):
        assert iou(propagated(sequence, index)[1], truth[index]) > 0.85
