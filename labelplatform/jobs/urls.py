from django.urls import path

from labelplatform.jobs import apis

urlpatterns = [
    path("jobs/<int:job_id>", apis.JobDetailApi.as_view(), name="job-detail"),
    path("projects/<int:project_id>/jobs", apis.ProjectJobListApi.as_view(), name="project-jobs"),
]
