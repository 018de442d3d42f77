from typing import Any

from rest_framework import serializers

from labelplatform.assets.models import AssetStatus
from labelplatform.assets.serializers import AssetOutSerializer
from labelplatform.common.fields import StrictCharField
from labelplatform.labels.selectors import revision_of
from labelplatform.labels.serializers import LabelOutSerializer, label_out
from labelplatform.projects.serializers import UserBriefSerializer
from labelplatform.workflow.models import Claim, Decision, Review, ReviewState, Stage
from labelplatform.workflow.queue import Served
from labelplatform.workflow.selectors import frame_of
from labelplatform.workflow.services import PRIORITY_RANGE

PRIORITY_MIN, PRIORITY_MAX = PRIORITY_RANGE


class ClaimOutSerializer(serializers.ModelSerializer[Claim]):
    class Meta:
        model = Claim
        fields = ["id", "asset", "user", "stage", "label", "created_at", "expires_at", "ended_at", "end_reason",
                  "skip_reason"]


class ServedClaimSerializer(serializers.Serializer[dict[str, Any]]):
    id = serializers.IntegerField()
    expires_at = serializers.DateTimeField()
    stage = serializers.ChoiceField(choices=Stage.choices)


class QueueFrameSerializer(serializers.Serializer[dict[str, Any]]):
    sequence = serializers.IntegerField()
    sequence_name = serializers.CharField()
    index = serializers.IntegerField(help_text="0-based position in the sequence")
    confidence = serializers.FloatField(allow_null=True, help_text="the newest prediction's (propagation's) "
                                                                   "confidence; null without one")


class QueueNextOutSerializer(serializers.Serializer[dict[str, Any]]):
    # Shape only, for the schema; built by queue_answer.
    asset = AssetOutSerializer()
    frame = QueueFrameSerializer(allow_null=True, help_text="the asset's place when it is a frame of a sequence")
    claim = ServedClaimSerializer()
    stage = serializers.ChoiceField(choices=Stage.choices)
    # A declared field, which DRF's metaclass takes off the class; the stubs read it as Field.label.
    label = LabelOutSerializer(allow_null=True, help_text="the label to review, or your label to rework")  # type: ignore[assignment]
    rework = serializers.BooleanField()


def queue_answer(served: Served) -> dict[str, Any]:
    claim = served.claim
    label = claim.label if claim.label_id else None
    return {
        "asset": AssetOutSerializer(claim.asset).data,
        "frame": frame_of(claim.asset_id),
        "claim": {"id": claim.pk, "expires_at": serializers.DateTimeField().to_representation(claim.expires_at),
                  "stage": claim.stage},
        "stage": claim.stage,
        "label": label_out(label, revision_of(label)) if label is not None else None,
        "rework": served.rework,
    }


class SkipInSerializer(serializers.Serializer[dict[str, Any]]):
    reason = StrictCharField(max_length=2000, help_text="why the item was skipped (bad image, unclear...)")


class PinSerializer(serializers.Serializer[dict[str, Any]]):
    x = serializers.FloatField(help_text="image pixels")
    y = serializers.FloatField(help_text="image pixels")
    text = StrictCharField(max_length=2000, required=False, allow_blank=True, default="")


class ReviewInSerializer(serializers.Serializer[dict[str, Any]]):
    decision = serializers.ChoiceField(choices=Decision.choices)
    comment = StrictCharField(max_length=10000, required=False, allow_blank=True, default="")
    pins = PinSerializer(many=True, required=False, default=list)


class ReviewOutSerializer(serializers.ModelSerializer[Review]):
    reviewer = serializers.SerializerMethodField()

    class Meta:
        model = Review
        fields = ["id", "label", "reviewer", "decision", "comment", "pins", "revision", "fixed", "created_at"]

    def get_reviewer(self, review: Review) -> dict[str, Any]:
        return {"id": review.reviewer_id, "username": review.reviewer.username}


class ProjectReviewOutSerializer(ReviewOutSerializer):
    """A review in the project's list: which asset, and whose label it judged."""

    asset = serializers.IntegerField(source="label.asset_id")
    author = serializers.SerializerMethodField()

    class Meta(ReviewOutSerializer.Meta):
        fields = [*ReviewOutSerializer.Meta.fields, "asset", "author"]

    def get_author(self, review: Review) -> dict[str, Any]:
        return {"id": review.label.author_id, "username": review.label.author.username}


