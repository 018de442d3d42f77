"""Fixtures of the pre-labeling tests: images with a known object, labels, tiny ONNX models."""

import io
import os
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from labelplatform.assets.services import assets_upload
from labelplatform.masks import encode
from labelplatform.prelabel.builtin import mobilesam
from labelplatform.prelabel.builtin.installed import builtin_status

WIDTH, HEIGHT = 160, 120


def scene(seed: int = 0, width: int = WIDTH, height: int = HEIGHT) -> tuple[np.ndarray, np.ndarray]:
    """A noisy dark-green background with a bright red ellipse ("car"); returns (rgb, car mask)."""
    rng = np.random.default_rng(seed)
    image = np.empty((height, width, 3), np.uint8)
    image[:] = (40, 90, 40)
    yy, xx = np.mgrid[:height, :width]
    cx, cy = width * (0.4 + 0.2 * rng.random()), height * (0.4 + 0.2 * rng.random())
    car = ((xx - cx) / (width * 0.22)) ** 2 + ((yy - cy) / (height * 0.25)) ** 2 <= 1.0
    image[car] = (210, 40, 50)
    noise = rng.normal(0, 8, image.shape)
    return np.clip(image + noise, 0, 255).astype(np.uint8), car


def png_bytes(rgb: np.ndarray) -> bytes:
    out = io.BytesIO()
    Image.fromarray(rgb).save(out, "PNG")
    return out.getvalue()


@pytest.fixture(autouse=True)
def _per_process_caches_start_empty():  # type: ignore[no-untyped-def]
    """The caches are keyed by row ids, which SQLite hands out again after each test's rollback."""
    from labelplatform.prelabel.backends import SESSIONS
    from labelplatform.prelabel.images import PREPARED

    SESSIONS.clear()
    PREPARED.clear()


@pytest.fixture
def upload(project, users) -> Callable[..., object]:  # type: ignore[no-untyped-def]
    def make(rgb: np.ndarray, name: str = "scene.png"):  # type: ignore[no-untyped-def]
        file = SimpleUploadedFile(name, png_bytes(rgb), content_type="image/png")
        return assets_upload(project=project, user=users["manager"], files=[file])[0]

    return make


@pytest.fixture
def scene_asset(upload):  # type: ignore[no-untyped-def]
    rgb, car = scene(0)
    asset = upload(rgb)
    asset.truth = car
    return asset


def car_label_body(mask: np.ndarray, status: str = "submitted") -> dict[str, object]:
    return {"objects": [{"class": 1, "mask": encode(mask), "attributes": {"occluded": "no"}}],
            "classifications": {"weather": "sun"}, "status": status, "time_spent_s": 12.0}


@pytest.fixture
def installed() -> Path:
    """The real MobileSAM: a failure under CI (it must have run scripts/models), a skip elsewhere."""
    model, reason = builtin_status(mobilesam.NAME)
    if model is None:
        message = f"MobileSAM is not installed ({reason}); run scripts/models"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return Path(django_settings.MODELS_ROOT) / mobilesam.NAME
