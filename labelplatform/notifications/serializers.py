from typing import Any

from rest_framework import serializers

from labelplatform.common.fields import StrictIntegerField
from labelplatform.notifications.models import Kind, Notification


class NotificationOutSerializer(serializers.ModelSerializer[Notification]):
    kind = serializers.ChoiceField(choices=Kind.choices)
    link = serializers.CharField(help_text="the app's page to open (a path)")

    class Meta:
        model = Notification
        fields = ["id", "kind", "project", "text", "link", "created_at", "read_at"]


class MarkReadInSerializer(serializers.Serializer[dict[str, Any]]):
    ids = serializers.ListField(child=StrictIntegerField(min_value=1), required=False, max_length=500,
                                help_text="these notifications; leave out to mark all of yours read")


class UnreadOutSerializer(serializers.Serializer[dict[str, Any]]):
    unread = StrictIntegerField()
