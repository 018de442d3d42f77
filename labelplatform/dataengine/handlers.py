"""Job kinds of the data engine: "dataengine_train", "dataengine_prelabel" and "dataengine_synthesize"."""

from typing import Any

from django.db import transaction

from labelplatform.dataengine.examples import training_labels
from labelplatform.dataengine.models import EngineVersion
from labelplatform.dataengine.prelabeling import SOURCE, asset_prelabels, newest_version, threshold_of
from labelplatform.dataengine.selectors import prelabel_targets
from labelplatform.dataengine.services import PRELABEL_KIND, SYNTHESIZE_KIND, TRAIN_KIND
from labelplatform.dataengine.synthesis import synthetic_make
from labelplatform.dataengine.training import engine_version_build
from labelplatform.jobs.models import Job
from labelplatform.jobs.progress import Progress
from labelplatform.jobs.registry import job_handler
from labelplatform.prelabel.services import prediction_priorities_set, prediction_store


@job_handler(TRAIN_KIND)
def dataengine_train(job: Job, progress: Progress) -> dict[str, Any]:
    project = job.project
    assert project is not None
    done = EngineVersion.objects.filter(project=project, metrics__job=job.pk).first()
    if done is None:  # a retried job finds its version already made
        synthetic = bool(job.params.get("synthetic", True))
        progress.set_total(len(training_labels(project, synthetic=synthetic)))
        done = engine_version_build(project=project, job_id=job.pk, synthetic=synthetic,
                                    progress_step=progress.advance)
    return {"version": done.version, "things": done.things, "labels_used": done.labels_used,
            "synthetic_used": done.synthetic_used}


@job_handler(PRELABEL_KIND)
def dataengine_prelabel(job: Job, progress: Progress) -> dict[str, Any]:
    """Real assets without a submitted label or a propagated pre-label (or those listed): predict all, then store
    in one transaction."""
    project = job.project
    assert project is not None
    version = newest_version(project)
    assert version is not None
    assets = list(prelabel_targets(project, job.params.get("asset_ids")))
    progress.set_total(len(assets))
    threshold = threshold_of(project)
    answers, unknown = [], 0
    for asset in assets:
        objects, unsure = asset_prelabels(version, asset, threshold)
        answers.append((asset, objects))
        unknown += unsure
        progress.advance()
    with transaction.atomic():
        stored = [prediction_store(asset=asset, objects=objects, source=SOURCE, model_version=str(version.version))
                  for asset, objects in answers]
        prioritised = prediction_priorities_set(project=project, asset_ids=[a.pk for a in assets])
    return {"version": version.version, "assets": len(stored), "unknown": unknown, "prioritised": prioritised,
            "objects": sum(len(objects) for _, objects in answers)}


@job_handler(SYNTHESIZE_KIND)
def dataengine_synthesize(job: Job, progress: Progress) -> dict[str, Any]:
    project = job.project
    assert project is not None and job.created_by is not None
    params = job.params
    progress.set_total(int(params["count"]))
    made = synthetic_make(project=project, user=job.created_by, count=int(params["count"]),
                          classes=params.get("classes"), background_ids=params.get("backgrounds"),
                          seed=int(params.get("seed", 0)), progress_step=progress.advance)
    return {"assets": [a.pk for a in made]}
