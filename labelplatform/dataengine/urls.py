from django.urls import path

from labelplatform.dataengine import apis

urlpatterns = [
    path("projects/<int:project_id>/dataengine", apis.EngineApi.as_view(), name="project-dataengine"),
    path("projects/<int:project_id>/dataengine/train", apis.EngineTrainApi.as_view(), name="project-dataengine-train"),
    path("projects/<int:project_id>/dataengine/prelabel", apis.EnginePrelabelApi.as_view(),
         name="project-dataengine-prelabel"),
    path("projects/<int:project_id>/dataengine/synthesize", apis.SynthesizeApi.as_view(),
         name="project-dataengine-synthesize"),
]
