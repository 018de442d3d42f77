"""Job kinds of the pre-labeling app: "prelabel_train", "prelabel" and "prelabel_proposals"."""

from typing import Any

from django.db import transaction
from rest_framework.exceptions import ValidationError

from labelplatform.assets.models import Asset
from labelplatform.jobs.models import Job
from labelplatform.jobs.progress import Progress
from labelplatform.jobs.registry import job_handler
from labelplatform.prelabel.backends import resolve_backend, sam_pair_of
from labelplatform.prelabel.models import TrainedModel
from labelplatform.prelabel.proposals import KIND as PROPOSALS_KIND
from labelplatform.prelabel.proposals import proposals_compute
from labelplatform.prelabel.selectors import prelabel_assets
from labelplatform.prelabel.services import (
    prediction_priorities_set,
    prediction_store,
    trained_model_next_version,
)
from labelplatform.prelabel.training import submitted_labels, trained_model_build


@job_handler("prelabel_train")
def prelabel_train(job: Job, progress: Progress) -> dict[str, Any]:
    project = job.project
    assert project is not None
    done = TrainedModel.objects.filter(project=project, metrics__job=job.pk).first()
    if done is None:  # a retried job finds its version already made
        progress.set_total(len(submitted_labels(project)))
        done = trained_model_build(project=project, version=trained_model_next_version(project),
                                   job_id=job.pk, progress_step=progress.advance)
    return {"version": done.version, "labels_used": done.labels_used, "metrics": done.metrics}


@job_handler("prelabel")
def prelabel(job: Job, progress: Progress) -> dict[str, Any]:
    """Predict every asset first, then store all in one transaction: a bad answer stores nothing."""
    project = job.project
    assert project is not None
    backend = resolve_backend(project, job.params["backend"])
    assets = list(prelabel_assets(project, job.params.get("asset_ids")))
    progress.set_total(len(assets))
    answers = []
    for asset in assets:
        answers.append((asset, backend.predict(asset), backend.model_version))
        progress.advance()
    if backend.warms_only:
        return {"backend": job.params["backend"], "source": backend.source, "assets": 0, "objects": 0,
                "embeddings": len(assets), "prioritised": 0}
    with transaction.atomic():
        stored = [_store(asset, objects, backend.source, version) for asset, objects, version in answers]
        prioritised = prediction_priorities_set(project=project, asset_ids=[a.pk for a in assets])
    return {"backend": job.params["backend"], "source": backend.source, "assets": len(stored),
            "objects": sum(p.predicted_objects.count() for p in stored), "prioritised": prioritised}


@job_handler(PROPOSALS_KIND)
def prelabel_proposals(job: Job, progress: Progress) -> dict[str, Any]:
    """Segment everything on the listed assets (their embeddings first when missing); stores each answer."""
    project = job.project
    assert project is not None
    pair = sam_pair_of(project, job.params["backend"])
    assets = list(Asset.objects.filter(project=project, pk__in=job.params["asset_ids"]).order_by("id"))
    progress.set_total(len(assets))
    found = 0
    for asset in assets:
        found += len(proposals_compute(pair, asset))
        progress.advance()
    return {"backend": pair.backend, "assets": len(assets), "proposals": found}


class PredictionRejected(ValueError):
    """A backend's answer failed the mask checks; the job fails and nothing is stored."""


def _store(asset: Asset, objects: list[dict[str, Any]], source: str, version: str) -> Any:
    try:
        return prediction_store(asset=asset, objects=objects, source=source, model_version=version)
    except ValidationError as exc:
        raise PredictionRejected(
            f"{source} answer for asset {asset.pk} rejected, nothing stored: {_message(exc.detail)}") from None


def _message(detail: Any) -> str:
    if isinstance(detail, dict):
        return "; ".join(_message(v) for v in detail.values())
    if isinstance(detail, list):
        return "; ".join(_message(v) for v in detail)
    return str(detail)
