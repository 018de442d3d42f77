"""A real Celery worker trains the pre-labeler and pre-labels an asset, end to end over Redis."""

import pytest
from django.db import transaction

from labelplatform.flows.label_save import label_create
from labelplatform.jobs.models import Job
from labelplatform.labels.services import LabelBody
from labelplatform.prelabel.models import Prediction, TrainedModel
from labelplatform.prelabel.services import maybe_retrain, prelabel_start
from tests.prelabel.conftest import car_label_body, scene
from tests.stack.processes import celery_worker, require_services, stack_env, wait_until

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def finished(job: Job):  # type: ignore[no-untyped-def]
    def check() -> bool:
        job.refresh_from_db()
        return job.status in ("succeeded", "failed")

    return check


def test_worker_trains_and_prelabels(project, users, upload, tmp_path, settings):
    require_services()
    project.settings = {**project.settings, "prelabel_retrain_every": 2}
    project.save()
    # when enough labels are in, the submit path enqueues a training job on commit
    for seed, user in ((1, "labeler"), (2, "labeler2")):
        rgb, car = scene(seed)
        label_create(asset=upload(rgb, f"{seed}.png"), user=users[user], body=LabelBody(**car_label_body(car)))
    train = Job.objects.get(kind="prelabel_train", project=project)
    assert maybe_retrain(project) is None  # already pending
    fresh = upload(scene(7)[0], "fresh.png")
    log = tmp_path / "worker.log"
    with celery_worker(stack_env(settings.MEDIA_ROOT), log):
        try:
            wait_until(finished(train), 120, "training job finished")
            assert train.status == "succeeded", train.error
            with transaction.atomic():
                job = prelabel_start(project=project, user=users["manager"], backend="trained",
                                     asset_ids=[fresh.pk])
            wait_until(finished(job), 120, "prelabel job finished")
        except (TimeoutError, AssertionError):
            pytest.fail("worker log:\n" + log.read_text()[-3000:])
    assert job.status == "succeeded", job.error
    assert (job.done, job.total) == (1, 1)
    assert TrainedModel.objects.get(project=project).version == 1
    prediction = Prediction.objects.get(asset=fresh)
    assert prediction.source == "trained" and prediction.predicted_objects.filter(class_id=1).exists()
