from typing import Any

from rest_framework import serializers

from labelplatform.assets.models import AssetStatus
from labelplatform.assets.serializers import AssetOutSerializer
from labelplatform.common.fields import StrictBooleanField, StrictCharField, StrictFloatField, StrictIntegerField
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
    id = StrictIntegerField()
    expires_at = serializers.DateTimeField()
    stage = serializers.ChoiceField(choices=Stage.choices)


class QueueFrameSerializer(serializers.Serializer[dict[str, Any]]):
    sequence = StrictIntegerField()
    sequence_name = serializers.CharField()
    index = StrictIntegerField(help_text="0-based position in the sequence")
    confidence = StrictFloatField(allow_null=True, help_text="the newest prediction's (propagation's) "
                                                             "confidence; null without one")


class QueueNextOutSerializer(serializers.Serializer[dict[str, Any]]):
    # Shape only, for the schema; built by queue_answer.
    asset = AssetOutSerializer()
    frame = QueueFrameSerializer(allow_null=True, help_text="the asset's place when it is a frame of a sequence")
    claim = ServedClaimSerializer()
    stage = serializers.ChoiceField(choices=Stage.choices)
    # A declared field, which DRF's metaclass takes off the class; the stubs read it as Field.label.
    label = LabelOutSerializer(allow_null=True, help_text="the label to review, or your label to rework")  # type: ignore[assignment]
    rework = StrictBooleanField()


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
    x = StrictFloatField(help_text="image pixels")
    y = StrictFloatField(help_text="image pixels")
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

    asset = StrictIntegerField(source="label.asset_id")
    author = serializers.SerializerMethodField()

    class Meta(ReviewOutSerializer.Meta):
        fields = [*ReviewOutSerializer.Meta.fields, "asset", "author"]

    def get_author(self, review: Review) -> dict[str, Any]:
        return {"id": review.label.author_id, "username": review.label.author.username}


class PriorityInSerializer(serializers.Serializer[dict[str, Any]]):
    priority = StrictIntegerField(min_value=PRIORITY_MIN, max_value=PRIORITY_MAX,
                                  help_text="higher is served first")


class PriorityItemSerializer(serializers.Serializer[dict[str, Any]]):
    asset = StrictIntegerField()
    priority = StrictIntegerField(required=False, min_value=PRIORITY_MIN, max_value=PRIORITY_MAX)
    confidence = StrictFloatField(required=False, min_value=0.0, max_value=1.0,
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
        return {status: StrictIntegerField() for status in AssetStatus.values}  # every status, 0 included


class CountsByReviewStateSerializer(serializers.Serializer[dict[str, Any]]):
    def get_fields(self) -> dict[str, serializers.Field[Any, Any, Any, Any]]:
        return {state: StrictIntegerField() for state in ReviewState.values}  # every state, 0 included


class WorkflowSettingsOutSerializer(serializers.Serializer[dict[str, Any]]):
    labels_per_asset = StrictIntegerField()
    review_fraction = StrictFloatField()
    gold_fraction = StrictFloatField()
    lease_seconds = StrictIntegerField()
    labelers_see_all = StrictBooleanField()
    consensus_review_below = StrictFloatField()


class QueueSummarySerializer(serializers.Serializer[dict[str, Any]]):
    assets = CountsByAssetStatusSerializer(help_text="assets per status")
    reviews = CountsByReviewStateSerializer(help_text="submitted labels per review state")
    open_claims = StrictIntegerField()
    your_rework = StrictIntegerField(
        help_text="the caller's rejected labels waiting for a fix: queue/next hands them out first")
    your_in_review = StrictIntegerField(help_text="the caller's submitted labels waiting for a review")
    other_reviewers = StrictIntegerField(
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
    assets_labeled = StrictIntegerField(help_text="first submits")
    objects = StrictIntegerField()
    productive_time_s = StrictFloatField(help_text="time_spent_s of every save, drafts too")
    saves = StrictIntegerField()
    reviews_received = StrictIntegerField()
    rejected = StrictIntegerField()
    accepted = StrictIntegerField()
    reviews_done = StrictIntegerField()
    time_per_asset_s = StrictFloatField(allow_null=True, help_text="null when no asset was labeled")
    rejection_rate = StrictFloatField(allow_null=True, help_text="null when no review was received")


class LabelerStatsSerializer(StatsRowSerializer):
    user = UserBriefSerializer()


class DayStatsSerializer(StatsRowSerializer):
    date = serializers.DateField()


class ProjectStatsSerializer(ReportPeriodSerializer):
    totals = StatsRowSerializer()
    labelers = LabelerStatsSerializer(many=True)
    days = DayStatsSerializer(many=True)
