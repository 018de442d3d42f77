"""Pre-labeling endpoints: interactive segment, predictions, jobs, models and acceptance stats."""

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from labelplatform.access import ANY_MEMBER, EDITORS, MANAGERS, ProjectScopedView
from labelplatform.assets.apis import AssetScopedView
from labelplatform.common.parsers import FormParser, LimitedJSONParser, MultiPartParser
from labelplatform.common.schema import NOT_READY, RETRY_AFTER, errors
from labelplatform.jobs.serializers import JobOutSerializer
from labelplatform.prelabel import registration, selectors, services
from labelplatform.prelabel.models import RegisteredModel, TrainedModel
from labelplatform.prelabel.segmentation import segment_asset
from labelplatform.prelabel.serializers import (
    ModelRegisterSerializer,
    PredictionOutSerializer,
    PrelabelInSerializer,
    SegmentInSerializer,
    prediction_out,
    registered_out,
    trained_out,
)


class SegmentApi(AssetScopedView):
    roles = {"POST": EDITORS}

    @extend_schema(request=SegmentInSerializer, parameters=[RETRY_AFTER], responses={200: dict, 202: NOT_READY})
    def post(self, request: Request, asset_id: int) -> Response:
        data = SegmentInSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        prompt = data.prompt(self.asset.width, self.asset.height)
        return Response(segment_asset(asset=self.asset, backend=data.validated_data.get("backend"), prompt=prompt))


class AssetPredictionsApi(AssetScopedView):
    @extend_schema(responses=PredictionOutSerializer(many=True))
    def get(self, request: Request, asset_id: int) -> Response:
        return Response([prediction_out(p) for p in selectors.predictions_of(self.asset)])


class PrelabelApi(ProjectScopedView):
    roles = {"POST": MANAGERS}

    @extend_schema(request=PrelabelInSerializer, responses={202: JobOutSerializer})
    @errors(503)
    def post(self, request: Request, project_id: int) -> Response:
        data = PrelabelInSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        job = services.prelabel_start(project=self.project, user=self.user, backend=data.validated_data["backend"],
                                      asset_ids=data.validated_data.get("assets"))
        return Response(JobOutSerializer(job).data, status=status.HTTP_202_ACCEPTED)


class TrainApi(ProjectScopedView):
    roles = {"POST": MANAGERS}

    @extend_schema(request=None, responses={202: JobOutSerializer})
    @errors(503)
    def post(self, request: Request, project_id: int) -> Response:
        job = services.train_start(project=self.project, user=self.user)
        return Response(JobOutSerializer(job).data, status=status.HTTP_202_ACCEPTED)


class PrelabelStatsApi(ProjectScopedView):
    @extend_schema(responses={200: dict})
    def get(self, request: Request, project_id: int) -> Response:
        trained = self.scoped(TrainedModel).order_by("version")
        return Response({**selectors.acceptance_stats(self.project),
                         "trained_versions": [trained_out(m) for m in trained]})


class ModelsApi(ProjectScopedView):
    roles = {"GET": ANY_MEMBER, "POST": MANAGERS}
    parser_classes = [MultiPartParser, FormParser, LimitedJSONParser]

    @extend_schema(operation_id="projects_models_list", responses={200: dict})
    def get(self, request: Request, project_id: int) -> Response:
        return Response({
            "registered": [registered_out(m) for m in self.scoped(RegisteredModel)],
            "trained": [trained_out(m) for m in self.scoped(TrainedModel)],
        })

    @extend_schema(request={"multipart/form-data": ModelRegisterSerializer}, responses={201: dict})
    def post(self, request: Request, project_id: int) -> Response:
        data = ModelRegisterSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        files: dict[str, Any] = {role: request.FILES[role] for role in ("model", "encoder", "decoder")
                                 if role in request.FILES}
        unknown = sorted(set(request.FILES) - {"model", "encoder", "decoder"})
        if unknown:
            raise ValidationError({"files": [f"unknown file fields {unknown}: use model, or encoder and decoder"]})
        model = registration.model_register(project=self.project, user=self.user, files=files,
                                            **data.validated_data)
        return Response(registered_out(model), status=status.HTTP_201_CREATED)


class ModelDetailApi(ProjectScopedView):
    roles = {"GET": ANY_MEMBER, "DELETE": MANAGERS}

    def _model(self, model_id: int) -> RegisteredModel:
        model = self.scoped(RegisteredModel).filter(pk=model_id).first()
        if model is None:
            raise NotFound(f"no registered model {model_id} in this project")
        return model

    @extend_schema(responses={200: dict})
    def get(self, request: Request, project_id: int, model_id: int) -> Response:
        return Response(registered_out(self._model(model_id)))

    @extend_schema(responses={204: None})
    @errors(409)
    def delete(self, request: Request, project_id: int, model_id: int) -> Response:
        registration.model_delete(project=self.project, model_id=model_id)
        return Response(status=status.HTTP_204_NO_CONTENT)
