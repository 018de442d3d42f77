from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from labelplatform.common.fields import JSONField, StrictFloatField, StrictIntegerField
from labelplatform.labels import objects as object_checks
from labelplatform.labels.models import Label, LabelRevision, LabelStatus
from labelplatform.projects.serializers import UserBriefSerializer


class RleSerializer(serializers.Serializer[dict[str, Any]]):
    size = serializers.ListField(child=StrictIntegerField(), min_length=2, max_length=2)
    counts = serializers.CharField()


class ObjectInSerializer(serializers.Serializer[dict[str, Any]]):
    """Shape only, for the schema: labels.objects.check_objects checks objects, and its key constants
    name these fields (tests/api/test_labels.py fails if the two drift apart)."""

    def get_fields(self) -> dict[str, serializers.Field[Any, Any, Any, Any]]:
        return {
            object_checks.CLASS: StrictIntegerField(help_text="class id from the ontology"),
            object_checks.MASK: RleSerializer(),
            object_checks.ATTRIBUTES: serializers.DictField(required=False),
            object_checks.TRACK: StrictIntegerField(
                required=False, allow_null=True, min_value=1, max_value=object_checks.MAX_TRACK,
                help_text="on frames of a sequence: the object's identity across frames, one object per track"),
        }


@extend_schema_field(ObjectInSerializer(many=True))
class ObjectsField(JSONField):
    """Any JSON in, so check_objects names what is wrong per object; the schema shows the shape."""


@extend_schema_field({"type": "object", "additionalProperties": {}, "description": "classification name -> value"})
class ClassificationsField(JSONField):
    pass


class LabelInSerializer(serializers.Serializer[dict[str, Any]]):
    objects = ObjectsField(help_text="list of {class, mask: RLE, attributes}")
    classifications = ClassificationsField(required=False, default=dict)
    status = serializers.ChoiceField(choices=LabelStatus.choices, default=LabelStatus.DRAFT)
    time_spent_s = StrictFloatField(required=False, default=0.0, min_value=0.0, max_value=86400.0)


class LabelUpdateSerializer(LabelInSerializer):
    revision = StrictIntegerField(min_value=1, help_text="the revision this edit started from")


# Response shapes, for the schema only: label_out and revision_brief build the bodies by hand.


class LabelObjectOutSerializer(serializers.Serializer[dict[str, Any]]):
    id = StrictIntegerField()
    mask = RleSerializer(help_text="COCO compressed RLE; size is the asset's [height, width]")
    attributes = serializers.DictField(help_text="attribute name -> value")
    area = StrictIntegerField(help_text="pixels")
    bbox = serializers.ListField(child=StrictIntegerField(), min_length=4, max_length=4,
                                 help_text="[x, y, width, height] in image pixels")
    track = StrictIntegerField(allow_null=True, help_text="identity across a sequence's frames; null elsewhere")

    def get_fields(self) -> dict[str, serializers.Field[Any, Any, Any, Any]]:
        fields = super().get_fields()
        fields["class"] = StrictIntegerField(help_text="class id from the ontology")  # a keyword in Python
        return fields


class LabelOutSerializer(serializers.Serializer[dict[str, Any]]):
    id = StrictIntegerField()
    asset = StrictIntegerField()
    author = UserBriefSerializer()
    revision = StrictIntegerField(help_text="number of the revision shown")
    status = serializers.ChoiceField(choices=LabelStatus.choices)
    ontology_version = StrictIntegerField()
    objects = LabelObjectOutSerializer(many=True)
    classifications = serializers.DictField(help_text="classification name -> value")
    time_spent_s = StrictFloatField(help_text="sum of active seconds over all saves")
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()


class LabelConflictSerializer(serializers.Serializer[dict[str, Any]]):
    # The 409 of a save that started from an old revision: the label as it is now, to merge with.
    detail = serializers.CharField()
    current = LabelOutSerializer()


class RevisionBriefSerializer(serializers.Serializer[dict[str, Any]]):
    number = StrictIntegerField()
    editor = StrictIntegerField(help_text="user id")
    status = serializers.ChoiceField(choices=LabelStatus.choices)
    ontology_version = StrictIntegerField()
    time_spent_s = StrictFloatField(help_text="active seconds of this save")
    created_at = serializers.DateTimeField()


def label_out(label: Label, revision: LabelRevision) -> dict[str, Any]:
    """The label as the API shows it; built by hand because it is the hot read path."""
    height, width = label.asset.height, label.asset.width
    return {
        "id": label.pk,
        "asset": label.asset_id,
        "author": {"id": label.author_id, "username": label.author.username},
        "revision": label.revision,
        "status": label.status,
        "ontology_version": revision.ontology_version,
        "objects": [
            {"id": o.pk, "class": o.class_id, "mask": {"size": [height, width], "counts": o.counts},
             "attributes": o.attributes, "area": o.area, "bbox": o.bbox, "track": o.track}
            for o in revision.label_objects.all()
        ],
        "classifications": revision.classifications,
        "time_spent_s": label.time_spent_s,
        "created_at": serializers.DateTimeField().to_representation(label.created_at),
        "updated_at": serializers.DateTimeField().to_representation(label.updated_at),
    }


def revision_brief(revision: LabelRevision) -> dict[str, Any]:
    return {
        "number": revision.number,
        "editor": revision.editor_id,
        "status": revision.status,
        "ontology_version": revision.ontology_version,
        "time_spent_s": revision.time_spent_s,
        "created_at": serializers.DateTimeField().to_representation(revision.created_at),
    }
