"""Gold standards, label scores, the project quality report and consensus choices."""

from typing import Any

from django.http import Http404
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from labelplatform.access import ANY_MEMBER, MANAGERS, ProjectScopedView
from labelplatform.assets.apis import AssetScopedView
from labelplatform.common.dates import PERIOD_PARAMETERS, date_range
from labelplatform.common.fields import StrictBooleanField, StrictFloatField, StrictIntegerField
from labelplatform.common.pagination import Pagination, paginated
from labelplatform.common.schema import errors
from labelplatform.flows.gold import asset_gold_remove, asset_gold_set
from labelplatform.labels.apis import LabelScopedView
from labelplatform.labels.models import Label
from labelplatform.projects.config import workflow_config
from labelplatform.projects.models import Role
from labelplatform.projects.serializers import UserBriefSerializer
from labelplatform.quality import selectors, services
from labelplatform.quality.models import ConsensusChoice, GoldStandard, Score, ScoreKind
from labelplatform.workflow.serializers import ReportPeriodSerializer

ANALYSTS = frozenset({Role.MANAGER, Role.REVIEWER, Role.VIEWER})
REVIEWERS = frozenset({Role.MANAGER, Role.REVIEWER})


class GoldInSerializer(serializers.Serializer[dict[str, Any]]):
    # A declared field, which DRF's metaclass takes off the class; the stubs read it as Field.label.
    label = StrictIntegerField(help_text="a submitted label of this asset: the reference")  # type: ignore[assignment]


class GoldOutSerializer(serializers.ModelSerializer[GoldStandard]):
    class Meta:
        model = GoldStandard
        fields = ["id", "asset", "label", "set_by", "created_at"]


class ScoreOutSerializer(serializers.ModelSerializer[Score]):
    class Meta:
        model = Score
        fields = ["kind", "class_id", "iou", "precision", "recall", "revision", "created_at"]


# Report shapes, for the schema only: selectors.quality_report builds the body.


class QualityFiguresSerializer(serializers.Serializer[dict[str, Any]]):
    labels = StrictIntegerField(help_text="number of scores averaged")
    iou = StrictFloatField()
    precision = StrictFloatField()
    recall = StrictFloatField()


class QualityByKindSerializer(serializers.Serializer[dict[str, Any]]):
    # null where no label was scored that way
    gold = QualityFiguresSerializer(allow_null=True)
    consensus = QualityFiguresSerializer(allow_null=True)


class LabelerQualitySerializer(QualityByKindSerializer):
    user = UserBriefSerializer()
    per_class = serializers.DictField(child=QualityByKindSerializer(), help_text="class id -> figures")


class ClassQualitySerializer(QualityByKindSerializer):
    name = serializers.CharField(help_text="name in the current ontology, empty if the class is gone")

    def get_fields(self) -> dict[str, serializers.Field[Any, Any, Any, Any]]:
        return {"class": StrictIntegerField(help_text="class id"), **super().get_fields()}  # a keyword


class QualityReportSerializer(ReportPeriodSerializer):
    gold_assets = StrictIntegerField()
    gold_until = serializers.DateField(
        allow_null=True, help_text="a labeler's own report counts gold scores made up to this day (UTC): "
                                   "today's show tomorrow; null: every gold score counts")
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
        gold = asset_gold_set(asset=self.asset, label_id=data.validated_data["label"], user=self.user)
        return Response(GoldOutSerializer(gold).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses={204: OpenApiResponse(description="no longer a gold standard")})
    def delete(self, request: Request, asset_id: int) -> Response:
        if not GoldStandard.objects.filter(asset=self.asset).exists():
            raise Http404("asset is not a gold standard")
        asset_gold_remove(asset=self.asset)
        return Response(status=status.HTTP_204_NO_CONTENT)


class ProjectGoldListApi(ProjectScopedView):
    roles = {"GET": MANAGERS}

    @extend_schema(responses=GoldOutSerializer(many=True))
    def get(self, request: Request, project_id: int) -> Response:
        return Response(GoldOutSerializer(self.scoped(GoldStandard), many=True).data)


class LabelScoresApi(LabelScopedView):
    roles = {"GET": ANY_MEMBER}

    """A labeler gets no gold rows: a score against a reference would say the asset is gold (docs/workflow.md)."""

    @extend_schema(responses=ScoreOutSerializer(many=True))
    def get(self, request: Request, label_id: int) -> Response:
        scores = Score.objects.filter(label=self.label)
        if self.role == Role.LABELER:
            scores = scores.exclude(kind=ScoreKind.GOLD)
        return Response(ScoreOutSerializer(scores.order_by("kind", "id"), many=True).data)


