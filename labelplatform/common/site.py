"""The origin that links in e-mails start with (password resets, invitations' sign-up links).

SITE_URL when it is set: a request's Host header is the client's to choose, so a link built from
it could send a reset token to a host the attacker picked (reset poisoning) wherever ALLOWED_HOSTS
takes more than our own names. Without it, the origin the caller used (a host in ALLOWED_HOSTS).
"""

from django.conf import settings
from rest_framework.request import Request


def site_origin(request: Request) -> str:
    configured = str(settings.SITE_URL).rstrip("/")
    return configured or request.build_absolute_uri("/").rstrip("/")
