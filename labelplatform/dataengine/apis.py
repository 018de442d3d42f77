"""Data engine endpoints: its state, and starting training, pre-labeling and synthesis (managers)."""

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response

from labelplatform.access import MANAGERS, ProjectScopedView
from labelplatform.common.schema import errors
from labelplatform.dataengine import selectors, services
from labelplatform.dataengine.serializers import (
    EnginePrelabelInSerializer,
    EngineTrainInSerializer,
    SynthesizeInSerializer,
)
from labelplatform.jobs.serializers import JobOutSerializer


class EngineApi(ProjectScopedView):
    @extend_schema(responses={200: dict})
    def get(self, request: Request, project_id: int) -> Response:
        return Response(selectors.engine_summary(self.project))


class EngineTrainApi(ProjectScopedView):
    roles = {"POST": MANAGERS}

    @extend_schema(request=EngineTrainInSerializer, responses={202: JobOutSerializer})
    @errors(503)
    def post(self, request: Request, project_id: int) -> Response:
        data = EngineTrainInSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        job = services.engine_train_start(project=self.project, user=self.user,
                                          synthetic=data.validated_data["synthetic"])
        return Response(JobOutSerializer(job).data, status=status.HTTP_202_ACCEPTED)


class EnginePrelabelApi(ProjectScopedView):
    roles = {"POST": MANAGERS}

    @extend_schema(request=EnginePrelabelInSerializer, responses={202: JobOutSerializer})
    @errors(503)
    def post(self, request: Request, project_id: int) -> Response:
        data = EnginePrelabelInSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        job = services.engine_prelabel_start(project=self.project, user=self.user,
                                             asset_ids=data.validated_data.get("assets"))
        return Response(JobOutSerializer(job).data, status=status.HTTP_202_ACCEPTED)


class SynthesizeApi(ProjectScopedView):
    roles = {"POST": MANAGERS}

    @extend_schema(request=SynthesizeInSerializer, responses={202: JobOutSerializer})
    @errors(503)
    def post(self, request: Request, project_id: int) -> Response:
        data = SynthesizeInSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        job = services.synthesize_start(project=self.project, user=self.user, count=values["count"],
                                        classes=values.get("classes"), backgrounds=values.get("backgrounds"),
                                        seed=values["seed"])
        return Response(JobOutSerializer(job).data, status=status.HTTP_202_ACCEPTED)
