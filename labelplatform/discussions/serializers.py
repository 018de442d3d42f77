from typing import Any

from rest_framework import serializers

from labelplatform.common.fields import StrictCharField, StrictFloatField, StrictIntegerField
from labelplatform.discussions.models import BODY_MAX, Comment, Thread, ThreadStatus
from labelplatform.projects.serializers import UserBriefSerializer


class CommentOutSerializer(serializers.ModelSerializer[Comment]):
    author = UserBriefSerializer()
    mentions = UserBriefSerializer(many=True, help_text="the project members the body names with @")

    class Meta:
        model = Comment
        fields = ["id", "author", "body", "mentions", "created_at"]


class ThreadOutSerializer(serializers.ModelSerializer[Thread]):
    status = serializers.ChoiceField(choices=ThreadStatus.choices)
    created_by = UserBriefSerializer()
    resolved_by = UserBriefSerializer(allow_null=True)
    comments = CommentOutSerializer(many=True)
    x = StrictFloatField(allow_null=True, help_text="pinned point in image pixels, or null")
    y = StrictFloatField(allow_null=True)

    class Meta:
        model = Thread
        fields = ["id", "project", "asset", "label", "x", "y", "status", "created_by", "created_at", "resolved_by",
                  "resolved_at", "comments"]


class ThreadInSerializer(serializers.Serializer[dict[str, Any]]):
    body = StrictCharField(trim_whitespace=False, max_length=BODY_MAX,
                                 help_text="the first comment; @name mentions a member")
    label = StrictIntegerField(required=False, allow_null=True, min_value=1,  # type: ignore[assignment]
                               help_text="a label of this asset the thread is about")
    x = StrictFloatField(required=False, allow_null=True, help_text="a pinned point: x and y in image pixels")
    y = StrictFloatField(required=False, allow_null=True)


class CommentInSerializer(serializers.Serializer[dict[str, Any]]):
    body = StrictCharField(trim_whitespace=False, max_length=BODY_MAX, help_text="@name mentions a member")
