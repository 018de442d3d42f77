"""Requests refused before any view sees them, answered in JSON under /api/.

A NUL character in the path or the query string reaches PostgreSQL as a lookup
value, which refuses it with an exception (a 500); here it is a 400.

A body over its view's limit is refused from the Content-Length header before
anything reads it: Django parses a multipart body as soon as anything touches
request.POST (the CSRF check does), so a view's own check comes too late.
"""

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse

API_PREFIX = "/api/"


def is_api(request: HttpRequest) -> bool:
    return request.path_info.startswith(API_PREFIX)


class RefuseNulMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if is_api(request):
            where = _nul_in(request)
            if where:
                return JsonResponse({"detail": f"{where}: contains a NUL character"}, status=400)
        return self.get_response(request)


def _nul_in(request: HttpRequest) -> str | None:
    if "\x00" in request.path_info:
        return "path"
    for key, values in request.GET.lists():
        if "\x00" in key:
            return "query parameter name"
        if any("\x00" in value for value in values):
            return f"query parameter {key}"
    return None


class BodyLimitMiddleware:
    """Refuses a request whose Content-Length is over the setting its view class names in `body_limit_setting`."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func: Callable[..., Any], view_args: Any,
                     view_kwargs: Any) -> HttpResponse | None:
        name = getattr(getattr(view_func, "cls", view_func), "body_limit_setting", None)
        if name is None:
            return None
        limit = int(getattr(settings, name))
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0  # Django reads no body without a valid length either
        if length > limit:
            return JsonResponse({"detail": f"the request is {length} bytes, over the {limit} byte limit ({name})"},
                                status=413)
        return None
