"""Dataset endpoints: exports, imports, versions, the streaming labels API and job results."""

from typing import Any

from django.http import Http404, HttpResponseBase
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response

from labelplatform.access import ANY_MEMBER, MANAGERS, REVIEWERS, ProjectScopedView
from labelplatform.assets.media import serve_media
from labelplatform.common.pagination import Pagination, paginated
from labelplatform.common.parsers import FormParser, LimitedJSONParser, MultiPartParser
from labelplatform.common.schema import errors
from labelplatform.datasets import services
from labelplatform.datasets.importing.start import ImportRequest, import_start
from labelplatform.datasets.models import DatasetVersion
from labelplatform.datasets.serializers import (
    CompareInSerializer,
    ExportInSerializer,
    ImportInSerializer,
    VersionDetailSerializer,
    VersionInSerializer,
    VersionOutSerializer,
)
from labelplatform.datasets.streaming import labels_page
from labelplatform.jobs.models import Job, JobStatus
from labelplatform.jobs.serializers import JobOutSerializer
from labelplatform.labels.models import LabelStatus
from labelplatform.projects.models import Project


class ExportStartApi(ProjectScopedView):
    roles = {"POST": MANAGERS}

    @extend_schema(request=ExportInSerializer, responses={202: JobOutSerializer})
    @errors(503)
    def post(self, request: Request, project_id: int) -> Response:
        data = ExportInSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        job = services.export_start(project=self.project, user=self.user,
                                    request=services.ExportRequest(**data.validated_data))
        return Response(JobOutSerializer(job).data, status=status.HTTP_202_ACCEPTED)


class ImportStartApi(ProjectScopedView):
    roles = {"POST": MANAGERS}
    parser_classes = [MultiPartParser, FormParser, LimitedJSONParser]

    @extend_schema(request={"multipart/form-data": ImportInSerializer, "application/json": ImportInSerializer},
                   responses={202: JobOutSerializer})
    @errors(503)
    def post(self, request: Request, project_id: int) -> Response:
        data = ImportInSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        job = import_start(project=self.project, user=self.user, request=ImportRequest(**data.validated_data))
        return Response(JobOutSerializer(job).data, status=status.HTTP_202_ACCEPTED)


class VersionListApi(ProjectScopedView):
    pagination_class = Pagination
    roles = {"GET": ANY_MEMBER, "POST": MANAGERS}

    @extend_schema(responses=VersionOutSerializer(many=True))
    def get(self, request: Request, project_id: int) -> Response:
        versions = DatasetVersion.objects.filter(project=self.project).select_related("created_by")
        return paginated(request, versions, lambda page: VersionOutSerializer(page, many=True).data, self)

    @extend_schema(request=VersionInSerializer, responses={201: VersionDetailSerializer})
    @errors(409)
    def post(self, request: Request, project_id: int) -> Response:
        data = VersionInSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        version = services.version_create(project=self.project, user=self.user, **data.validated_data)
        return Response(VersionDetailSerializer(version).data, status=status.HTTP_201_CREATED)


class VersionDetailApi(ProjectScopedView):
    roles = {"GET": ANY_MEMBER, "DELETE": MANAGERS}

    @extend_schema(responses=VersionDetailSerializer)
    def get(self, request: Request, project_id: int, name: str) -> Response:
        version = get_object_or_404(DatasetVersion, project=self.project, name=name)
        return Response(VersionDetailSerializer(version).data)

    @extend_schema(responses={204: None})
    @errors(409)
    def delete(self, request: Request, project_id: int, name: str) -> Response:
        services.version_delete(project=self.project, name=name)
        return Response(status=status.HTTP_204_NO_CONTENT)


class VersionCompareApi(ProjectScopedView):
    """Starts a `compare` job: matching every changed asset's objects can take long on big versions.

    Managers and reviewers: the result names every changed asset and object of both versions,
    which only people who see every label may read, and the job is worker time, which viewers
    (read only) and labelers (who label) do not spend."""

    roles = {"POST": REVIEWERS}

    @extend_schema(request=CompareInSerializer, responses={202: JobOutSerializer})
    @errors(503)
    def post(self, request: Request, project_id: int) -> Response:
        data = CompareInSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        job = services.compare_start(project=self.project, user=self.user, **data.validated_data)
        return Response(JobOutSerializer(job).data, status=status.HTTP_202_ACCEPTED)


class ProjectLabelsApi(ProjectScopedView):
    """Cursor-paginated labels on (updated_at, id); `since` pulls only what changed after a time."""

    @extend_schema(parameters=[OpenApiParameter("since", OpenApiTypes.DATETIME,
                                                description="RFC 3339 time, e.g. 2025-01-31T12:00:00Z"),
                               OpenApiParameter("status", str, enum=LabelStatus.values),
                               OpenApiParameter("cursor", str),
                               OpenApiParameter("page_size", {"type": "integer", "minimum": 1})],
                   responses={200: OpenApiTypes.OBJECT})
    def get(self, request: Request, project_id: int) -> Response:
        return labels_page(request, self.project, self)


class JobResultApi(ProjectScopedView):
    """The job's result file, for members of the job's project; a labeler only that of a job they started
    (Job.result_offered_to)."""

    def resolve_project(self, **kwargs: Any) -> Project:
        self.job = get_object_or_404(Job.objects.select_related("project"), pk=kwargs["job_id"])
        if self.job.project is None:
            raise Http404("job not found")
        return self.job.project

    @extend_schema(responses={(200, "application/zip"): bytes})
    def get(self, request: Request, job_id: int) -> HttpResponseBase:
        if not self.job.result_offered_to(self.user.pk, self.role):
            raise Http404("job not found")
        if self.job.status != JobStatus.SUCCEEDED or not self.job.result_file:
            raise Http404(f"job {self.job.pk} has no result file (status {self.job.status})")
        return serve_media(self.job.result_file, download_name=self.job.result_file.rsplit("/", 1)[-1])

