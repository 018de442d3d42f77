"""Requests refused before any view sees them, answered in JSON under /api/.

A NUL character in the path or the query string reaches PostgreSQL as a lookup
value, which refuses it with an exception (a 500); here it is a 400.
"""

from collections.abc import Callable

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
