"""Serializer fields that take a JSON body's types as the schema states them.

DRF's CharField takes a number (`0` becomes "0"), its BooleanField takes "yes", "1" and 0, and its
IntegerField and FloatField take "1" and `true`; a generated client that sends those has a bug the
answer should name. A form-encoded body (the
browsable API; uploads) has only strings: there text fields take any text and booleans the text
`true` or `false`.

DRF's JSONField decodes a form field's text with `json.loads`: no depth limit (RecursionError, a
500) and `\\u0000` let through to PostgreSQL (another 500). Ours decodes it like a JSON body.
"""

from typing import Any

import orjson
from django.http import QueryDict
from rest_framework import serializers
from rest_framework.fields import empty
from rest_framework.utils import html

from labelplatform.common import json_limits

# orjson's own encodings of dates and dataclasses passed through to fail as json.dumps does; those left
# (UUID, Enum) never come out of a request body's parser.
_AS_JSON_DUMPS = orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_PASSTHROUGH_DATACLASS


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
    """A JSON boolean, or in a form the text `true` or `false` (what browsers' and our clients' forms
    send, and what the schema's boolean is as a form field); not DRF's "yes", "on", "1" or 0."""

    default_error_messages = {"invalid": "Must be true or false."}
    default_empty_html = empty  # a form without the field: its default, as in JSON (DRF: False)

    def get_value(self, dictionary: Any) -> Any:
        if html.is_html_input(dictionary) and dictionary.get(self.field_name) == "":
            return ""  # neither true nor false (DRF: not given)
        return super().get_value(dictionary)

    def to_internal_value(self, data: Any) -> bool:
        if isinstance(data, bool) if _from_json(self) else data in ("true", "false"):
            return data is True or data == "true"
        self.fail("invalid")


def _not_a_json_number(field: serializers.Field, data: Any) -> bool:  # type: ignore[type-arg]
    return _from_json(field) and (isinstance(data, bool) or not isinstance(data, (int, float)))


class StrictIntegerField(serializers.IntegerField):
    """A JSON number without a fraction (`1.0` too, as JSON Schema's integer), or in a form its text."""

    def to_internal_value(self, data: Any) -> int:
        if _not_a_json_number(self, data):
            self.fail("invalid")
        return int(super().to_internal_value(data))


class StrictFloatField(serializers.FloatField):
    """A JSON number, or in a form its text."""

    def to_internal_value(self, data: Any) -> float:
        if _not_a_json_number(self, data):
            self.fail("invalid")
        return float(super().to_internal_value(data))


class JSONField(serializers.JSONField):
    """Every JSON field's base: a form field's JSON text within a JSON body's limits (depth, NUL,
    lone surrogates), refused as a 400 naming the field; JSON bodies were checked by their parser."""

    def to_internal_value(self, data: Any) -> Any:
        if not getattr(data, "is_json_string", False):
            try:  # DRF's check that the value serializes is a json.dumps (77 us for a 12 MP label's masks)
                orjson.dumps(data, option=_AS_JSON_DUMPS)
            except TypeError:  # what orjson refuses and json may take (a non-str key, a huge int): DRF decides
                return super().to_internal_value(data)
            return data
        try:
            return json_limits.loads(str(data))
        except json_limits.JsonInputError as exc:  # the serializer puts the field's name in front
            raise serializers.ValidationError(f"{exc.path}: {exc}" if exc.path else str(exc)) from None
