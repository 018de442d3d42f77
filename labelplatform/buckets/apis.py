"""A project's bucket sources: managers only (they hold the customer's credentials)."""

from typing import Any

from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response

from labelplatform.access import MANAGERS, ProjectScopedView
from labelplatform.buckets import selectors, services
from labelplatform.buckets.models import BucketSource
from labelplatform.buckets.serializers import (
    BucketDetachInSerializer,
    BucketSourceInSerializer,
    BucketSourceOutSerializer,
)
from labelplatform.common.schema import errors
from labelplatform.jobs.serializers import JobOutSerializer
from labelplatform.projects.models import Project


class SourceListApi(ProjectScopedView):
    roles = {"GET": MANAGERS, "POST": MANAGERS}

    @extend_schema(responses=BucketSourceOutSerializer(many=True))
    def get(self, request: Request, project_id: int) -> Response:
        return Response(BucketSourceOutSerializer(selectors.sources_of(self.project), many=True).data)

    @extend_schema(request=BucketSourceInSerializer, responses={201: BucketSourceOutSerializer})
    def post(self, request: Request, project_id: int) -> Response:
        data = BucketSourceInSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        source = services.source_attach(project=self.project, user=self.user, **data.validated_data)
        return Response(BucketSourceOutSerializer(selectors.source_get(source.pk)).data, status=status.HTTP_201_CREATED)


class _OneSource(ProjectScopedView):
    source: BucketSource

    def resolve_project(self, **kwargs: Any) -> Project:
        self.source = selectors.source_get(kwargs["source_id"])
        return self.source.project


class SourceDetailApi(_OneSource):
    roles = {"GET": MANAGERS, "PATCH": MANAGERS, "DELETE": MANAGERS}

    @extend_schema(responses=BucketSourceOutSerializer)
    def get(self, request: Request, source_id: int) -> Response:
        return Response(BucketSourceOutSerializer(self.source).data)

    @extend_schema(request=BucketSourceInSerializer(partial=True), responses=BucketSourceOutSerializer)
    def patch(self, request: Request, source_id: int) -> Response:
        data = BucketSourceInSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        changes = {k: v for k, v in data.validated_data.items() if k in request.data}
        services.source_update(source=self.source, **changes)
        return Response(BucketSourceOutSerializer(selectors.source_get(self.source.pk)).data)

    @extend_schema(parameters=[OpenApiParameter("delete_assets", bool)],
                   responses={204: OpenApiResponse(description="source detached")})
    @errors(409)
    def delete(self, request: Request, source_id: int) -> Response:
        data = BucketDetachInSerializer(data=request.query_params)
        data.is_valid(raise_exception=True)
        services.source_detach(source=self.source, delete_assets=data.validated_data["delete_assets"])
        return Response(status=status.HTTP_204_NO_CONTENT)


class SourceSyncApi(_OneSource):
    roles = {"POST": MANAGERS}

    @extend_schema(request=None, responses={202: JobOutSerializer})
    @errors(409, 503)
    def post(self, request: Request, source_id: int) -> Response:
        job = services.sync_start(source=self.source, user=self.user)
        return Response(JobOutSerializer(job).data, status=status.HTTP_202_ACCEPTED)
