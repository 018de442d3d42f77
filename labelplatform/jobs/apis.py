from django.http import Http404
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework.request import Request
from rest_framework.response import Response

from labelplatform.access import ProjectScopedView
from labelplatform.common.pagination import paginated
from labelplatform.jobs.models import Job
from labelplatform.jobs.serializers import JobOutSerializer
from labelplatform.projects.models import Project


class JobDetailApi(ProjectScopedView):
    def resolve_project(self, **kwargs: object) -> Project:
        self.job = get_object_or_404(Job.objects.select_related("project"), pk=kwargs["job_id"])
        if self.job.project is None:
            raise Http404("job not found")  # project-less jobs are internal
        return self.job.project

    @extend_schema(responses=JobOutSerializer)
    def get(self, request: Request, job_id: int) -> Response:
        return Response(JobOutSerializer(self.job).data)


class ProjectJobListApi(ProjectScopedView):
    @extend_schema(responses=JobOutSerializer(many=True))
    def get(self, request: Request, project_id: int) -> Response:
        jobs = self.scoped(Job)
        kinds = [k for k in request.query_params.get("kind", "").split(",") if k]
        if kinds:  # ?kind=export,import
            jobs = jobs.filter(kind__in=kinds)
        return paginated(request, jobs, lambda page: JobOutSerializer(page, many=True).data, self)
