"""The built frontend: index.html for every app route; its assets come from /static/app/.

The icon is served here, not from the build, so /favicon.ico is an image even before the frontend is built.
"""

from pathlib import Path

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.views.decorators.csrf import ensure_csrf_cookie
from django.views.decorators.http import require_GET

MISSING_BUILD = (
    "<!doctype html><title>labelplatform</title><h1>Frontend not built</h1>"
    "<p>Run <code>npm ci &amp;&amp; npm run build</code> in <code>frontend/</code> "
    "(the README's run command does it). The API is at <a href='/api/v1/docs/'>/api/v1/docs/</a>.</p>"
)


@require_GET
@ensure_csrf_cookie
def spa(request: HttpRequest, path: str = "") -> HttpResponse:
    index = settings.FRONTEND_DIST / "index.html"
    if not index.exists():
        return HttpResponse(MISSING_BUILD, status=503)
    response = HttpResponse(index.read_bytes(), content_type="text/html; charset=utf-8")
    response["Cache-Control"] = "no-cache"
    return response


ICONS = {"ico": "image/x-icon", "svg": "image/svg+xml"}


@require_GET
def favicon(request: HttpRequest, kind: str) -> HttpResponse:
    response = HttpResponse((Path(__file__).parent / f"favicon.{kind}").read_bytes(), content_type=ICONS[kind])
    response["Cache-Control"] = "public, max-age=86400"
    return response


@require_GET
def health(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")
