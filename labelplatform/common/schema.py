"""The OpenAPI schema true to the answers: every error an operation can give, documented once.

Errors are JSON `{"detail": ..., <field>: [messages]}` (common/errors.py). Some can come from any
operation, and the schema class adds them to every one: 400 (a NUL in any query parameter, or bad
input), 401 (a missing or wrong token), 403 (a role or CSRF refusal), 404 where the path names an
object (also for projects the caller is not a member of), 413 where a body is read. The ones only
some operations give (409, 429, 503) are named on the view method with `@errors(...)`.
Paginated lists say so with `pagination_class` on their view (common/pagination.py).
"""

from collections.abc import Callable
from typing import Any, TypeVar

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse
from rest_framework import serializers

from labelplatform.common.fields import StrictIntegerField

F = TypeVar("F", bound=Callable[..., Any])

REASONS = {
    400: "bad input: `detail` says what is wrong, plus a message list per field",
    401: "not signed in, or a wrong token",
    403: "your role may not do this",
    404: "not found (also a project you are not a member of)",
    409: "conflicts with the current state: `detail` says which",
    413: "the body is over the limits (MAX_JSON_BYTES, MAX_UPLOAD_FILES, MAX_UPLOAD_REQUEST_BYTES)",
    429: "too many failed attempts: wait the seconds `detail` names",
    503: "the job queue is unreachable; nothing was started",
}
BODY_METHODS = frozenset({"POST", "PUT", "PATCH"})


class ErrorSerializer(serializers.Serializer[dict[str, Any]]):
    """Any error answer; validation errors add a list of messages per field beside `detail`."""

    detail = serializers.CharField()


class NotReadySerializer(serializers.Serializer[dict[str, Any]]):
    """202: not computed yet (common/errors.py NotReady); ask again after the `Retry-After` seconds."""

    detail = serializers.CharField(help_text="what is computed, and by which job")
    job = StrictIntegerField(help_text="the job computing it")


# For the views whose answer a worker computes: `responses={..., 202: NOT_READY}, parameters=[RETRY_AFTER]`.
NOT_READY = OpenApiResponse(NotReadySerializer, description="not computed yet: a worker job computes it; ask again")
RETRY_AFTER = OpenApiParameter("Retry-After", int, OpenApiParameter.HEADER, response=[202], required=True,
                               description="seconds to wait before asking again")


def errors(*codes: int) -> Callable[[F], F]:
    """Names the errors only this view method answers (409, 429, 503) for the schema."""

    def mark(method: F) -> F:
        method.error_codes = codes  # type: ignore[attr-defined]
        return method

    return mark


class Schema(AutoSchema):
    def _get_response_bodies(self, direction: Any = "response") -> dict[str, Any]:
        responses: dict[str, Any] = super()._get_response_bodies(direction)
        for code in self.error_codes():
            if str(code) not in responses:
                response = self._get_response_for_code(  # type: ignore[no-untyped-call]
                    ErrorSerializer, str(code), direction=direction)
                responses[str(code)] = {**response, "description": REASONS[code]}
        return responses

    def _map_serializer(self, serializer: Any, direction: Any, bypass_extensions: bool = False) -> dict[str, Any]:
        mapped: dict[str, Any] = super()._map_serializer(  # type: ignore[no-untyped-call]
            serializer, direction, bypass_extensions)
        if isinstance(serializer, ErrorSerializer):
            mapped["additionalProperties"] = {}  # a validation error's messages per field
        return mapped

    def map_parsers(self) -> list[Any]:
        # JSON is the contract. The default form parsers serve the browsable API only (a form cannot
        # carry the nested objects and typed values the JSON bodies have); views that take files name
        # their own parsers, and those are documented.
        if "parser_classes" not in vars(self.view.__class__):
            return ["application/json"]
        return super().map_parsers()

    def _get_paginator(self) -> Any:
        # Only the view's GET is a page; a POST answering a list (the upload) is a plain array.
        return super()._get_paginator() if self.method == "GET" else None  # type: ignore[no-untyped-call]

    def error_codes(self) -> list[int]:
        codes = [400, 401, 403]
        if "{" in self.path or self._get_paginator() is not None:
            codes.append(404)  # an object the path names; for a page, ?page= past the last one
        if self.method in BODY_METHODS:
            codes.append(413)
        handler = getattr(self.view, self.method.lower(), None)
        codes += getattr(handler, "error_codes", ())
        return sorted(set(codes))
