from django.urls import path

from labelplatform.quality import apis

urlpatterns = [
    path("assets/<int:asset_id>/gold", apis.AssetGoldApi.as_view(), name="asset-gold"),
    path("projects/<int:project_id>/gold", apis.ProjectGoldListApi.as_view(), name="project-gold"),
    path("projects/<int:project_id>/quality", apis.ProjectQualityApi.as_view(), name="project-quality"),
    path("assets/<int:asset_id>/consensus", apis.AssetConsensusApi.as_view(), name="asset-consensus"),
    path("projects/<int:project_id>/consensus", apis.ProjectConsensusApi.as_view(), name="project-consensus"),
    path("labels/<int:label_id>/scores", apis.LabelScoresApi.as_view(), name="label-scores"),
]
