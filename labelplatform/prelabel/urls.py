from django.urls import path

from labelplatform.prelabel import apis, builtin_apis

urlpatterns = [
    path("assets/<int:asset_id>/segment", apis.SegmentApi.as_view(), name="asset-segment"),
    path("assets/<int:asset_id>/embedding", builtin_apis.AssetEmbeddingApi.as_view(), name="asset-embedding"),
    path("assets/<int:asset_id>/proposals", builtin_apis.AssetProposalsApi.as_view(), name="asset-proposals"),
    path("prelabel/builtin", builtin_apis.BuiltinModelsApi.as_view(), name="prelabel-builtin"),
    path("prelabel/builtin/<str:name>/decoder.onnx", builtin_apis.BuiltinDecoderApi.as_view(),
         name="prelabel-builtin-decoder"),
    path("assets/<int:asset_id>/predictions", apis.AssetPredictionsApi.as_view(), name="asset-predictions"),
    path("projects/<int:project_id>/prelabel", apis.PrelabelApi.as_view(), name="project-prelabel"),
    path("projects/<int:project_id>/prelabel/train", apis.TrainApi.as_view(), name="project-prelabel-train"),
    path("projects/<int:project_id>/prelabel/stats", apis.PrelabelStatsApi.as_view(), name="project-prelabel-stats"),
    path("projects/<int:project_id>/models", apis.ModelsApi.as_view(), name="project-models"),
    path("projects/<int:project_id>/models/<int:model_id>", apis.ModelDetailApi.as_view(), name="model-detail"),
]
