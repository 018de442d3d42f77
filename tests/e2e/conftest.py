"""The whole stack for browser tests: a Celery worker and gunicorn on the test database."""

from collections.abc import Iterator

import pytest

from tests.e2e.browser import require_frontend_build
from tests.stack.shared import stack_for


@pytest.fixture
def stack_url(request, users, tmp_path, settings, monkeypatch) -> Iterator[str]:  # type: ignore[no-untyped-def]
    """A worker and web server (the session's, tests/stack/shared.py); yields the base URL. Every fixed
    user can log in with PASSWORD."""
    require_frontend_build()
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's loop shares this thread
    with stack_for(request, users, tmp_path, settings) as url:
        yield url
