"""Queue, claims, reviews, priorities and people stats."""

from typing import Any

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, inline_serializer
from rest_framework import status
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from labelplatform.access import ANY_MEMBER, EDITORS, MANAGERS, ProjectScopedView, gold_masked, labeler_gold_view
from labelplatform.assets.apis import AssetScopedView
from labelplatform.assets.models import AssetStatus
from labelplatform.assets.serializers import AssetOutSerializer
from labelplatform.common.dates import PERIOD_PARAMETERS, date_range
from labelplatform.common.fields import StrictIntegerField
from labelplatform.common.pagination import Pagination, paginated
from labelplatform.common.schema import errors
from labelplatform.flows.embeddings import queue_next_prepared
from labelplatform.labels.apis import LabelScopedView
from labelplatform.projects.models import Project, Role
from labelplatform.workflow import reviews, selectors, services
from labelplatform.workflow.models import Claim, Stage
from labelplatform.workflow.serializers import (
    ClaimOutSerializer,
    PrioritiesInSerializer,
    PriorityInSerializer,
    ProjectReviewOutSerializer,
    ProjectStatsSerializer,
    QueueNextOutSerializer,
    QueueSummarySerializer,
    ReviewInSerializer,
    ReviewOutSerializer,
    SkipInSerializer,
    queue_answer,
)
from labelplatform.workflow.stats import project_stats

REVIEWERS = frozenset({Role.MANAGER, Role.REVIEWER})
ANALYSTS = frozenset({Role.MANAGER, Role.REVIEWER, Role.VIEWER})


def _stages(request: Request, role: Role) -> list[str]:
    """Reviewers and managers get review work first, then labeling; ?stage= picks one."""
    asked = request.query_params.get("stage")
    if asked is None:
        return [Stage.REVIEW, Stage.LABEL] if role in REVIEWERS else [Stage.LABEL]
    if asked not in Stage.values:
        raise ValidationError({"stage": [f"must be one of {', '.join(Stage.values)}"]})
    if asked == Stage.REVIEW and role not in REVIEWERS:
        raise PermissionDenied(f"your role '{role}' may not review in project")
    return [asked]


class QueueNextApi(ProjectScopedView):
    roles = {"POST": EDITORS}

    @extend_schema(request=None, parameters=[OpenApiParameter("stage", str, enum=Stage.values)],
                   responses={200: QueueNextOutSerializer, 204: OpenApiResponse(description="nothing to do")})
    def post(self, request: Request, project_id: int) -> Response:
        served = queue_next_prepared(project=self.project, user=self.user, stages=_stages(request, self.role))
        if served is None:
            return Response(status=status.HTTP_204_NO_CONTENT)
        answer = queue_answer(served)
        if answer["asset"]["status"] == AssetStatus.DONE:  # as every gold asset is: no query on the hot path
            gold_masked(answer["asset"], labeler_gold_view(self.user, self.role, self.project, [served.claim.asset_id]))
        return Response(answer)


class QueueSummaryApi(ProjectScopedView):
    roles = {"GET": ANY_MEMBER}

    @extend_schema(responses=QueueSummarySerializer)
    def get(self, request: Request, project_id: int) -> Response:
        return Response(selectors.queue_summary(project=self.project, user=self.user,
                                                shown=labeler_gold_view(self.user, self.role, self.project)))


class ProjectClaimsApi(ProjectScopedView):
    roles = {"GET": MANAGERS}

    @extend_schema(responses=ClaimOutSerializer(many=True))
    def get(self, request: Request, project_id: int) -> Response:
        claims = selectors.open_claims(project=self.project)
        return Response(ClaimOutSerializer(claims, many=True).data)


class ClaimScopedView(ProjectScopedView):
    """Views under claims/{id}: the project comes from the claim; only its holder may act on it."""

    roles = {"POST": ANY_MEMBER}
    managers_may_act = False

    def resolve_project(self, **kwargs: Any) -> Project:
        self.claim = get_object_or_404(Claim.objects.select_related("project"), pk=kwargs["claim_id"])
        return self.claim.project

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)
        if self.claim.user_id != self.user.pk and not (self.managers_may_act and self.role == Role.MANAGER):
            raise PermissionDenied(f"claim {self.claim.pk} is held by someone else")


