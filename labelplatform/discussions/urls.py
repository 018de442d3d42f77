from django.urls import path

from labelplatform.discussions import apis

urlpatterns = [
    path("assets/<int:asset_id>/threads", apis.AssetThreadsApi.as_view(), name="asset-threads"),
    path("projects/<int:project_id>/threads", apis.ProjectThreadsApi.as_view(), name="project-threads"),
    path("threads/<int:thread_id>", apis.ThreadDetailApi.as_view(), name="thread-detail"),
    path("threads/<int:thread_id>/comments", apis.ThreadCommentsApi.as_view(), name="thread-comments"),
    path("threads/<int:thread_id>/resolve", apis.ThreadResolveApi.as_view(), name="thread-resolve"),
    path("threads/<int:thread_id>/reopen", apis.ThreadReopenApi.as_view(), name="thread-reopen"),
]
