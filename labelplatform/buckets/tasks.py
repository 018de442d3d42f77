from celery import shared_task

from labelplatform.buckets.services import syncs_due


@shared_task(name="buckets.sync_due", ignore_result=True)
def sync_due() -> int:
    """Beat: a sync job for every source not synced in BUCKET_SYNC_INTERVAL_S (services.syncs_due)."""
    return syncs_due()
