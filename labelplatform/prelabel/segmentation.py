"""Interactive segmentation of one asset: the built-in GrabCut engine or a registered SAM-style model."""

from typing import Any

from rest_framework.exceptions import ValidationError

from labelplatform.assets.models import Asset
from labelplatform.common.errors import Conflict
from labelplatform.jobs.models import Job, JobStatus
from labelplatform.jobs.services import job_create
from labelplatform.masks import encode
from labelplatform.prelabel.backends import registered_model, sam_embedding, sam_embedding_ready, session_of
from labelplatform.prelabel.engines import onnx_models
from labelplatform.prelabel.engines.grabcut import segment
from labelplatform.prelabel.engines.prompts import Prompt
from labelplatform.prelabel.images import asset_prepared


def segment_asset(*, asset: Asset, backend: str, prompt: Prompt) -> dict[str, Any]:
    """`{"mask": <RLE of the asset's size>, "score": 0..1}`."""
    if backend == "grabcut":
        if prompt.box is None and not prompt.has_positive:
            raise ValidationError({"detail": "grabcut needs a box or a positive point or scribble"})
        result = segment(asset_prepared(asset), prompt)
        return {"mask": encode(result.mask), "score": result.score}
    kind, _, model_id = backend.partition(":")
    if kind != "onnx":
        raise ValidationError({"backend": [f"unknown backend {backend!r}: use 'grabcut' or 'onnx:<SAM model id>'"]})
    model = registered_model(asset.project, model_id, "onnx")
    if model.config["type"] != "sam":
        raise ValidationError({"backend": [f"model {model.pk} is a semantic model; segment needs a SAM-style one"]})
    if not sam_embedding_ready(model, asset):
        job = _embedding_job(model.pk, asset)
        raise Conflict(f"the embedding of asset {asset.pk} is being computed by job {job.pk}; "
                       "retry when it has finished")
    embedding = sam_embedding(model, asset)
    try:
        mask, score = onnx_models.sam_decode(session_of(model.files["decoder"]), model.config, embedding,
                                             prompt, (asset.height, asset.width))
    except onnx_models.ModelRunError as exc:
        raise ValidationError({"backend": [str(exc)]}) from None
    return {"mask": encode(mask), "score": score}


def _embedding_job(model_id: int, asset: Asset) -> Job:
    pending = Job.objects.filter(kind="prelabel", project=asset.project, params__backend=f"onnx:{model_id}",
                                 params__asset_ids=[asset.pk],
                                 status__in=[JobStatus.QUEUED, JobStatus.RUNNING]).first()
    return pending or job_create(kind="prelabel", project=asset.project, user=None,
                                 params={"backend": f"onnx:{model_id}", "asset_ids": [asset.pk]})
