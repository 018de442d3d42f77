"""Job handlers of the assets app."""

from labelplatform.assets.models import Asset
from labelplatform.assets.services import thumbnail_make
from labelplatform.jobs.models import Job
from labelplatform.jobs.progress import Progress
from labelplatform.jobs.registry import job_handler


@job_handler("thumbnails")
def thumbnails(job: Job, progress: Progress) -> dict[str, int]:
    ids = list(job.params.get("asset_ids", []))
    progress.set_total(len(ids))
    made = 0
    for asset in Asset.objects.filter(pk__in=ids).iterator():
        thumbnail_make(asset=asset)
        made += 1
        progress.advance()
    return {"thumbnails": made}