class ProjectQualityApi(ProjectScopedView):
    """Labelers see their own scores only, gold ones from the day before (gold_until); managers, reviewers and
    viewers see everyone's, all of them."""

    roles = {"GET": ANY_MEMBER}

    @extend_schema(parameters=PERIOD_PARAMETERS, responses=QualityReportSerializer)
    def get(self, request: Request, project_id: int) -> Response:
        only = None if self.role in ANALYSTS else self.user
        return Response(selectors.quality_report(project=self.project, period=date_range(request), only_user=only,
                                                 gold_before=timezone.now().date() if only else None))


class ConsensusPickInSerializer(serializers.Serializer[dict[str, Any]]):
    # A declared field, which DRF's metaclass takes off the class; the stubs read it as Field.label.
    label = StrictIntegerField(help_text="a submitted label of this asset, not your own: its answer")  # type: ignore[assignment]


class ConsensusChoiceOutSerializer(serializers.ModelSerializer[ConsensusChoice]):
    chosen_by = UserBriefSerializer(allow_null=True, help_text="null: chosen by agreement")

    class Meta:
        model = ConsensusChoice
        fields = ["label", "method", "chosen_by", "agreement", "updated_at"]


class ConsensusLabelSerializer(serializers.Serializer[dict[str, Any]]):
    id = StrictIntegerField()
    author = UserBriefSerializer()
    agreement = StrictFloatField(allow_null=True, help_text="overall consensus IoU; null: not scored yet")
    objects = StrictIntegerField(help_text="objects in the current revision")
    revision = StrictIntegerField()


class AssetConsensusOutSerializer(serializers.Serializer[dict[str, Any]]):
    labels_per_asset = StrictIntegerField()
    labels = ConsensusLabelSerializer(many=True, help_text="submitted labels, oldest first")
    choice = ConsensusChoiceOutSerializer(allow_null=True, help_text="the label exports take; null: none yet")
    needs_pick = StrictBooleanField()


class ConsensusAssetOutSerializer(serializers.Serializer[Any]):  # a page of consensus_assets (annotated Assets)
    asset = StrictIntegerField(source="pk")
    name = serializers.CharField()
    width = StrictIntegerField()
    height = StrictIntegerField()
    labels = StrictIntegerField(source="submitted", help_text="submitted labels")
    choice = ConsensusChoiceOutSerializer(source="consensus_choice", allow_null=True, default=None)
    agreement = StrictFloatField(source="consensus_choice.agreement", allow_null=True, default=None)
    needs_pick = serializers.SerializerMethodField()

    def get_needs_pick(self, asset: Any) -> bool:
        return selectors.needs_pick(getattr(asset, "consensus_choice", None), asset.submitted, self.context["config"])


class AssetConsensusApi(AssetScopedView):
    """Every member who may see the asset reads it (labelers restricted to their own label); reviewers and
    managers pick, never their own label."""

    roles = {"GET": ANY_MEMBER, "POST": REVIEWERS}

    def _answer(self, request: Request) -> Response:
        labels = self.scoped(Label)
        return Response(AssetConsensusOutSerializer(selectors.asset_consensus(asset=self.asset, labels=labels)).data)

    @extend_schema(responses=AssetConsensusOutSerializer)
    def get(self, request: Request, asset_id: int) -> Response:
        return self._answer(request)

    @extend_schema(request=ConsensusPickInSerializer, responses=AssetConsensusOutSerializer)
    @errors(409)
    def post(self, request: Request, asset_id: int) -> Response:
        data = ConsensusPickInSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.consensus_pick(asset=self.asset, label_id=data.validated_data["label"], user=self.user)
        return self._answer(request)


class ProjectConsensusApi(ProjectScopedView):
    """Consensus assets with all their labels in, lowest agreement first; ?needs_pick=true: those a reviewer
    should settle."""

    roles = {"GET": ANALYSTS}
    pagination_class = Pagination

    @extend_schema(operation_id="projects_consensus_list",
                   parameters=[OpenApiParameter("needs_pick", bool, description="true: only those wanting a pick; "
                                                "false: only the others")],
                   responses=ConsensusAssetOutSerializer(many=True))
    def get(self, request: Request, project_id: int) -> Response:
        wanted = request.query_params.get("needs_pick")
        if wanted not in (None, "true", "false"):
            raise ValidationError({"needs_pick": ["must be true or false"]})
        found = selectors.consensus_assets(project=self.project,
                                           needs_pick_only=None if wanted is None else wanted == "true")
        context = {"config": workflow_config(self.project.settings)}
        return paginated(request, found, lambda page: ConsensusAssetOutSerializer(page, many=True,
                                                                                 context=context).data, self)
