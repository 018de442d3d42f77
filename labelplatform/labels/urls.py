from django.urls import path

from labelplatform.labels import apis

urlpatterns = [
    path("assets/<int:asset_id>/labels", apis.AssetLabelsApi.as_view(), name="asset-labels"),
    path("labels/<int:label_id>", apis.LabelDetailApi.as_view(), name="label-detail"),
    path("labels/<int:label_id>/revisions", apis.LabelRevisionsApi.as_view(), name="label-revisions"),
    path("labels/<int:label_id>/revisions/<int:number>", apis.LabelRevisionDetailApi.as_view(),
         name="label-revision-detail"),
]
