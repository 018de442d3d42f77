"""A live server for the client tests: gunicorn and a real Celery worker on the test database."""

from collections.abc import Iterator
from pathlib import Path

import pytest

from labelplatform.client import Client
from tests.conftest import PASSWORD, image_bytes
from tests.stack.shared import stack_for


@pytest.fixture
def live_url(request, users, tmp_path, settings) -> Iterator[str]:  # type: ignore[no-untyped-def]
    """A worker and web server (the session's, tests/stack/shared.py); yields the base URL. Every fixed
    user can log in with PASSWORD."""
    with stack_for(request, users, tmp_path, settings) as url:
        yield url


@pytest.fixture
def manager_token(live_url: str) -> str:
    with Client.login(live_url, "manager", PASSWORD) as lp:
        assert lp.http.token
        return lp.http.token


@pytest.fixture
def image_dir(tmp_path: Path) -> Path:
    """Three PNGs of different sizes, one in a subfolder, and a text file that is not an image."""
    folder = tmp_path / "images"
    (folder / "sub").mkdir(parents=True)
    (folder / "a.png").write_bytes(image_bytes(40, 30))
    (folder / "b.png").write_bytes(image_bytes(32, 24))
    (folder / "sub" / "c.png").write_bytes(image_bytes(20, 10))
    (folder / "notes.txt").write_text("not an image")
    return folder
