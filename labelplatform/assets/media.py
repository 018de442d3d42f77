"""Serving stored files only after the caller's access was checked.

MEDIA_SERVE=django streams the file; "nginx" answers X-Accel-Redirect so nginx
sends it from an `internal` location; "sendfile" answers X-Sendfile (Apache,
lighttpd); "signed" (S3 storage) redirects to a presigned URL that expires in
MEDIA_SIGNED_URL_SECONDS. Either way no lasting public URL to the media exists.
An external asset file (assets/external.py: an object in a customer's bucket)
is redirected to the URL its opener signs, or streamed when it gives none.
"""

import mimetypes

from django.conf import settings
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpResponse, HttpResponseBase, HttpResponseRedirect

from labelplatform.assets.external import ExternalFiles, ExternalUnavailable, external_of


def serve_media(path: str, download_name: str | None = None) -> HttpResponseBase:
    external = external_of(path) if path else None
    if external is not None:
        return _serve_external(*external, download_name)
    if not path or not default_storage.exists(path):
        raise Http404("file not found")
    content_type = mimetypes.guess_type(path)[0] or "application/octet-stream"
    mode = settings.MEDIA_SERVE
    if mode == "signed":
        return _signed_redirect(path, content_type, download_name)
    if mode in ("nginx", "sendfile"):
        response: HttpResponseBase = HttpResponse(content_type=content_type)
        if mode == "nginx":
            response["X-Accel-Redirect"] = settings.MEDIA_ACCEL_PREFIX.rstrip("/") + "/" + path
        else:
            response["X-Sendfile"] = default_storage.path(path)
    else:
        response = FileResponse(default_storage.open(path, "rb"), content_type=content_type)
    return _private(response, download_name)


def _private(response: HttpResponseBase, download_name: str | None) -> HttpResponseBase:
    if download_name:
        response["Content-Disposition"] = f'attachment; filename="{download_name}"'
    # Private data: browsers may cache, shared proxies may not.
    response["Cache-Control"] = "private, max-age=3600"
    return response


def _signed_redirect(path: str, content_type: str, download_name: str | None) -> HttpResponseBase:
    expires = settings.MEDIA_SIGNED_URL_SECONDS
    parameters = {"ResponseContentType": content_type}
    if download_name:
        parameters["ResponseContentDisposition"] = f'attachment; filename="{download_name}"'
    # S3Storage.url takes the response headers to sign and the lifetime.
    url = default_storage.url(path, parameters=parameters, expire=expires)  # type: ignore[call-arg]
    response = HttpResponseRedirect(url)
    # A cached redirect must still lead to a live URL: keep it for half the URL's life at most.
    response["Cache-Control"] = f"private, max-age={expires // 2}"
    return response


def _serve_external(opener: ExternalFiles, rest: str, download_name: str | None) -> HttpResponseBase:
    content_type = mimetypes.guess_type(rest)[0] or "application/octet-stream"
    try:
        url = opener.url(rest, content_type, download_name)
        if url is not None:
            response = HttpResponseRedirect(url)
            response["Cache-Control"] = f"private, max-age={settings.MEDIA_SIGNED_URL_SECONDS // 2}"
            return response
        stream = opener.open(rest)
    except FileNotFoundError:
        raise Http404("file not found") from None
    except OSError as exc:
        raise ExternalUnavailable(str(exc)) from None
    return _private(FileResponse(stream, content_type=content_type), download_name)
