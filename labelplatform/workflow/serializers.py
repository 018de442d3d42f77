from typing import Any

from rest_framework import serializers

from labelplatform.assets.serializers import AssetOutSerializer
from labelplatform.labels.selectors import revision_of
from labelplatform.labels.serializers import label_out
from labelplatform.workflow.models import Claim, Decision, Review, Stage
from labelplatform.workflow.queue import Served


class ClaimOutSerializer(serializers.ModelSerializer):
    class Meta:
        model = Claim
        fields = ["id", "asset", "user", "stage", "label", "created_at", "expires_at", "ended_at", "end_reason",
                  "skip_reason"]


class QueueNextOutSerializer(serializers.Serializer):
    # Shape only, for the schema; built by queue_answer.
    asset = AssetOutSerializer()
    claim = serializers.DictField(help_text="{id, expires_at, stage}")
    stage = serializers.ChoiceField(choices=Stage.choices)
    label = serializers.DictField(allow_null=True, help_text="the label to review, or your label to rework")
    rework = serializers.BooleanField()


def queue_answer(served: Served) -> dict[str, Any]:
    claim = served.claim
    label = claim.label if claim.label_id else None
    return {
        "asset": AssetOutSerializer(claim.asset).data,
        "claim": {"id": claim.pk, "expires_at": serializers.DateTimeField().to_representation(claim.expires_at),
                  "stage": claim.stage},
        "stage": claim.stage,
        "label": label_out(label, revision_of(label)) if label is not None else None,
        "rework": served.rework,
    }


class SkipInSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=2000, help_text="why the item was skipped (bad image, unclear...)")


class PinSerializer(serializers.Serializer):
    x = serializers.FloatField(help_text="image pixels")
    y = serializers.FloatField(help_text="image pixels")
    text = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


class ReviewInSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(choices=Decision.choices)
    comment = serializers.CharField(max_length=10000, required=False, allow_blank=True, default="")
    pins = PinSerializer(many=True, required=False, default=list)


class ReviewOutSerializer(serializers.ModelSerializer):
    reviewer = serializers.SerializerMethodField()

    class Meta:
        model = Review
        fields = ["id", "label", "reviewer", "decision", "comment", "pins", "revision", "fixed", "created_at"]

    def get_reviewer(self, review: Review) -> dict[str, Any]:
        return {"id": review.reviewer_id, "username": review.reviewer.username}


class PriorityInSerializer(serializers.Serializer):
    priority = serializers.IntegerField(help_text="higher is served first")


class PriorityItemSerializer(serializers.Serializer):
    asset = serializers.IntegerField()
    priority = serializers.IntegerField(required=False)
    confidence = serializers.FloatField(required=False, min_value=0.0, max_value=1.0,
                                        help_text="pre-label confidence; least confident first")

    def validate(self, data: dict[str, Any]) -> dict[str, Any]:
        if ("priority" in data) == ("confidence" in data):
            raise serializers.ValidationError("give either priority or confidence")
        return data


class PrioritiesInSerializer(serializers.Serializer):
    priorities = PriorityItemSerializer(many=True, allow_empty=False, max_length=100_000)
