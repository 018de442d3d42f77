from django.urls import path

from labelplatform.buckets import apis

urlpatterns = [
    path("projects/<int:project_id>/buckets", apis.SourceListApi.as_view(), name="project-buckets"),
    path("buckets/<int:source_id>", apis.SourceDetailApi.as_view(), name="bucket-detail"),
    path("buckets/<int:source_id>/sync", apis.SourceSyncApi.as_view(), name="bucket-sync"),
]
