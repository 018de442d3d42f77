"""The whole stack for browser tests: a Celery worker and gunicorn on the test database."""

from collections.abc import Iterator

import pytest

from tests.conftest import PASSWORD
from tests.e2e.browser import require_frontend_build
from tests.stack.processes import celery_worker, free_port, gunicorn, require_services, stack_env, wait_for_port


@pytest.fixture
def stack_url(users, tmp_path, settings, monkeypatch) -> Iterator[str]:  # type: ignore[no-untyped-def]
    """Starts worker and web server; yields the base URL. Every fixed user can log in with PASSWORD."""
    require_services()
    require_frontend_build()
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's loop shares this thread
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]  # what the server knows
    for user in users.values():
        user.set_password(PASSWORD)
        user.save()
    env = stack_env(settings.MEDIA_ROOT)
    port = free_port()
    with celery_worker(env, tmp_path / "worker.log"), gunicorn(env, port, tmp_path / "web.log") as web:
        wait_for_port(port, web)
        yield f"http://127.0.0.1:{port}"
