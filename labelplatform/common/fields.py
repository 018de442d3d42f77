"""Serializer fields that take a JSON body's types as the schema states them.

DRF's CharField takes a number (`0` becomes "0") and its BooleanField takes "yes", "1" and 0; a
generated client that sends those has a bug the answer should name. A form-encoded body (the
browsable API; uploads) has only strings, so there the usual DRF parsing stays.

DRF's JSONField decodes a form field's text with `json.loads`: no depth limit (RecursionError, a
500) and `\u0000` let through to PostgreSQL (another 500). Ours decodes it like a JSON body.
"""

from typing import Any

from django.http import QueryDict
from rest_framework import serializers

from labelplatform.common import json_limits


def _from_json(field: serializers.Field) -> bool:  # type: ignore[type-arg]
    return not isinstance(getattr(field.root, "initial_data", None), QueryDict)


class StrictCharField(serializers.CharField):
    def to_internal_value(self, data: Any) -> str:
        if _from_json(self) and not isinstance(data, str):
            self.fail("invalid")
        return str(super().to_internal_value(data))


class StrictRegexField(serializers.RegexField):
    def to_internal_value(self, data: Any) -> str:
        if _from_json(self) and not isinstance(data, str):
            self.fail("invalid")
        return str(super().to_internal_value(data))


class StrictBooleanField(serializers.BooleanField):
    default_error_messages = {"invalid": "Must be true or false."}

    def to_internal_value(self, data: Any) -> bool:
        if _from_json(self) and not isinstance(data, bool):
            self.fail("invalid")
        return bool(super().to_internal_value(data))


class JSONField(serializers.JSONField):
    """Every JSON field's base: a form field's JSON text within a JSON body's limits (depth, NUL,
    lone surrogates), refused as a 400 naming the field; JSON bodies were checked by their parser."""

    def to_internal_value(self, data: Any) -> Any:
        if not getattr(data, "is_json_string", False):
            return super().to_internal_value(data)
        try:
            return json_limits.loads(str(data))
        except json_limits.JsonInputError as exc:  # the serializer puts the field's name in front
            raise serializers.ValidationError(f"{exc.path}: {exc}" if exc.path else str(exc)) from None
