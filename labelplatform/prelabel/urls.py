from django.urls import path

from labelplatform.prelabel import apis

urlpatterns = [
    path("assets/<int:asset_id>/segment", apis.SegmentApi.as_view(), name="asset-segment"),
    path("assets/<int:asset_id>/predictions", apis.AssetPredictionsApi.as_view(), name="asset-predictions"),
    path("projects/<int:project_id>/prelabel", apis.PrelabelApi.as_view(), name="project-prelabel"),
    path("projects/<int:project_id>/prelabel/train", apis.TrainApi.as_view(), name="project-prelabel-train"),
    path("projects/<int:project_id>/prelabel/stats", apis.PrelabelStatsApi.as_view(), name="project-prelabel-stats"),
    path("projects/<int:project_id>/models", apis.ModelsApi.as_view(), name="project-models"),
    path("projects/<int:project_id>/models/<int:model_id>", apis.ModelDetailApi.as_view(), name="model-detail"),
]
