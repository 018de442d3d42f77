"""Embeddings ahead of time: computed before a labeler's first click, so nobody waits after "Submit & next".

Two moments, both orchestrated above this app (flows/): an upload into a small project embeds every new
asset, and each queue claim embeds the claimed asset and the next few the queue is likely to hand the same
labeler. Only the default interactive backend (the built-in MobileSAM, when installed) is warmed. An asset
already embedded (memory or media storage), or covered by a queued or running embedding job of the same
backend, gets no new job, so repeated claims and a first click's 409 never compute an embedding twice.

Project settings (project.settings, like prelabel_retrain_every): `embeddings_ahead` (default 3; 0 off),
how many upcoming items each claim warms; `embed_at_upload_max_assets` (default 200; 0 off), the largest
project (its asset count after the upload) whose uploads are embedded at once. Larger projects rely on the
claims: at about 1.7 s of worker CPU per image, 200 assets are a few minutes of one worker.
"""

from collections.abc import Sequence

from django.db.models import Q

from labelplatform.assets.models import Asset
from labelplatform.jobs.models import Job, JobStatus
from labelplatform.jobs.services import jobs_create
from labelplatform.prelabel.backends import SamPair, builtin_pair, sam_embedding_ready
from labelplatform.prelabel.builtin import mobilesam
from labelplatform.prelabel.builtin.installed import builtin_model
from labelplatform.projects.models import Project

AHEAD_DEFAULT = 3  # "Submit & next" every ~30 s or more, an embedding ~2 s: three ahead covers skips too
UPLOAD_MAX_ASSETS_DEFAULT = 200
# Assets per embedding job at upload: small enough that two workers share a big upload, large enough that
# the jobs list is not one row per image.
UPLOAD_BATCH = 8
KIND = "prelabel"  # the job kind that computes embeddings for a SAM-family backend (handlers.py)


def _setting(project: Project, key: str, default: int) -> int:
    value = project.settings.get(key, default)
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else default


def ahead_count(project: Project) -> int:
    return _setting(project, "embeddings_ahead", AHEAD_DEFAULT)


def warmed_pair() -> SamPair | None:
    """The backend worth warming: the built-in MobileSAM when this machine has it, else none."""
    return builtin_pair(mobilesam.NAME) if builtin_model(mobilesam.NAME) is not None else None


def embedding_jobs_pending(project: Project, backend: str, kind: str = KIND) -> list[Job]:
    """Queued or running jobs of `kind` (embeddings by default) for `backend` in the project."""
    return list(Job.objects.filter(kind=kind, project=project, params__backend=backend,
                                   status__in=[JobStatus.QUEUED, JobStatus.RUNNING]).order_by("id"))


def covering_job(jobs: Sequence[Job], asset_id: int) -> Job | None:
    """The first of `jobs` that computes `asset_id` (a job without asset_ids covers the whole project)."""
    for job in jobs:
        wanted = job.params.get("asset_ids")
        if wanted is None or asset_id in wanted:
            return job
    return None


def embeddings_warm(*, project: Project, groups: Sequence[Sequence[Asset]], batch: int) -> list[Job]:
    """Jobs of at most `batch` assets of one group each, for the assets not embedded and not covered by a
    pending job, in the order given (a job computes its first asset first). One query for the pending jobs."""
    pair = warmed_pair()
    if pair is None or not any(groups):
        return []
    pending = embedding_jobs_pending(project, pair.backend)
    seen: set[int] = set()
    jobs = []
    for group in groups:
        todo = []
        for asset in group:
            if asset.pk not in seen and covering_job(pending, asset.pk) is None \
                    and not sam_embedding_ready(pair, asset):
                todo.append(asset.pk)
            seen.add(asset.pk)
        jobs += [Job(kind=KIND, project=project, params={"backend": pair.backend, "asset_ids": todo[i:i + batch],
                                                         "ahead": True})
                 for i in range(0, len(todo), batch)]
    return jobs_create(jobs)  # one INSERT, sent together after commit


def upload_embedding_jobs(*, project: Project, assets: Sequence[Asset]) -> list[Job]:
    """Unsaved embedding jobs for an upload's new assets when the project has at most
    `embed_at_upload_max_assets` (counted with them: the caller stores the jobs in the upload's transaction).
    New rows have no embedding yet and no job names them, so only a pending job over the whole project
    (no asset_ids) covers them: one bounded read each for the size and for such a job."""
    limit = _setting(project, "embed_at_upload_max_assets", UPLOAD_MAX_ASSETS_DEFAULT)
    if not assets or limit == 0 or Asset.objects.filter(project=project).order_by()[limit:limit + 1].exists():
        return []
    pair = warmed_pair()
    if pair is None:
        return []
    whole = Q(params__asset_ids__isnull=True) | Q(params__asset_ids=None)
    if Job.objects.filter(whole, kind=KIND, project=project, params__backend=pair.backend,
                          status__in=[JobStatus.QUEUED, JobStatus.RUNNING]).exists():
        return []
    ids = [asset.pk for asset in assets]
    return [Job(kind=KIND, project=project, params={"backend": pair.backend, "asset_ids": ids[i:i + UPLOAD_BATCH],
                                                    "ahead": True})
            for i in range(0, len(ids), UPLOAD_BATCH)]


def embeddings_for_claim(*, project: Project, claimed: Asset, upcoming: Sequence[Asset]) -> list[Job]:
    """The claimed asset in a job of its own (it opens now), the upcoming ones together in another."""
    return embeddings_warm(project=project, groups=[[claimed], upcoming], batch=max(1, len(upcoming)))
