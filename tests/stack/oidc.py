"""A real OpenID Connect provider in a second process (tests/stack/oidc_provider, django-oidc-provider
under gunicorn, its own SQLite), and a browser-like walk through the authorization-code flow."""

import html
import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import requests

from tests.stack.processes import BIN, ROOT, free_port, running, wait_for_port

CLIENT_ID = "labelplatform-tests"
CLIENT_SECRET = "a-client-secret-for-tests-only"
PROVIDER_PASSWORD = "provider passphrase"


def oidc_env(provider_url: str) -> dict[str, str]:
    """The environment that points the platform at the test provider (docs/configuration.md)."""
    issuer = f"{provider_url}/openid"
    return {"OIDC_RP_CLIENT_ID": CLIENT_ID, "OIDC_RP_CLIENT_SECRET": CLIENT_SECRET,
            "OIDC_OP_AUTHORIZATION_ENDPOINT": f"{issuer}/authorize", "OIDC_OP_TOKEN_ENDPOINT": f"{issuer}/token",
            "OIDC_OP_USER_ENDPOINT": f"{issuer}/userinfo", "OIDC_OP_JWKS_ENDPOINT": f"{issuer}/jwks",
            "OIDC_ISSUER": issuer, "OIDC_RP_SCOPES": "openid email profile groups",
            "OIDC_PROVIDER_NAME": "Test provider"}


@dataclass
class Provider:
    url: str  # e.g. http://127.0.0.1:4321
    profiles: Path  # {username: {"email_verified": bool, "groups": [...]}}, read on every userinfo request

    @property
    def issuer(self) -> str:
        return f"{self.url}/openid"

    def settings(self) -> dict[str, Any]:
        """The platform's settings for this provider, as the OIDC_* variables of oidc_env make them."""
        return {**oidc_env(self.url), "OIDC_ENABLED": True,
                "AUTHENTICATION_BACKENDS": ["django.contrib.auth.backends.ModelBackend",
                                            "labelplatform.flows.sso_backend.OidcBackend"]}

    def profile(self, username: str, *, email_verified: bool, groups: list[str]) -> None:
        profiles = json.loads(self.profiles.read_text())
        profiles[username] = {"email_verified": email_verified, "groups": groups}
        self.profiles.write_text(json.dumps(profiles))


@contextmanager
def oidc_provider(folder: Path, redirect_uri: str, users: dict[str, str], port: int = 0) -> Iterator[Provider]:
    """The provider with a confidential client for `redirect_uri` and `users` ({username: email}),
    each with PROVIDER_PASSWORD; on `port` when given (a server told the provider's address before it starts)."""
    env = {**os.environ, "PYTHONUNBUFFERED": "1", "DJANGO_SETTINGS_MODULE": "tests.stack.oidc_provider.settings",
           "OIDC_PROVIDER_DB": str(folder / "provider.sqlite3"),
           "OIDC_PROVIDER_PROFILES": str(folder / "profiles.json")}
    (folder / "profiles.json").write_text("{}")
    spec = {"client_id": CLIENT_ID, "client_secret": CLIENT_SECRET, "redirect_uri": redirect_uri,
            "users": [{"username": name, "email": email, "password": PROVIDER_PASSWORD}
                      for name, email in users.items()]}
    (folder / "spec.json").write_text(json.dumps(spec))
    subprocess.run([sys.executable, "-m", "tests.stack.oidc_provider.seed", str(folder / "spec.json")],
                   cwd=ROOT, env=env, check=True)
    port = port or free_port()
    args = [str(BIN / "gunicorn"), "tests.stack.oidc_provider.wsgi:application", "--bind", f"127.0.0.1:{port}",
            "--workers", "1", "--threads", "4"]
    with running(args, env, folder / "provider.log") as process:
        wait_for_port(port, process)
        yield Provider(url=f"http://127.0.0.1:{port}", profiles=folder / "profiles.json")


def sso_login(site: str, username: str, browser: requests.Session | None = None,
              next_path: str = "") -> tuple[requests.Session, str]:
    """Click "Sign in with ..." on `site`, sign in at the provider's own login form, and follow the
    redirects back: answers the browser (its cookies) and the site's page it ended on (path and query)."""
    browser = browser or requests.Session()
    start = f"{site}/api/v1/auth/oidc/authenticate/" + (f"?next={next_path}" if next_path else "")
    page = browser.get(start, timeout=30)
    if "name=\"password\"" in page.text:  # the provider's login form: no provider session yet
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
        assert token is not None, page.text
        nxt = re.search(r'name="next" value="([^"]*)"', page.text)
        page = browser.post(urljoin(page.url, "/accounts/login/"), timeout=30, data={
            "csrfmiddlewaretoken": token.group(1), "username": username, "password": PROVIDER_PASSWORD,
            "next": html.unescape(nxt.group(1) if nxt else "")})
    landed = urlsplit(page.url)
    assert f"{landed.scheme}://{landed.netloc}" == site, f"ended at {page.url}: {page.text[:500]}"
    return browser, landed.path + (f"?{landed.query}" if landed.query else "")


def signed_in_as(site: str, browser: requests.Session) -> str | None:
    """The user name the site's session says the browser is signed in as."""
    user = browser.get(f"{site}/api/v1/auth/session", timeout=30).json()["user"]
    return None if user is None else str(user["username"])
