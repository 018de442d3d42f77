"""The JSON parser of every API request body: bounded in bytes and depth, NUL refused by field.

DRF's own parser reads any size, recurses once per nesting level (RecursionError,
a 500) and lets NUL characters through to PostgreSQL (another 500).
"""

from collections.abc import Mapping
from typing import IO, Any

from django.conf import settings
from rest_framework import status
from rest_framework.exceptions import APIException, ParseError, ValidationError
from rest_framework.parsers import BaseParser
from rest_framework.renderers import JSONRenderer

from labelplatform.common import json_limits


class RequestTooLarge(APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = "the request is too large"
    default_code = "too_large"


def parse_json(raw: bytes | str, field: str = "") -> Any:
    """User JSON as Python; ParseError for broken JSON, ValidationError naming the field for bad text."""
    try:
        return json_limits.loads(raw)
    except json_limits.JsonInputError as exc:
        path = ".".join(part for part in (field, exc.path) if part)
        if path:
            raise ValidationError({path: [str(exc)]}) from None
        raise ParseError(f"JSON parse error: {exc}") from None


class LimitedJSONParser(BaseParser):
    media_type = "application/json"
    renderer_class = JSONRenderer

    def parse(self, stream: IO[bytes], media_type: str | None = None,
              parser_context: Mapping[str, Any] | None = None) -> Any:
        limit = int(settings.DATA_UPLOAD_MAX_MEMORY_SIZE)
        raw = stream.read(limit + 1)
        if len(raw) > limit:
            raise RequestTooLarge(f"the JSON body is over the {limit} byte limit (MAX_JSON_BYTES)")
        return parse_json(raw)
