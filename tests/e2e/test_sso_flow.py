"""Single sign-on in Chromium: the login page's "Sign in with ..." button, the real provider's own
login form (django-oidc-provider in a second process, tests/stack/oidc.py), and back on the platform,
signed in on the page asked for, with the project role the provider's group maps to."""

import json

import pytest
from django.contrib.auth.models import User

from tests.e2e.browser import browser_page, require_frontend_build
from tests.stack.oidc import PROVIDER_PASSWORD, oidc_env, oidc_provider
from tests.stack.processes import free_port, live_stack

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_sign_in_with_the_provider_lands_on_the_project_with_the_mapped_role(
        users, project, tmp_path, settings, monkeypatch):
    require_frontend_build()
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's loop shares this thread
    # The web server reads its OIDC_* variables at start, so the provider's port is chosen first.
    provider_port = free_port()
    for name, value in oidc_env(f"http://127.0.0.1:{provider_port}").items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("OIDC_GROUP_ROLES", json.dumps({"annotators": {"project": project.id, "role": "labeler"}}))
    (tmp_path / "op").mkdir()

    with live_stack(users, tmp_path, settings) as url, \
            oidc_provider(tmp_path / "op", f"{url}/api/v1/auth/oidc/callback/", {"ana": "ana@example.test"},
                          port=provider_port) as provider, browser_page(tmp_path) as page:
        provider.profile("ana", email_verified=True, groups=["annotators"])

        # given the login page, asked for on the way to the project
        page.goto(f"{url}/login?next=/projects/{project.id}")
        button = page.get_by_test_id("login-sso")
        assert button.inner_text(timeout=20_000) == "Sign in with Test provider"

        # when ana signs in at the provider
        button.click()
        page.locator("input[name=username]").fill("ana")
        page.locator("input[name=password]").fill(PROVIDER_PASSWORD)
        page.get_by_role("button", name="Sign in").click()

        # then she is back, signed in, on the project, a labeler of it
        page.wait_for_url(f"{url}/projects/{project.id}", timeout=20_000)
        assert page.get_by_test_id("header-username").inner_text(timeout=20_000).startswith("ana")
        ana = User.objects.get(username="ana")
        assert ana.memberships.get(project=project).role == "labeler"

        # and signing out ends the session here
        page.get_by_test_id("logout").click()
        page.get_by_test_id("login-form").wait_for(timeout=20_000)
        assert page.evaluate("fetch('/api/v1/auth/session').then(r => r.json())") == {"user": None}
