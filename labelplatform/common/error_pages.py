"""Django's error pages (handler400/403/404/500): JSON with a `detail` under /api/, HTML elsewhere.

DRF answers errors raised in its views; these cover the rest: unknown API paths,
refusals before a view runs, and crashes outside DRF's handler.
"""

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views import defaults

from labelplatform.common.errors import TOO_LARGE
from labelplatform.common.middleware import is_api


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    if is_api(request):
        if isinstance(exception, TOO_LARGE):  # Django's own words: limits, not request content
            return JsonResponse({"detail": str(exception) or "the request is too large"}, status=413)
        return JsonResponse({"detail": "bad request"}, status=400)
    return defaults.bad_request(request, exception)


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    if is_api(request):
        return JsonResponse({"detail": "permission denied"}, status=403)
    return defaults.permission_denied(request, exception)


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    if is_api(request):
        return JsonResponse({"detail": "not found"}, status=404)
    return defaults.page_not_found(request, exception)


def server_error(request: HttpRequest) -> HttpResponse:
    if is_api(request):
        return JsonResponse({"detail": "server error"}, status=500)
    return defaults.server_error(request)
