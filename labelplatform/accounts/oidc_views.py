"""Single sign-on's two browser routes (mozilla-django-oidc's views): /api/v1/auth/oidc/authenticate/
sends the browser to the provider, /api/v1/auth/oidc/callback/ takes it back, signs it in (session
auth, like the password login) and goes on to the app. A login that fails or is refused lands on
/login?sso_error=<why>, which the login page explains; both routes are 404 while single sign-on is off.
"""

import logging

import requests
from django.conf import settings
from django.core.exceptions import SuspiciousOperation
from django.http import Http404, HttpRequest, HttpResponse
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

logger = logging.getLogger(__name__)

REFUSAL_ATTRIBUTE = "sso_refusal"  # flows/sso_backend.py sets it on the request when it turns a login away


def _enabled() -> None:
    if not settings.OIDC_ENABLED:
        raise Http404("single sign-on is not configured")


class OidcLoginView(OIDCAuthenticationRequestView):  # type: ignore[misc]  # the library is untyped
    def get(self, request: HttpRequest) -> HttpResponse:
        _enabled()
        response: HttpResponse = super().get(request)
        return response


class OidcCallbackView(OIDCAuthenticationCallbackView):  # type: ignore[misc]
    @property
    def failure_url(self) -> str:
        why = getattr(self.request, REFUSAL_ATTRIBUTE, "failed")
        return f"{settings.LOGIN_REDIRECT_URL_FAILURE}?sso_error={why}"

    def get(self, request: HttpRequest) -> HttpResponse:
        _enabled()
        try:
            response: HttpResponse = super().get(request)
        except (SuspiciousOperation, requests.RequestException, ValueError, KeyError) as failed:
            # A replayed or foreign state, a bad token, a provider that does not answer.
            logger.warning("single sign-on failed: %s", failed)
            response = self.login_failure()
        return response
