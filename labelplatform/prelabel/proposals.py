"""Segment-everything proposals of an asset: computed by a job from the cached embedding, stored in media
storage beside it (removed with the asset or the model version), answered 409 while being computed."""

from typing import Any

from rest_framework.exceptions import ValidationError

from labelplatform.assets.models import Asset
from labelplatform.common.errors import NotReady
from labelplatform.jobs.services import job_create
from labelplatform.masks import encode
from labelplatform.prelabel import storage
from labelplatform.prelabel.ahead import covering_job, embedding_jobs_pending
from labelplatform.prelabel.backends import SamPair, sam_decoder, sam_embedding
from labelplatform.prelabel.engines.everything import proposals

KIND = "prelabel_proposals"


def proposals_compute(pair: SamPair, asset: Asset) -> list[dict[str, Any]]:
    """Compute (embedding first, if need be) and store the asset's proposals; returns them."""
    if not pair.config["decoder"].get("low_res"):
        raise ValidationError({"backend": [f"{pair.backend}: segment everything needs a low_res (SAM protocol) "
                                           "decoder with multimask candidates"]})
    found = proposals(sam_decoder(pair), pair.config, sam_embedding(pair, asset),
                      (asset.height, asset.width))
    answer = [{"mask": encode(p.mask), "score": p.score, "bbox": list(p.bbox), "area": p.area} for p in found]
    storage.json_save(storage.proposals_path(pair.key, asset.pk, asset.sha256),
                      {"backend": pair.backend, "version": pair.version, "proposals": answer})
    return answer


def proposals_or_not_ready(pair: SamPair, asset: Asset) -> list[dict[str, Any]]:
    """The stored proposals; while they are not computed, NotReady (a 202) naming the job that computes them
    (one job)."""
    stored = storage.json_load(storage.proposals_path(pair.key, asset.pk, asset.sha256))
    if isinstance(stored, dict):
        return list(stored["proposals"])
    pending = covering_job(embedding_jobs_pending(asset.project, pair.backend, KIND), asset.pk)
    job = pending or job_create(kind=KIND, project=asset.project, user=None,
                                params={"backend": pair.backend, "asset_ids": [asset.pk]})
    raise NotReady(f"the proposals of asset {asset.pk} are being computed by job {job.pk}; "
                   "ask again when they have finished", job.pk)
