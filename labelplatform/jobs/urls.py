from django.urls import path

from labelplatform.jobs import apis

urlpatterns = [
    path("jobs/<int:job_id>", apis.JobDetailApi.as_view(), name="job-detail"),
    path("jobs/<int:job_id>/cancel", apis.JobCancelApi.as_view(), name="job-cancel"),
    path("jobs/<int:job_id>/retry", apis.JobRetryApi.as_view(), name="job-retry"),
    path("projects/<int:project_id>/jobs", apis.ProjectJobListApi.as_view(), name="project-jobs"),
]
