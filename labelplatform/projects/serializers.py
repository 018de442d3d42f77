from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from labelplatform.common.fields import JSONField, StrictCharField, StrictIntegerField
from labelplatform.projects.models import Membership, OntologyVersion, Project, Role


@extend_schema_field({"type": "object", "additionalProperties": {}, "description": "docs/api.md: settings"})
class SettingsField(JSONField):
    """Any JSON in, so the settings check names each wrong key; the schema says it is an object."""


class ProjectInSerializer(serializers.Serializer[dict[str, Any]]):
    name = StrictCharField(max_length=200)
    description = StrictCharField(required=False, allow_blank=True, default="")
    settings = SettingsField(required=False, default=dict)


class ProjectPatchSerializer(ProjectInSerializer):
    name = StrictCharField(max_length=200, required=False)
    description = StrictCharField(required=False, allow_blank=True)
    settings = SettingsField(required=False)


class ProjectOutSerializer(serializers.ModelSerializer[Project]):
    my_role = serializers.SerializerMethodField()
    asset_count = serializers.SerializerMethodField()

    class Meta:
        model = Project
        fields = ["id", "name", "description", "settings", "created_at", "my_role", "asset_count"]

    def get_my_role(self, project: Project) -> str | None:
        roles: dict[int, str] = self.context.get("roles", {})
        return roles.get(project.pk)

    def get_asset_count(self, project: Project) -> int:
        count = getattr(project, "asset_count", None)
        return int(count) if count is not None else project.assets.count()


class UserBriefSerializer(serializers.Serializer[dict[str, Any]]):
    id = StrictIntegerField()
    username = serializers.CharField()


class MemberOutSerializer(serializers.ModelSerializer[Membership]):
    user = UserBriefSerializer()

    class Meta:
        model = Membership
        fields = ["user", "role"]


@extend_schema_field({"oneOf": [{"type": "string"}, {"type": "integer"}]})
class UserRefField(serializers.CharField):
    """A user by name or id: the id as a JSON number is taken as well as the same digits as a string."""

    def to_internal_value(self, data: Any) -> str:
        if isinstance(data, bool) or not isinstance(data, (str, int)):
            self.fail("invalid")
        return str(super().to_internal_value(str(data)))


class MemberInSerializer(serializers.Serializer[dict[str, Any]]):
    user = UserRefField(help_text="username or numeric user id")
    role = serializers.ChoiceField(choices=Role.choices)


class OntologyOutSerializer(serializers.ModelSerializer[OntologyVersion]):
    def to_representation(self, instance: OntologyVersion) -> dict[str, Any]:
        return {
            "version": instance.version,
            "created_at": serializers.DateTimeField().to_representation(instance.created_at),
            **instance.document,
        }

    class Meta:
        model = OntologyVersion
        fields = ["version", "created_at"]
