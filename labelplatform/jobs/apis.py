from django.http import Http404
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response

from labelplatform.access import ANY_MEMBER, ProjectScopedView
from labelplatform.common.pagination import Pagination, paginated
from labelplatform.common.schema import errors
from labelplatform.jobs.models import Job
from labelplatform.jobs.serializers import JobOutSerializer
from labelplatform.jobs.services import job_cancel, job_retry
from labelplatform.projects.models import Project, Role


def reader_context(view: ProjectScopedView) -> dict[str, tuple[int, Role | None]]:
    """JobOutSerializer's context: who reads, so a result file not theirs is offered no download."""
    return {"reader": (view.user.pk, view.role)}


class JobScopedView(ProjectScopedView):
    def resolve_project(self, **kwargs: object) -> Project:
        self.job = get_object_or_404(Job.objects.select_related("project"), pk=kwargs["job_id"])
        if self.job.project is None:
            raise Http404("job not found")  # project-less jobs are internal
        return self.job.project


class JobDetailApi(JobScopedView):
    @extend_schema(responses=JobOutSerializer)
    def get(self, request: Request, job_id: int) -> Response:
        return Response(JobOutSerializer(self.job, context=reader_context(self)).data)


class JobControlApi(JobScopedView):
    """Cancel and retry: the job's creator or a manager of its project."""

    roles = {"POST": ANY_MEMBER}

    def initial(self, request: Request, *args: object, **kwargs: object) -> None:
        super().initial(request, *args, **kwargs)
        if self.job.created_by_id != request.user.pk and self.role != Role.MANAGER:
            raise PermissionDenied("only the job's creator or a project manager may do this")


class JobCancelApi(JobControlApi):
    @extend_schema(request=None, responses=JobOutSerializer)
    @errors(409)
    def post(self, request: Request, job_id: int) -> Response:
        return Response(JobOutSerializer(job_cancel(job=self.job, user=self.user)).data)


class JobRetryApi(JobControlApi):
    @extend_schema(request=None, responses=JobOutSerializer)
    @errors(409, 503)
    def post(self, request: Request, job_id: int) -> Response:
        return Response(JobOutSerializer(job_retry(job=self.job)).data)


class ProjectJobListApi(ProjectScopedView):
    pagination_class = Pagination

    @extend_schema(responses=JobOutSerializer(many=True))
    def get(self, request: Request, project_id: int) -> Response:
        jobs = self.scoped(Job)
        kinds = [k for k in request.query_params.get("kind", "").split(",") if k]
        if kinds:  # ?kind=export,import
            jobs = jobs.filter(kind__in=kinds)
        return paginated(request, jobs,
                         lambda page: JobOutSerializer(page, many=True, context=reader_context(self)).data, self)
