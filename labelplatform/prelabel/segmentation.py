"""Interactive segmentation of one asset: the built-in GrabCut engine, or a SAM-family pair (the built-in
MobileSAM or a registered one) whose embedding a worker job computes once per asset."""

from typing import Any

from rest_framework.exceptions import ValidationError

from labelplatform.assets.models import Asset
from labelplatform.common.errors import NotReady
from labelplatform.jobs.models import Job
from labelplatform.jobs.services import job_create
from labelplatform.masks import encode
from labelplatform.prelabel.ahead import covering_job, embedding_jobs_pending
from labelplatform.prelabel.backends import SamPair, sam_embedding, sam_embedding_ready, sam_pair_of, sam_session
from labelplatform.prelabel.builtin import mobilesam
from labelplatform.prelabel.builtin.installed import builtin_model
from labelplatform.prelabel.engines.grabcut import segment
from labelplatform.prelabel.engines.onnx_models import ModelRunError
from labelplatform.prelabel.engines.prompts import Prompt
from labelplatform.prelabel.engines.sam import refines, sam_segment
from labelplatform.prelabel.images import asset_prepared, asset_rgb_cached

GRABCUT = "grabcut"


def default_segment_backend() -> str:
    """MobileSAM when this machine has it installed, else GrabCut (which needs no weights)."""
    return mobilesam.NAME if builtin_model(mobilesam.NAME) is not None else GRABCUT


def segment_asset(*, asset: Asset, backend: str | None, prompt: Prompt) -> dict[str, Any]:
    """`{"mask": <RLE of the asset's size>, "score": 0..1, "backend": <the one used>}`."""
    backend = backend or default_segment_backend()
    if backend == GRABCUT:  # the prompt locates the object (SegmentInSerializer.prompt checks Prompt.locates)
        result = segment(asset_prepared(asset), prompt)
        return {"mask": encode(result.mask), "score": result.score, "backend": backend}
    pair = sam_pair_of(asset.project, backend)
    embedding = embedding_or_not_ready(pair, asset)
    try:
        size = (asset.height, asset.width)
        image = asset_rgb_cached(asset) if refines(pair.config, size) else None
        mask, score = sam_segment(sam_session(pair, "decoder"), pair.config, embedding, prompt, size, image)
    except ModelRunError as exc:
        raise ValidationError({"backend": [str(exc)]}) from None
    return {"mask": encode(mask), "score": score, "backend": backend}


def embedding_or_not_ready(pair: SamPair, asset: Asset) -> Any:
    """The asset's embedding; while it is not computed yet, NotReady (a 202) naming the job that computes it
    (one job)."""
    if not sam_embedding_ready(pair, asset):
        job = _embedding_job(pair.backend, asset)
        raise NotReady(f"the embedding of asset {asset.pk} is being computed by job {job.pk}; "
                       "ask again when it has finished", job.pk)
    return sam_embedding(pair, asset)


def _embedding_job(backend: str, asset: Asset) -> Job:
    """The queued or running job computing this embedding (one started ahead of time counts), else a new one."""
    pending = covering_job(embedding_jobs_pending(asset.project, backend), asset.pk)
    return pending or job_create(kind="prelabel", project=asset.project, user=None,
                                 params={"backend": backend, "asset_ids": [asset.pk]})
