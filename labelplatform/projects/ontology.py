"""Shape and rules of the ontology document (classes, attributes, classifications)."""

from typing import Any

from rest_framework import serializers

from labelplatform.common.fields import StrictBooleanField, StrictCharField, StrictIntegerField

FIELD_TYPES = ("radio", "checklist", "text", "number")


class OptionSerializer(serializers.Serializer[dict[str, Any]]):
    value = StrictCharField(max_length=200)
    # A declared field, which DRF's metaclass takes off the class; the stubs read it as Field.label.
    label = StrictCharField(max_length=200, required=False, allow_blank=True)  # type: ignore[assignment]

    def get_fields(self) -> dict[str, serializers.Field[Any, Any, Any, Any]]:
        fields = super().get_fields()
        # Nested options: an option may open a sub-question (e.g. vehicle > car > sedan).
        fields["children"] = FieldSerializer(many=True, required=False)
        return fields


class FieldSerializer(serializers.Serializer[dict[str, Any]]):
    """An object attribute or an image-level classification."""

    name = StrictCharField(max_length=200)
    type = serializers.ChoiceField(choices=FIELD_TYPES)
    options = OptionSerializer(many=True, required=False, default=list)
    # A declared field, which DRF's metaclass takes off the class; the stubs read it as Field.required.
    required = StrictBooleanField(required=False, default=False)  # type: ignore[assignment]

    def validate(self, data: dict[str, Any]) -> dict[str, Any]:
        if data["type"] in ("radio", "checklist") and not data.get("options"):
            raise serializers.ValidationError(f"'{data['name']}' of type {data['type']} needs options")
        values = [o["value"] for o in data.get("options", [])]
        if len(values) != len(set(values)):
            raise serializers.ValidationError(f"'{data['name']}' has duplicate option values")
        return data


class ClassSerializer(serializers.Serializer[dict[str, Any]]):
    id = StrictIntegerField(required=False, min_value=1)
    name = StrictCharField(max_length=200)
    color = serializers.RegexField(r"^#[0-9a-fA-F]{6}$", error_messages={"invalid": "color must be #rrggbb"})
    kind = serializers.ChoiceField(choices=("thing", "stuff"), default="thing")
    # A declared field, which DRF's metaclass takes off the class; the stubs read it as Field.parent.
    parent = StrictIntegerField(required=False, allow_null=True, default=None)  # type: ignore[assignment]
    attributes = FieldSerializer(many=True, required=False, default=list)


class OntologySerializer(serializers.Serializer[dict[str, Any]]):
    classes = ClassSerializer(many=True)
    classifications = FieldSerializer(many=True, required=False, default=list)

    def validate_classifications(self, value: list[dict[str, Any]]) -> list[dict[str, Any]]:
        _unique_names(value, "classification")
        return value


def _unique_names(items: list[dict[str, Any]], what: str) -> None:
    names = [item["name"].strip().lower() for item in items]
    duplicates = sorted({n for n in names if names.count(n) > 1})
    if duplicates:
        raise serializers.ValidationError(f"duplicate {what} names: {', '.join(duplicates)}")


def check_classes(classes: list[dict[str, Any]], known_ids: set[int]) -> None:
    """Names unique, ids known to the project, parents present and acyclic."""
    _unique_names(classes, "class")
    ids = [c["id"] for c in classes if c.get("id") is not None]
    if len(ids) != len(set(ids)):
        raise serializers.ValidationError("a class id appears twice")
    unknown = sorted(set(ids) - known_ids)
    if unknown:
        raise serializers.ValidationError(f"unknown class ids: {unknown} (omit id for a new class)")
    present = set(ids)
    parents = {c["id"]: c.get("parent") for c in classes if c.get("id") is not None}
    for cls in classes:
        parent = cls.get("parent")
        if parent is not None and parent not in present:
            raise serializers.ValidationError(f"class '{cls['name']}' has unknown parent {parent}")
    for start in parents:
        seen, node = set(), start
        while node is not None:
            if node in seen:
                raise serializers.ValidationError(f"class hierarchy has a cycle at id {start}")
            seen.add(node)
            node = parents.get(node)
