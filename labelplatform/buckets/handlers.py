"""Job handlers of the buckets app."""

from typing import Any

from labelplatform.buckets.models import BucketSource
from labelplatform.buckets.s3 import BucketError
from labelplatform.buckets.sync import bucket_sync
from labelplatform.jobs.models import Job
from labelplatform.jobs.progress import Progress
from labelplatform.jobs.registry import job_handler


@job_handler("bucket_sync")
def sync(job: Job, progress: Progress) -> dict[str, Any]:
    source = BucketSource.objects.select_related("project", "created_by").filter(pk=job.params["source"]).first()
    if source is None:
        raise BucketError("the bucket source was detached")
    return bucket_sync(source, progress)
