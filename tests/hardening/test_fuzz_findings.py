"""What schemathesis found over the live schema (issue 14, item 9), each held at its cause."""

import pytest

from tests.conftest import image_bytes
from tests.hardening.test_upload_limits import upload

pytestmark = pytest.mark.django_db


def test_a_jpeg_narrower_than_the_check_scale_is_stored(client_for, project):
    # the JPEG check decodes at 1/8 scale: a 5x3 image asked Pillow for a 0x0 draft (ZeroDivisionError, 500)
    answer = upload(client_for("manager"), project, ("tiny.jpg", image_bytes(5, 3, "JPEG")))
    assert answer.status_code == 201, answer.content
    assert (answer.json()[0]["width"], answer.json()[0]["height"]) == (5, 3)
