"""What "Pre-label unlabeled" predicts: real assets without a submitted label, but not a sequence's propagated
frames, whose pre-labels carry the tracks the sequence editor corrects (before, the engine's newer, class-only
prediction replaced them there: the frame opened with new track ids and without its propagation score)."""

import pytest

from labelplatform.dataengine.services import engine_prelabel_start, engine_train_start
from labelplatform.flows.label_save import label_create
from labelplatform.jobs.models import Job
from labelplatform.jobs.services import job_run
from labelplatform.labels.models import LabelStatus
from labelplatform.labels.services import LabelBody
from labelplatform.masks import encode
from labelplatform.prelabel.models import PROPAGATION_SOURCE, Prediction
from labelplatform.prelabel.services import prediction_store
from tests.dataengine.scenes import CAR, street

pytestmark = pytest.mark.django_db


def ran(job: Job) -> Job:
    job_run(job_id=job.pk)  # here, in the test process
    job.refresh_from_db()
    assert job.status == "succeeded", job.error
    return job


def test_propagated_frames_keep_their_pre_labels(project, users, upload, installed):
    # given a submitted label, an unlabeled image, and a frame that propagation pre-labeled with track 1
    image, _, cars = street(1)
    label_create(asset=upload(image, "labeled.png"), user=users["manager"], through_queue=False,
                 body=LabelBody(objects=[{"class": CAR, "mask": encode(m), "attributes": {"occluded": "no"}}
                                         for m in cars], status=LabelStatus.SUBMITTED,
                                classifications={"weather": "sun"}))
    fresh = upload(street(2)[0], "fresh.png")
    frame_image, _, frame_cars = street(3)
    frame = upload(frame_image, "frame.png")
    prediction_store(asset=frame, source=PROPAGATION_SOURCE, score=0.8,
                     objects=[{"class": CAR, "mask": encode(frame_cars[0]), "track": 1, "score": 0.8}])
    manager = users["manager"]
    ran(engine_train_start(project=project, user=manager, synthetic=False))

    # when the manager pre-labels the unlabeled images
    job = ran(engine_prelabel_start(project=project, user=manager, asset_ids=None))

    # then the fresh image is pre-labeled and the frame keeps propagation's pre-label alone, its track with it
    assert job.result["assets"] == 1
    assert Prediction.objects.get(asset=fresh).source == "dataengine"
    kept = Prediction.objects.get(asset=frame)
    assert kept.source == PROPAGATION_SOURCE and [o.track for o in kept.predicted_objects.all()] == [1]

    # and a frame named in `assets` is still pre-labeled when asked for
    ran(engine_prelabel_start(project=project, user=manager, asset_ids=[frame.pk]))
    assert set(Prediction.objects.filter(asset=frame).values_list("source", flat=True)) == {
        PROPAGATION_SOURCE, "dataengine"}
