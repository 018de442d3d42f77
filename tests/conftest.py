"""Shared fixtures: fixed users per role, a project with an ontology, image bytes."""

import io
import os
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import numpy as np
import pytest
from django.contrib.auth.models import User
from django.db import connections
from PIL import Image
from rest_framework.test import APIClient

from labelplatform.projects.models import Membership, Project, Role
from labelplatform.projects.services import ontology_save, project_create


@pytest.fixture(autouse=True)
def _transactional_tests_close_their_connections(request):  # type: ignore[no-untyped-def]
    """A transactional test's connection could outlive it up to the session's end, when pytest-django
    then fails to drop the test database ("being accessed by other users"): close it after the test."""
    yield
    marker = request.node.get_closest_marker("django_db")
    if marker is not None and marker.kwargs.get("transaction"):
        connections.close_all()

PASSWORD = "correct horse battery"
CLASSES = [
    {"name": "car", "color": "#ff0000", "kind": "thing",
     "attributes": [{"name": "occluded", "type": "radio", "required": True,
                     "options": [{"value": "yes"}, {"value": "no"}]}]},
    {"name": "road", "color": "#00ff00", "kind": "stuff"},
]


def pytest_report_header() -> str:
    from django.conf import settings

    return f"database: {settings.DATABASES['default']['ENGINE']}  CI: {os.environ.get('CI', 'no')}"


@pytest.fixture(autouse=True)
def _media_in_tmp(request, settings, tmp_path):  # type: ignore[no-untyped-def]
    from tests.stack.shared import SharedStack, uses_shared_stack

    settings.MEDIA_ROOT = tmp_path / "media"
    if uses_shared_stack(request):
        settings.MEDIA_ROOT = request.getfixturevalue("stack_media")  # before any fixture writes a file
    elif SharedStack.started:
        SharedStack.started.park_worker()  # its jobs are the test's own to run (tests/stack/shared.py)
    settings.SCRATCH_ROOT = tmp_path / "scratch"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # speed only
    # Throttle counts (logins, password resets) in the shared cache start from nothing in each test.
    settings.CACHES = {"default": {**settings.CACHES["default"], "KEY_PREFIX": f"test-{uuid.uuid4().hex}"}}


@pytest.fixture(scope="session")
def stack_media(tmp_path_factory) -> Path:  # type: ignore[no-untyped-def]
    return Path(tmp_path_factory.mktemp("stack")) / "media"


@pytest.fixture(scope="session")
def shared_stack(django_db_setup, stack_media):  # type: ignore[no-untyped-def]
    """The session's worker and gunicorn on the test database (tests/stack/shared.py)."""
    from tests.stack.processes import require_services
    from tests.stack.shared import SharedStack

    require_services()
    stack = SharedStack(stack_media, stack_media.parent)
    yield stack
    stack.stop()


@pytest.fixture(scope="session")
def s3_endpoint(tmp_path_factory) -> Iterator[str]:  # type: ignore[no-untyped-def]
    """One S3-compatible server process for the session; each test that asks gets its own bucket."""
    from tests.stack.s3 import s3_server

    with s3_server(tmp_path_factory.mktemp("s3") / "s3.log") as endpoint:
        yield endpoint


@pytest.fixture
def s3_media(s3_endpoint, settings, monkeypatch, tmp_path) -> str:  # type: ignore[no-untyped-def]
    """Media in a fresh bucket, configured the way a deployment does it (S3_* variables); yields the bucket."""
    from labelplatform.storage_settings import s3_storage
    from tests.stack.s3 import new_bucket, s3_env

    bucket = new_bucket(s3_endpoint)
    for name, value in s3_env(s3_endpoint, bucket).items():
        monkeypatch.setenv(name, value)
    settings.STORAGES = {**settings.STORAGES, "default": s3_storage(bucket)}
    return bucket


@pytest.fixture
def users(db) -> dict[str, User]:  # type: ignore[no-untyped-def]
    return {
        name: User.objects.create_user(username=name, password=PASSWORD)
        for name in ("manager", "reviewer", "labeler", "labeler2", "viewer", "outsider")
    }


@pytest.fixture
def project(users: dict[str, User]) -> Project:
    # Open to labelers: these tests are about the API, tests/workflow covers restricted visibility.
    project = project_create(user=users["manager"], name="Streets", description="city scenes",
                             settings={"labelers_see_all": True})
    for name, role in [("reviewer", Role.REVIEWER), ("labeler", Role.LABELER),
                       ("labeler2", Role.LABELER), ("viewer", Role.VIEWER)]:
        Membership.objects.create(project=project, user=users[name], role=role)
    ontology_save(project=project, user=users["manager"], document={"classes": CLASSES, "classifications": [
        {"name": "weather", "type": "radio", "options": [{"value": "sun"}, {"value": "rain"}]}]})
    return project


@pytest.fixture
def client_for(users: dict[str, User]) -> Callable[[str], APIClient]:
    def make(name: str) -> APIClient:
        client = APIClient()
        client.force_authenticate(users[name])
        return client

    return make


@pytest.fixture
def staff(users: dict[str, User]) -> APIClient:
    """A client signed in as a staff user (users["staff"])."""
    users["staff"] = User.objects.create_user("staff", password=PASSWORD, is_staff=True)
    client = APIClient()
    client.force_authenticate(users["staff"])
    return client


def image_bytes(width: int = 64, height: int = 48, fmt: str = "PNG", exif_orientation: int | None = None) -> bytes:
    rng = np.random.default_rng(width * 1000 + height)
    pixels = rng.integers(0, 255, (height, width, 3), dtype=np.uint8)
    out = io.BytesIO()
    image = Image.fromarray(pixels)
    if exif_orientation:
        exif = Image.Exif()
        exif[0x0112] = exif_orientation
        image.save(out, fmt, exif=exif.tobytes())
    else:
        image.save(out, fmt)
    return out.getvalue()


@pytest.fixture
def asset(project: Project, users: dict[str, User]):  # type: ignore[no-untyped-def]
    from django.core.files.uploadedfile import SimpleUploadedFile

    from labelplatform.assets.services import assets_upload

    upload = SimpleUploadedFile("street.png", image_bytes(40, 30), content_type="image/png")
    return assets_upload(project=project, user=users["manager"], files=[upload])[0]
