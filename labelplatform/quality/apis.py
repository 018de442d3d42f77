"""Gold standards, label scores and the project quality report."""

from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from labelplatform.assets.apis import AssetScopedView
from labelplatform.common.access import ANY_MEMBER, MANAGERS, ProjectScopedView
from labelplatform.common.dates import date_range
from labelplatform.labels.apis import LabelScopedView
from labelplatform.projects.models import Role
from labelplatform.projects.serializers import UserBriefSerializer
from labelplatform.quality import selectors, services
from labelplatform.quality.models import GoldStandard, Score
from labelplatform.workflow.serializers import ReportPeriodSerializer

ANALYSTS = frozenset({Role.MANAGER, Role.REVIEWER, Role.VIEWER})


class GoldInSerializer(serializers.Serializer):
    label = serializers.IntegerField(help_text="a submitted label of this asset: the reference")


class GoldOutSerializer(serializers.ModelSerializer):
    class Meta:
        model = GoldStandard
        fields = ["id", "asset", "label", "set_by", "created_at"]


class ScoreOutSerializer(serializers.ModelSerializer):
    class Meta:
        model = Score
        fields = ["kind", "class_id", "iou", "precision", "recall", "revision", "created_at"]


# Report shapes, for the schema only: selectors.quality_report builds the body.


class QualityFiguresSerializer(serializers.Serializer):
    labels = serializers.IntegerField(help_text="number of scores averaged")
    iou = serializers.FloatField()
    precision = serializers.FloatField()
    recall = serializers.FloatField()


class QualityByKindSerializer(serializers.Serializer):
    # null where no label was scored that way
    gold = QualityFiguresSerializer(allow_null=True)
    consensus = QualityFiguresSerializer(allow_null=True)


class LabelerQualitySerializer(QualityByKindSerializer):
    user = UserBriefSerializer()
    per_class = serializers.DictField(child=QualityByKindSerializer(), help_text="class id -> figures")


class ClassQualitySerializer(QualityByKindSerializer):
    name = serializers.CharField(help_text="name in the current ontology, empty if the class is gone")

    def get_fields(self) -> dict[str, serializers.Field]:
        return {"class": serializers.IntegerField(help_text="class id"), **super().get_fields()}  # a keyword


class QualityReportSerializer(ReportPeriodSerializer):
    gold_assets = serializers.IntegerField()
    project = QualityByKindSerializer()
    labelers = LabelerQualitySerializer(many=True)
    classes = ClassQualitySerializer(many=True)


class AssetGoldApi(AssetScopedView):
    """Gold references are for managers only: labelers must not learn which assets are benchmarks."""

    roles = {"GET": MANAGERS, "POST": MANAGERS, "DELETE": MANAGERS}

    @extend_schema(responses=GoldOutSerializer)
    def get(self, request: Request, asset_id: int) -> Response:
        gold = GoldStandard.objects.filter(asset=self.asset).first()
        if gold is None:
            raise Http404("asset is not a gold standard")
        return Response(GoldOutSerializer(gold).data)

    @extend_schema(request=GoldInSerializer, responses={201: GoldOutSerializer})
    def post(self, request: Request, asset_id: int) -> Response:
        data = GoldInSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        gold = services.gold_set(asset=self.asset, label_id=data.validated_data["label"], user=request.user)
        return Response(GoldOutSerializer(gold).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses={204: OpenApiResponse(description="no longer a gold standard")})
    def delete(self, request: Request, asset_id: int) -> Response:
        if not GoldStandard.objects.filter(asset=self.asset).exists():
            raise Http404("asset is not a gold standard")
        services.gold_remove(asset=self.asset)
        return Response(status=status.HTTP_204_NO_CONTENT)


class ProjectGoldListApi(ProjectScopedView):
    roles = {"GET": MANAGERS}

    @extend_schema(responses=GoldOutSerializer(many=True))
    def get(self, request: Request, project_id: int) -> Response:
        return Response(GoldOutSerializer(GoldStandard.objects.filter(project=self.project), many=True).data)


class LabelScoresApi(LabelScopedView):
    roles = {"GET": ANY_MEMBER}

    @extend_schema(responses=ScoreOutSerializer(many=True))
    def get(self, request: Request, label_id: int) -> Response:
        return Response(ScoreOutSerializer(Score.objects.filter(label=self.label).order_by("kind", "id"),
                                           many=True).data)


class ProjectQualityApi(ProjectScopedView):
    """Labelers see their own scores only; managers, reviewers and viewers see everyone."""

    roles = {"GET": ANY_MEMBER}

    @extend_schema(parameters=[OpenApiParameter("from", str), OpenApiParameter("to", str)],
                   responses=QualityReportSerializer)
    def get(self, request: Request, project_id: int) -> Response:
        only = None if self.role in ANALYSTS else request.user
        return Response(selectors.quality_report(project=self.project, period=date_range(request), only_user=only))
