"""The periodic sync (beat's buckets.sync_due): a job for each source not synced within the interval."""

from datetime import timedelta

from django.utils import timezone

from labelplatform.buckets.models import BucketSource
from labelplatform.buckets.tasks import sync_due
from labelplatform.jobs.models import Job


def test_sources_not_synced_within_the_interval_get_a_sync_job(attach, settings):
    settings.BUCKET_SYNC_INTERVAL_S = 3600
    never, recent = attach(), attach(name="recent")
    Job.objects.all().delete()
    # given one source never synced and one synced a minute ago
    BucketSource.objects.filter(pk=recent["id"]).update(last_sync=Job.objects.create(
        kind="bucket_sync", params={"source": recent["id"]}, status="succeeded"))
    Job.objects.filter(kind="bucket_sync").update(created_at=timezone.now() - timedelta(minutes=1))

    # when beat runs the task: only the first gets a job, and a second run adds none while it is queued
    assert sync_due() == 1
    queued = Job.objects.get(kind="bucket_sync", status="queued")
    assert queued.params == {"source": never["id"]}
    assert BucketSource.objects.get(pk=never["id"]).last_sync_id == queued.pk
    assert sync_due() == 0
    # an hour later the other one is due too
    Job.objects.filter(params__source=recent["id"]).update(created_at=timezone.now() - timedelta(hours=2))
    assert sync_due() == 1 and Job.objects.filter(params__source=recent["id"], status="queued").count() == 1


def test_an_interval_of_zero_turns_the_periodic_sync_off(attach, settings):
    attach()
    settings.BUCKET_SYNC_INTERVAL_S = 0
    assert sync_due() == 0 and not Job.objects.filter(kind="bucket_sync").exists()
