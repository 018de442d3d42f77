from django.urls import path

from labelplatform.datasets import apis

urlpatterns = [
    path("projects/<int:project_id>/exports", apis.ExportStartApi.as_view(), name="project-exports"),
    path("projects/<int:project_id>/imports", apis.ImportStartApi.as_view(), name="project-imports"),
    path("projects/<int:project_id>/versions", apis.VersionListApi.as_view(), name="project-versions"),
    path("projects/<int:project_id>/versions/compare", apis.VersionCompareApi.as_view(), name="versions-compare"),
    path("projects/<int:project_id>/versions/<str:name>", apis.VersionDetailApi.as_view(), name="version-detail"),
    path("projects/<int:project_id>/labels", apis.ProjectLabelsApi.as_view(), name="project-labels"),
    path("jobs/<int:job_id>/result", apis.JobResultApi.as_view(), name="job-result"),
]
