"""Typed errors of the SDK. Every answer of 400 or more raises an :class:`ApiError` subclass whose
``detail`` is the API's ``detail`` (or, for validation errors, the per-field messages joined)."""

from __future__ import annotations

from typing import Any


class ClientError(Exception):
    """Anything the SDK raises."""


class ApiError(ClientError):
    """The server answered with an error status."""

    def __init__(self, status: int, detail: str, body: Any = None, *, method: str = "", url: str = "") -> None:
        super().__init__(f"{status}: {detail}")
        self.status = status
        self.detail = detail
        self.body = body
        self.method = method
        self.url = url


class BadRequest(ApiError):
    """400: the input was refused; ``body`` holds the per-field messages."""


class Unauthorized(ApiError):
    """401: no token, or a token the server does not know."""


class Forbidden(ApiError):
    """403: your role may not do this."""


class NotFound(ApiError):
    """404: no such object, or one of a project you are not a member of."""


class Conflict(ApiError):
    """409: e.g. a stale label revision (``body["current"]``) or a job that already ended."""


class PayloadTooLarge(ApiError):
    """413: a body over the server's limits."""


class Throttled(ApiError):
    """429: too many requests (retried for idempotent calls before this is raised)."""


class ServerError(ApiError):
    """5xx: the server failed or is unavailable (retried for idempotent calls before this is raised)."""


class NotReady(ClientError):
    """202 from ``segment`` or ``proposals``: a worker is computing the asset's embedding or proposals (job
    ``job``); ask again after ``retry_after`` seconds. Not computed yet is no error status."""

    def __init__(self, detail: str, job: int | None, retry_after: float) -> None:
        super().__init__(detail)
        self.detail = detail
        self.job = job
        self.retry_after = retry_after


class ConnectionFailed(ClientError):
    """The server could not be reached (after the retries)."""


class JobFailed(ClientError):
    """A waited-for job ended ``failed`` or ``cancelled``; ``job`` is its last state."""

    def __init__(self, job: dict[str, Any]) -> None:
        super().__init__(f"job {job.get('id')} {job.get('status')}: {job.get('error') or 'no error given'}")
        self.job = job


class JobTimeout(ClientError):
    """A job did not end within the wait's timeout; ``job`` is its last state."""

    def __init__(self, job: dict[str, Any], seconds: float) -> None:
        super().__init__(f"job {job.get('id')} still {job.get('status')} after {seconds:g} s")
        self.job = job


_BY_STATUS: dict[int, type[ApiError]] = {
    400: BadRequest, 401: Unauthorized, 403: Forbidden, 404: NotFound, 409: Conflict, 413: PayloadTooLarge,
    429: Throttled,
}


def _flatten(body: Any, prefix: str = "") -> list[str]:
    if isinstance(body, dict):
        return [m for key, value in body.items() for m in _flatten(value, f"{prefix}{key}: ")]
    if isinstance(body, list):
        return [m for value in body for m in _flatten(value, prefix)]
    return [f"{prefix}{body}"]


def detail_of(body: Any, fallback: str) -> str:
    """The API's ``detail``, or its field messages (``name: this field is required``) joined."""
    if isinstance(body, dict) and isinstance(body.get("detail"), str):
        return str(body["detail"])
    if isinstance(body, dict | list) and body:
        return "; ".join(_flatten(body))
    return fallback


def error_for(status: int, body: Any, fallback: str, *, method: str = "", url: str = "") -> ApiError:
    kind = _BY_STATUS.get(status, ServerError if status >= 500 else ApiError)
    return kind(status, detail_of(body, fallback), body, method=method, url=url)