class PriorityInSerializer(serializers.Serializer[dict[str, Any]]):
    priority = serializers.IntegerField(min_value=PRIORITY_MIN, max_value=PRIORITY_MAX,
                                        help_text="higher is served first")


class PriorityItemSerializer(serializers.Serializer[dict[str, Any]]):
    asset = serializers.IntegerField()
    priority = serializers.IntegerField(required=False, min_value=PRIORITY_MIN, max_value=PRIORITY_MAX)
    confidence = serializers.FloatField(required=False, min_value=0.0, max_value=1.0,
                                        help_text="pre-label confidence; least confident first")

    def validate(self, data: dict[str, Any]) -> dict[str, Any]:
        if ("priority" in data) == ("confidence" in data):
            raise serializers.ValidationError("give either priority or confidence")
        return data


class PrioritiesInSerializer(serializers.Serializer[dict[str, Any]]):
    priorities: "serializers.ListSerializer[dict[str, Any]]" = serializers.ListSerializer(
        child=PriorityItemSerializer(), allow_empty=False, max_length=100_000)


# Report shapes, for the schema only: selectors.queue_summary and stats.project_stats build the bodies.


class CountsByAssetStatusSerializer(serializers.Serializer[dict[str, Any]]):
    def get_fields(self) -> dict[str, serializers.Field[Any, Any, Any, Any]]:
        return {status: serializers.IntegerField() for status in AssetStatus.values}  # every status, 0 included


class CountsByReviewStateSerializer(serializers.Serializer[dict[str, Any]]):
    def get_fields(self) -> dict[str, serializers.Field[Any, Any, Any, Any]]:
        return {state: serializers.IntegerField() for state in ReviewState.values}  # every state, 0 included


class WorkflowSettingsOutSerializer(serializers.Serializer[dict[str, Any]]):
    labels_per_asset = serializers.IntegerField()
    review_fraction = serializers.FloatField()
    gold_fraction = serializers.FloatField()
    lease_seconds = serializers.IntegerField()
    labelers_see_all = serializers.BooleanField()
    consensus_review_below = serializers.FloatField()


class QueueSummarySerializer(serializers.Serializer[dict[str, Any]]):
    assets = CountsByAssetStatusSerializer(help_text="assets per status")
    reviews = CountsByReviewStateSerializer(help_text="submitted labels per review state")
    open_claims = serializers.IntegerField()
    your_rework = serializers.IntegerField(
        help_text="the caller's rejected labels waiting for a fix: queue/next hands them out first")
    your_in_review = serializers.IntegerField(help_text="the caller's submitted labels waiting for a review")
    other_reviewers = serializers.IntegerField(
        help_text="active managers and reviewers of the project besides the caller (nobody reviews their own label)")
    settings = WorkflowSettingsOutSerializer(help_text="the workflow settings in effect, defaults filled in")


class ReportPeriodSerializer(serializers.Serializer[dict[str, Any]]):
    # The ?from=&to= a report covers; `from` is a Python keyword, hence get_fields.
    def get_fields(self) -> dict[str, serializers.Field[Any, Any, Any, Any]]:
        return {
            "from": serializers.DateField(allow_null=True, help_text="first day, or null: from the start"),
            "to": serializers.DateField(allow_null=True, help_text="last day, or null: up to now"),
            **super().get_fields(),
        }


class StatsRowSerializer(serializers.Serializer[dict[str, Any]]):
    assets_labeled = serializers.IntegerField(help_text="first submits")
    objects = serializers.IntegerField()
    productive_time_s = serializers.FloatField(help_text="time_spent_s of every save, drafts too")
    saves = serializers.IntegerField()
    reviews_received = serializers.IntegerField()
    rejected = serializers.IntegerField()
    accepted = serializers.IntegerField()
    reviews_done = serializers.IntegerField()
    time_per_asset_s = serializers.FloatField(allow_null=True, help_text="null when no asset was labeled")
    rejection_rate = serializers.FloatField(allow_null=True, help_text="null when no review was received")


class LabelerStatsSerializer(StatsRowSerializer):
    user = UserBriefSerializer()


class DayStatsSerializer(StatsRowSerializer):
    date = serializers.DateField()


class ProjectStatsSerializer(ReportPeriodSerializer):
    totals = StatsRowSerializer()
    labelers = LabelerStatsSerializer(many=True)
    days = DayStatsSerializer(many=True)
