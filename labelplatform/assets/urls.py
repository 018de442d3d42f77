from django.urls import path

from labelplatform.assets import apis

urlpatterns = [
    path("projects/<int:project_id>/assets", apis.AssetListApi.as_view(), name="project-assets"),
    path("assets/<int:asset_id>", apis.AssetDetailApi.as_view(), name="asset-detail"),
    path("assets/<int:asset_id>/image", apis.AssetImageApi.as_view(), name="asset-image"),
    path("assets/<int:asset_id>/thumbnail", apis.AssetThumbnailApi.as_view(), name="asset-thumbnail"),
]
