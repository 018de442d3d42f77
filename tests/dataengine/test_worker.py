"""A real Celery worker trains the data engine on submitted labels, pre-labels a new asset with scored objects
of the right classes, and makes synthetic labeled assets that the queue and the human figures never see."""

import numpy as np
import pytest
from django.db import transaction

from labelplatform.assets.models import Asset, AssetStatus
from labelplatform.dataengine.models import EngineVersion
from labelplatform.dataengine.services import engine_prelabel_start, engine_train_start, synthesize_start
from labelplatform.datasets.selectors import chosen_revisions
from labelplatform.flows.label_save import label_create
from labelplatform.labels.models import Label, LabelObject, LabelStatus
from labelplatform.labels.services import LabelBody
from labelplatform.masks import decode, encode
from labelplatform.masks.compare import iou
from labelplatform.prelabel.models import Prediction
from labelplatform.workflow.queue import queue_next
from labelplatform.workflow.selectors import queue_summary
from tests.dataengine.scenes import CAR, ROAD, street
from tests.stack.processes import celery_worker, require_services, stack_env, wait_for_job

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def body(classes: np.ndarray, cars: list[np.ndarray]) -> LabelBody:
    objects = [{"class": CAR, "mask": encode(m), "attributes": {"occluded": "no"}} for m in cars]
    objects.append({"class": ROAD, "mask": encode(classes == ROAD)})
    return LabelBody(objects=objects, status=LabelStatus.SUBMITTED, classifications={"weather": "sun"},
                     time_spent_s=10.0)


def run(job_start, log):  # type: ignore[no-untyped-def]
    with transaction.atomic():
        job = job_start()
    wait_for_job(job, log, 240)
    assert job.status == "succeeded", job.error + "\n" + log.read_text()[-3000:]
    return job


def test_worker_trains_prelabels_and_synthesizes(project, users, upload, installed, tmp_path, settings):
    require_services()
    for seed, user in ((1, "labeler"), (2, "labeler2"), (3, "manager")):
        image, classes, cars = street(seed)
        label_create(asset=upload(image, f"{seed}.png"), user=users[user], body=body(classes, cars),
                     through_queue=False)
    fresh_image, _, fresh_cars = street(9)
    fresh = upload(fresh_image, "fresh.png")
    real_assets = Asset.objects.filter(project=project).count()
    summary_before = queue_summary(project=project, user=users["manager"])["assets"]
    log = tmp_path / "worker.log"
    manager = users["manager"]
    with celery_worker(stack_env(settings.MEDIA_ROOT), log):
        train = run(lambda: engine_train_start(project=project, user=manager, synthetic=False), log)
        prelabel = run(lambda: engine_prelabel_start(project=project, user=manager, asset_ids=None), log)
        synthesize = run(lambda: synthesize_start(project=project, user=manager, count=3, classes=[CAR],
                                                  backgrounds=None, seed=1), log)
    # training: a version that knows car is a thing (the ontology's kind) and road is stuff
    version = EngineVersion.objects.get(project=project)
    assert train.result["version"] == 1 and version.things == [CAR] and version.classes == [CAR, ROAD]
    # pre-labels: only the unlabeled asset, each car found with the right class and a score
    assert prelabel.result["assets"] == 1
    prediction = Prediction.objects.get(asset=fresh)
    assert prediction.source == "dataengine" and prediction.model_version == "1"
    objects = list(prediction.predicted_objects.all())
    predicted_cars = [o for o in objects if o.class_id == CAR]
    assert all(o.score is not None and 0 < o.score <= 1 for o in objects)
    size = [fresh.height, fresh.width]
    for truth in fresh_cars:
        assert max(iou(decode({"size": size, "counts": o.counts}).astype(bool), truth) for o in predicted_cars) >= 0.8
    # synthetic assets: flagged, done, each with one submitted label whose objects never overlap
    made = Asset.objects.filter(project=project, synthetic=True)
    assert sorted(made.values_list("pk", flat=True)) == sorted(synthesize.result["assets"]) and made.count() == 3
    for asset in made:
        assert asset.status == AssetStatus.DONE
        label = Label.objects.get(asset=asset)
        assert label.status == LabelStatus.SUBMITTED
        rows = LabelObject.objects.filter(revision__label=label, revision__number=label.revision)
        masks = [decode({"size": [asset.height, asset.width], "counts": r.counts}) for r in rows]
        assert np.sum(masks, axis=0).max() == 1
        assert sum(r.class_id == CAR for r in rows) >= 3  # its own cars, maybe covered, and the pasted ones
    # never handed out, never counted with the human work
    assert queue_summary(project=project, user=manager)["assets"] == summary_before
    assert Asset.objects.filter(project=project, synthetic=False).count() == real_assets
    served = queue_next(project=project, user=users["labeler"], stages=["label"])
    assert served is not None and served.claim.asset_id == fresh.pk
    # exports and dataset versions leave them out unless asked: with the real data, or alone
    real_labels = {label.asset_id for label in Label.objects.filter(asset__synthetic=False,
                                                                    status=LabelStatus.SUBMITTED)}
    assert {r.label.asset_id for r in chosen_revisions(project, "latest")} == real_labels
    assert {r.label.asset_id for r in chosen_revisions(project, "latest", synthetic="only")} == set(
        synthesize.result["assets"])
    assert len(chosen_revisions(project, "latest", synthetic="include")) == len(real_labels) + 3
