"""Asset endpoints: upload, list, metadata, and the checked image and thumbnail bytes."""

from typing import Any

from django.http import Http404, HttpResponseBase
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response

from labelplatform.access import (
    ANY_MEMBER,
    MANAGERS,
    ProjectScopedView,
    caller_columns,
    gold_masked,
    labeler_gold_view,
    visible_assets,
)
from labelplatform.assets import selectors
from labelplatform.assets.media import serve_media
from labelplatform.assets.models import Asset, AssetStatus
from labelplatform.assets.serializers import AssetOutSerializer, UploadSerializer
from labelplatform.common.joined_row import joined_row
from labelplatform.common.pagination import Pagination, paginated
from labelplatform.common.parsers import FormParser, MultiPartParser
from labelplatform.flows.embeddings import assets_upload_embedded
from labelplatform.projects.models import Project


class AssetListApi(ProjectScopedView):
    pagination_class = Pagination
    roles = {"GET": ANY_MEMBER, "POST": MANAGERS}
    parser_classes = [MultiPartParser, FormParser]
    body_limit_setting = "MAX_UPLOAD_REQUEST_BYTES"  # checked before the body is read (common/middleware.py)

    @extend_schema(parameters=[OpenApiParameter("status", str, enum=AssetStatus.values)],
                   responses=AssetOutSerializer(many=True))
    def get(self, request: Request, project_id: int) -> Response:
        status_asked = request.query_params.get("status")
        # A labeler's gold assets show (and filter by) the status of their own work: gold stays hidden.
        seen = labeler_gold_view(self.user, self.role, self.project)
        assets = selectors.assets_of(self.project, status_asked, {pk: shown for pk, (shown, _) in seen.items()})
        assets = visible_assets(assets, self.user, self.role, self.project)
        return paginated(request, assets, lambda page: gold_masked(AssetOutSerializer(page, many=True).data, seen),
                         self)

    @extend_schema(request={"multipart/form-data": UploadSerializer},
                   responses={201: AssetOutSerializer(many=True)})
    def post(self, request: Request, project_id: int) -> Response:
        files = request.FILES.getlist("files")
        assets = assets_upload_embedded(project=self.project, user=self.user, files=files)
        out = AssetOutSerializer(assets, many=True, context={"just_created": True})
        return Response(out.data, status=status.HTTP_201_CREATED)


class AssetScopedView(ProjectScopedView):
    """Views under assets/{id}: the project comes from the asset."""

    asset: Asset

    def resolve_project(self, **kwargs: Any) -> Project:
        extras, params = caller_columns(self.user, "project", "base")
        found = joined_row(Asset, kwargs["asset_id"], ("project",), extras, params)
        if found is None:
            raise NotFound("asset not found")
        self.asset = found.row
        self.caller_role = found.extras["caller_role"]  # checked by ProjectScopedView, with caller_handed
        self.caller_handed = found.extras["caller_handed"]
        return self.asset.project


class AssetDetailApi(AssetScopedView):
    @extend_schema(responses=AssetOutSerializer)
    def get(self, request: Request, asset_id: int) -> Response:
        out = AssetOutSerializer(self.asset).data
        if self.asset.status == AssetStatus.DONE:  # as every gold asset is
            gold_masked(out, labeler_gold_view(self.user, self.role, self.project, [self.asset.pk]))
        return Response(out)


class AssetImageApi(AssetScopedView):
    @extend_schema(responses={(200, "image/*"): bytes})
    def get(self, request: Request, asset_id: int) -> HttpResponseBase:
        return serve_media(self.asset.file)


class AssetThumbnailApi(AssetScopedView):
    @extend_schema(responses={(200, "image/*"): bytes})
    def get(self, request: Request, asset_id: int) -> HttpResponseBase:
        if not self.asset.thumbnail:
            raise Http404("thumbnail not ready")
        return serve_media(self.asset.thumbnail)
