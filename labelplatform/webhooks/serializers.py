from typing import Any

from rest_framework import serializers

from labelplatform.common.events import EVENTS
from labelplatform.common.fields import StrictBooleanField
from labelplatform.webhooks.models import Delivery, Subscription


class SubscriptionInSerializer(serializers.Serializer[dict[str, Any]]):
    url = serializers.URLField(max_length=2000)
    events = serializers.ListField(child=serializers.ChoiceField(choices=EVENTS), min_length=1)
    secret = serializers.CharField(max_length=200, required=False, allow_blank=True, write_only=True,
                                   help_text="signs every delivery; made for you when left out (shown once)")
    active = StrictBooleanField(required=False, default=True)


class SubscriptionOutSerializer(serializers.ModelSerializer[Subscription]):
    class Meta:
        model = Subscription
        fields = ["id", "project", "url", "events", "active", "created_at"]


class SubscriptionCreatedSerializer(SubscriptionOutSerializer):
    """The answer to a create: the only time the secret is shown."""

    class Meta(SubscriptionOutSerializer.Meta):
        fields = [*SubscriptionOutSerializer.Meta.fields, "secret"]


class DeliveryOutSerializer(serializers.ModelSerializer[Delivery]):
    class Meta:
        model = Delivery
        fields = ["id", "subscription", "event", "event_id", "status", "attempts", "response_code", "response_ms",
                  "error", "next_retry_at", "last_attempt_at", "created_at", "payload"]