class ClaimHeartbeatApi(ClaimScopedView):
    @extend_schema(request=None, responses=ClaimOutSerializer)
    @errors(409)
    def post(self, request: Request, claim_id: int) -> Response:
        return Response(ClaimOutSerializer(services.claim_heartbeat(claim=self.claim)).data)


class ClaimReleaseApi(ClaimScopedView):
    managers_may_act = True  # a manager can free an item a labeler left open

    @extend_schema(request=None, responses=ClaimOutSerializer)
    @errors(409)
    def post(self, request: Request, claim_id: int) -> Response:
        return Response(ClaimOutSerializer(services.claim_release(claim=self.claim)).data)


class ClaimSkipApi(ClaimScopedView):
    @extend_schema(request=SkipInSerializer, responses=ClaimOutSerializer)
    @errors(409)
    def post(self, request: Request, claim_id: int) -> Response:
        data = SkipInSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return Response(ClaimOutSerializer(services.claim_skip(claim=self.claim, **data.validated_data)).data)


class LabelReviewApi(LabelScopedView):
    roles = {"POST": REVIEWERS}

    @extend_schema(request=ReviewInSerializer, responses={201: ReviewOutSerializer})
    @errors(409)
    def post(self, request: Request, label_id: int) -> Response:
        data = ReviewInSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        review = reviews.review_submit(label=self.label, reviewer=self.user, **data.validated_data)
        return Response(ReviewOutSerializer(review).data, status=status.HTTP_201_CREATED)


class LabelReviewsApi(LabelScopedView):
    roles = {"GET": ANY_MEMBER}

    @extend_schema(responses=ReviewOutSerializer(many=True))
    def get(self, request: Request, label_id: int) -> Response:
        return Response(ReviewOutSerializer(selectors.reviews_of(label=self.label), many=True).data)


class ProjectReviewsApi(ProjectScopedView):
    """Every review decision of the project, newest first; labelers see those on their own labels."""

    roles = {"GET": ANY_MEMBER}
    pagination_class = Pagination

    @extend_schema(parameters=[*PERIOD_PARAMETERS,
                               OpenApiParameter("decision", str, enum=["accept", "reject"]),
                               OpenApiParameter("reviewer", str, description="username"),
                               OpenApiParameter("author", str, description="username of the label's author")],
                   responses=ProjectReviewOutSerializer(many=True))
    def get(self, request: Request, project_id: int) -> Response:
        params = request.query_params
        found = selectors.project_reviews(
            project=self.project, period=date_range(request), decision=params.get("decision"),
            reviewer=params.get("reviewer"), author=params.get("author"),
            only_author=None if self.role in ANALYSTS else self.user)
        return paginated(request, found, lambda page: ProjectReviewOutSerializer(page, many=True).data, self)


class AssetPriorityApi(AssetScopedView):
    roles = {"PUT": MANAGERS}

    @extend_schema(request=PriorityInSerializer, responses=AssetOutSerializer)
    def put(self, request: Request, asset_id: int) -> Response:
        data = PriorityInSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        asset = services.asset_priority_set(asset=self.asset, priority=data.validated_data["priority"])
        return Response(AssetOutSerializer(asset).data)


class ProjectPrioritiesApi(ProjectScopedView):
    roles = {"POST": MANAGERS}

    @extend_schema(request=PrioritiesInSerializer, responses=inline_serializer(
        "PrioritiesOut", {"updated": StrictIntegerField(help_text="number of assets given a priority")}))
    def post(self, request: Request, project_id: int) -> Response:
        data = PrioritiesInSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        priorities = {
            item["asset"]: item["priority"] if "priority" in item else services.priority_from_confidence(
                item["confidence"])
            for item in data.validated_data["priorities"]
        }
        updated = services.assets_priority_set(project=self.project, priorities=priorities)
        return Response({"updated": updated})


class ProjectStatsApi(ProjectScopedView):
    """Labelers see their own row only; managers, reviewers and viewers see everyone."""

    roles = {"GET": ANY_MEMBER}

    @extend_schema(parameters=PERIOD_PARAMETERS, responses=ProjectStatsSerializer)
    def get(self, request: Request, project_id: int) -> Response:
        only = None if self.role in ANALYSTS else self.user
        return Response(project_stats(project=self.project, period=date_range(request), only_user=only))
