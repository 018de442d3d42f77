"""Every error is JSON with a `detail`; validation errors add per-field messages."""

from typing import Any

from django.core.exceptions import (
    PermissionDenied,
    RequestDataTooBig,
    SuspiciousOperation,
    TooManyFieldsSent,
    TooManyFilesSent,
)
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from labelplatform.common.parsers import RequestTooLarge


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = "conflict"
    default_code = "conflict"


class NotReady(exceptions.APIException):
    """Not computed yet, which is no error: 202 with `detail` and the `job` computing it, and
    `Retry-After: 1` (DRF's handler sets it from `wait`); the client asks again later."""

    status_code = status.HTTP_202_ACCEPTED
    default_detail = "being computed"
    default_code = "not_ready"
    wait = 1

    def __init__(self, detail: str, job: int) -> None:
        super().__init__(detail)
        self.job = job


# Django's refusals of a request body, raised when DRF first reads it: JSON answers, not its HTML page.
TOO_LARGE = (RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent)


def _first_message(data: Any) -> str:
    if isinstance(data, list) and data:
        return _first_message(data[0])
    if isinstance(data, dict) and data:
        key, value = next(iter(data.items()))
        inner = _first_message(value)
        return inner if key == "non_field_errors" else f"{key}: {inner}"
    return str(data)


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, Http404):
        exc = exceptions.NotFound(str(exc) or "not found")
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or "permission denied")
    elif isinstance(exc, TOO_LARGE):
        exc = RequestTooLarge(str(exc) or RequestTooLarge.default_detail)
    elif isinstance(exc, SuspiciousOperation):
        exc = exceptions.ParseError(str(exc) or "bad request")
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    data = response.data
    if isinstance(exc, NotReady):
        response.data = {"detail": str(exc.detail), "job": exc.job}
        return response
    if isinstance(data, dict) and "detail" in data:
        return response
    response.data = {"detail": _first_message(data), **(data if isinstance(data, dict) else {"errors": data})}
    return response
