from django.urls import path

from labelplatform.workflow import apis

urlpatterns = [
    path("projects/<int:project_id>/queue/next", apis.QueueNextApi.as_view(), name="queue-next"),
    path("projects/<int:project_id>/queue", apis.QueueSummaryApi.as_view(), name="queue-summary"),
    path("projects/<int:project_id>/claims", apis.ProjectClaimsApi.as_view(), name="project-claims"),
    path("projects/<int:project_id>/priorities", apis.ProjectPrioritiesApi.as_view(), name="project-priorities"),
    path("projects/<int:project_id>/stats", apis.ProjectStatsApi.as_view(), name="project-stats"),
    path("projects/<int:project_id>/reviews", apis.ProjectReviewsApi.as_view(), name="project-reviews"),
    path("claims/<int:claim_id>/heartbeat", apis.ClaimHeartbeatApi.as_view(), name="claim-heartbeat"),
    path("claims/<int:claim_id>/release", apis.ClaimReleaseApi.as_view(), name="claim-release"),
    path("claims/<int:claim_id>/skip", apis.ClaimSkipApi.as_view(), name="claim-skip"),
    path("labels/<int:label_id>/review", apis.LabelReviewApi.as_view(), name="label-review"),
    path("labels/<int:label_id>/reviews", apis.LabelReviewsApi.as_view(), name="label-reviews"),
    path("assets/<int:asset_id>/priority", apis.AssetPriorityApi.as_view(), name="asset-priority"),
]
