from typing import Any

from rest_framework import serializers

from labelplatform.common.fields import StrictCharField, StrictIntegerField
from labelplatform.projects.models import Invitation, Role
from labelplatform.projects.serializers import UserBriefSerializer


class InvitationInSerializer(serializers.Serializer[dict[str, Any]]):
    user = StrictCharField(max_length=254, help_text="user name or e-mail address to invite")
    role = serializers.ChoiceField(choices=Role.choices)


class ProjectBriefSerializer(serializers.Serializer[dict[str, Any]]):
    id = StrictIntegerField()
    name = serializers.CharField()


class InvitationOutSerializer(serializers.ModelSerializer[Invitation]):
    """An invitation as its project's managers and its invitee see it: never whether `invitee`
    named an account, never the token."""

    project = ProjectBriefSerializer()
    invited_by = UserBriefSerializer(allow_null=True)

    class Meta:
        model = Invitation
        fields = ["id", "project", "invitee", "role", "status", "invited_by", "created_at"]


class InvitationLinkOutSerializer(serializers.Serializer[dict[str, Any]]):
    url = serializers.CharField(help_text="the sign-up page with the invitation's token")
