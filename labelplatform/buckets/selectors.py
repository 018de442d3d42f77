from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404

from labelplatform.buckets.models import BucketSource
from labelplatform.projects.models import Project


def _counted(sources: QuerySet[BucketSource]) -> QuerySet[BucketSource]:
    return sources.select_related("last_sync").annotate(
        object_count=Count("bucket_objects"),
        missing_count=Count("bucket_objects", filter=Q(bucket_objects__missing=True)))


def sources_of(project: Project) -> QuerySet[BucketSource]:
    return _counted(BucketSource.objects.filter(project=project))


def source_get(source_id: int) -> BucketSource:
    return get_object_or_404(_counted(BucketSource.objects.select_related("project")), pk=source_id)
