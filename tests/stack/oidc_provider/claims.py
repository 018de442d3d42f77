"""The claims the test provider answers: the standard ones from the user, `email_verified` and
`groups` from the profiles file (settings.OIDC_PROFILES), read on every request."""

import json
from pathlib import Path
from typing import Any

from django.conf import settings
from oidc_provider.lib.claims import ScopeClaims


def _profile(username: str) -> dict[str, Any]:
    profiles: dict[str, dict[str, Any]] = json.loads(Path(settings.OIDC_PROFILES).read_text())
    return profiles.get(username, {})


def userinfo(claims: dict[str, Any], user: Any) -> dict[str, Any]:
    claims["email"] = user.email
    claims["email_verified"] = bool(_profile(user.username).get("email_verified", False))
    claims["preferred_username"] = user.username
    return claims


class GroupsScopeClaims(ScopeClaims):  # type: ignore[misc]
    info_groups = ("Groups", "The groups you are in.")

    def scope_groups(self) -> dict[str, Any]:
        return {"groups": list(_profile(self.user.username).get("groups", []))}
