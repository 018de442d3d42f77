from django.urls import path

from labelplatform.sequences import apis

urlpatterns = [
    path("projects/<int:project_id>/sequences", apis.SequenceListApi.as_view(), name="project-sequences"),
    path("sequences/<int:sequence_id>", apis.SequenceDetailApi.as_view(), name="sequence-detail"),
    path("sequences/<int:sequence_id>/frames", apis.SequenceFramesApi.as_view(), name="sequence-frames"),
    path("sequences/<int:sequence_id>/tracks", apis.TrackListApi.as_view(), name="sequence-tracks"),
    path("sequences/<int:sequence_id>/tracks/<int:track>", apis.TrackDetailApi.as_view(), name="sequence-track"),
    path(
        "sequences/<int:sequence_id>/frames/<int:index>/correct",
        apis.FrameCorrectApi.as_view(),
        name="sequence-frame-correct",
    ),
    path(
        "sequences/<int:sequence_id>/frames/<int:index>/repropagate",
        apis.FrameRepropagateApi.as_view(),
        name="sequence-frame-repropagate",
    ),
    path("assets/<int:asset_id>/frame", apis.AssetFrameApi.as_view(), name="asset-frame"),
    path("sequences/<int:sequence_id>/propagate", apis.PropagateApi.as_view(), name="sequence-propagate"),
]
