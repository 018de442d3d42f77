"""Embeddings ahead of time (prelabel/ahead.py says when and how many): an upload and a queue claim, each
followed by the embedding jobs it calls for. The workflow and assets apps know nothing of models."""

from collections.abc import Sequence

from django.contrib.auth.models import User
from django.core.files.uploadedfile import UploadedFile

from labelplatform.assets.models import Asset
from labelplatform.assets.services import assets_upload
from labelplatform.prelabel.ahead import ahead_count, embeddings_for_claim, upload_embedding_jobs
from labelplatform.projects.models import Project
from labelplatform.workflow.models import Stage
from labelplatform.workflow.queue import Served, queue_next, queue_upcoming


def assets_upload_embedded(*, project: Project, user: User, files: Sequence[UploadedFile]) -> list[Asset]:
    """The upload with its embedding jobs when the project is small enough, in one transaction."""
    return assets_upload(project=project, user=user, files=files,
                         more_jobs=lambda assets: upload_embedding_jobs(project=project, assets=assets))


def queue_next_prepared(*, project: Project, user: User, stages: list[str]) -> Served | None:
    """The claim, then embedding jobs for the claimed asset and, on the label stage, the next few the queue
    would hand the same labeler: by "Submit & next" the next image's embedding is ready."""
    served = queue_next(project=project, user=user, stages=stages)
    if served is None:
        return None
    claim = served.claim
    upcoming = (queue_upcoming(project=project, user=user, served=claim, limit=ahead_count(project))
                if claim.stage == Stage.LABEL else [])
    embeddings_for_claim(project=project, claimed=claim.asset, upcoming=upcoming)
    return served
