"""mozilla-django-oidc's authentication backend, with this site's account rules (flows/sso.py).

The library runs the authorization-code flow (state, nonce, PKCE, the token request, the ID token's
signature against the provider's keys); this adds what it leaves out: the ID token must be for our
client (and from OIDC_ISSUER when set), and the userinfo answer for the ID token's subject.
"""

import logging
from typing import Any

from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import User
from django.core.exceptions import SuspiciousOperation
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from labelplatform.accounts.oidc_views import REFUSAL_ATTRIBUTE
from labelplatform.flows.sso import SsoClaims, SsoRefused, sso_sign_in

logger = logging.getLogger(__name__)


def _claim(claims: dict[str, Any], path: str) -> Any:
    """A claim by name, or by a dotted path into nested objects (e.g. realm_access.roles)."""
    if path in claims:
        return claims[path]
    value: Any = claims
    for part in path.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    return value


def _groups(value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list):
        return tuple(str(group) for group in value if isinstance(group, str | int))
    return ()


def claims_of(id_token: dict[str, Any], userinfo: dict[str, Any]) -> SsoClaims:
    """The claims that matter here: userinfo's where both carry one."""
    merged = {**id_token, **userinfo}
    verified = merged.get("email_verified")
    return SsoClaims(
        issuer=str(id_token.get("iss", "")), subject=str(id_token["sub"]),
        email=str(merged.get("email") or ""),
        email_verified=verified is True or (isinstance(verified, str) and verified.lower() == "true"),
        username=str(merged.get("preferred_username") or ""),
        groups=_groups(_claim(merged, settings.OIDC_GROUPS_CLAIM)),
    )


class OidcBackend(OIDCAuthenticationBackend):  # type: ignore[misc]  # the library is untyped
    def verify_claims(self, claims: dict[str, Any]) -> bool:
        return bool(claims.get("sub"))

    def verify_token(self, token: str, **kwargs: Any) -> dict[str, Any]:
        payload: dict[str, Any] = super().verify_token(token, **kwargs)
        audience = payload.get("aud")
        if settings.OIDC_RP_CLIENT_ID not in (audience if isinstance(audience, list) else [audience]):
            raise SuspiciousOperation("the ID token is for another client")
        if settings.OIDC_ISSUER and payload.get("iss") != settings.OIDC_ISSUER:
            raise SuspiciousOperation(f"the ID token is from {payload.get('iss')!r}, not OIDC_ISSUER")
        return payload

    def get_or_create_user(self, access_token: str, id_token: str, payload: dict[str, Any]) -> User | None:
        userinfo: dict[str, Any] = self.get_userinfo(access_token, id_token, payload)
        if not self.verify_claims(userinfo) or userinfo.get("sub") != payload.get("sub"):
            raise SuspiciousOperation("the userinfo answer is for another subject")
        try:
            return sso_sign_in(claims=claims_of(payload, userinfo))
        except SsoRefused as refused:
            logger.info("single sign-on of %s refused: %s", payload.get("sub"), refused)
            setattr(self.request, REFUSAL_ATTRIBUTE, refused.code)
            return None

    def get_user(self, user_id: int) -> User | None:
        # The library's get_user would keep a deactivated user's session alive; Django's refuses it.
        user: User | None = ModelBackend.get_user(self, user_id)
        return user
