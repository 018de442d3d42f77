"""Uploads within a memory budget, whatever their size (issue 14, item 4).

The report: a real 10900x10900 RGBA PNG of 461 KB cost the web worker 464 MB
and the thumbnail job 1.4 GB; two 150 MiB files in one request were accepted
and a 200 MiB + 1 file was refused only after the whole body arrived.
bench/memory.py measures the memory; these tests hold the behaviour.
"""

import io
import zlib

import numpy as np
import pytest
from django.core.files.storage import default_storage
from PIL import Image
from rest_framework.test import APIClient

from labelplatform.assets.models import Asset
from labelplatform.assets.services import thumbnail_make
from tests.conftest import image_bytes
from tests.hardening.images import flat_png, with_idat

pytestmark = pytest.mark.django_db
MIB = 1024 * 1024


def upload(client: APIClient, project, *files: tuple[str, bytes]):  # type: ignore[no-untyped-def]
    parts = []
    for name, data in files:
        part = io.BytesIO(data)
        part.name = name
        parts.append(part)
    return client.post(f"/api/v1/projects/{project.id}/assets", {"files": parts}, format="multipart")


class UnreadableBody:
    """A request body that fails the test if anything reads it."""

    def read(self, *args: object) -> bytes:
        raise AssertionError("the body was read")

    readline = read


def post_claiming(client: APIClient, project, length: int):  # type: ignore[no-untyped-def]
    return client.post(f"/api/v1/projects/{project.id}/assets", b"",
                       content_type="multipart/form-data; boundary=xyz",
                       CONTENT_LENGTH=str(length), **{"wsgi.input": UnreadableBody()})


def stored_files(project) -> list[str]:  # type: ignore[no-untyped-def]
    folder = f"assets/{project.id}"
    return default_storage.listdir(folder)[1] if default_storage.exists(folder) else []


def test_the_reported_10900_square_png_is_accepted_and_its_thumbnail_is_right(client_for, project):
    response = upload(client_for("manager"), project, ("huge.png", flat_png(10900, 10900)))
    assert response.status_code == 201, response.json()
    assert (response.json()[0]["width"], response.json()[0]["height"]) == (10900, 10900)
    asset = Asset.objects.get()
    thumbnail_make(asset=asset)
    asset.refresh_from_db()
    with default_storage.open(asset.thumbnail) as handle, Image.open(handle) as thumb:
        assert thumb.size == (256, 256)
        assert thumb.convert("RGBA").getpixel((128, 128)) == (20, 40, 60, 255)


def test_two_150_mib_files_in_one_request_are_refused_before_the_body_is_read(client_for, project):
    response = post_claiming(client_for("manager"), project, 2 * 150 * MIB + 1000)
    assert response.status_code == 413
    assert "MAX_UPLOAD_REQUEST_BYTES" in response.json()["detail"]
    assert Asset.objects.count() == 0


def test_a_200_mib_plus_one_file_is_refused_before_the_body_is_read(client_for, project):
    response = post_claiming(client_for("manager"), project, 200 * MIB + 1)
    assert response.status_code == 413
    assert response["Content-Type"] == "application/json"


def test_the_request_limit_counts_all_files_together(client_for, project, settings):
    settings.MAX_UPLOAD_REQUEST_BYTES = 30_000
    one = image_bytes(80, 60)  # about 14 KB each: one fits, three do not
    assert upload(client_for("manager"), project, ("a.png", one)).status_code == 201
    response = upload(client_for("manager"), project, ("b.png", one), ("c.png", one), ("d.png", one))
    assert response.status_code == 413
    assert Asset.objects.count() == 1 and len(stored_files(project)) == 1


def test_corrupt_png_pixel_data_with_valid_chunk_crcs_is_refused(client_for, project):
    good = flat_png(300, 200)
    broken = bytearray(zlib.compress(b"\x00" + b"\x01\x02\x03\x04" * 300) * 3)
    # Pillow's verify checks only the chunks: the pixel data is checked by inflating it as a stream.
    for bad, why in [(with_idat(good, bytes(broken[:40])), "incomplete"),
                     (with_idat(good, b"\x78\x9c" + b"\xff" * 60), "corrupt"),
                     (with_idat(good, zlib.compress((b"\x07" + b"\x00" * 1200) * 200)), "filter")]:
        response = upload(client_for("manager"), project, ("bad.png", bad))
        assert response.status_code == 400, why
        assert "bad.png" in response.json()["detail"] and why in response.json()["detail"], response.json()
    assert Asset.objects.count() == 0 and stored_files(project) == []


@pytest.mark.parametrize("mode,options", [
    ("RGB", {"interlace": 1}), ("I;16", {}), ("P", {}), ("1", {}), ("LA", {"interlace": 1}),
])
def test_pngs_of_every_kind_still_pass_the_streamed_check(client_for, project, mode, options):
    pixels = np.random.default_rng(7).integers(0, 255, (37, 53, 3), dtype=np.uint8)
    image = Image.fromarray(pixels).convert(mode if mode != "I;16" else "I").convert(mode) if mode != "P" \
        else Image.fromarray(pixels).quantize(16)
    out = io.BytesIO()
    image.save(out, "PNG", **options)
    response = upload(client_for("manager"), project, ("kind.png", out.getvalue()))
    assert response.status_code == 201, response.json()
    assert (response.json()[0]["width"], response.json()[0]["height"]) == (53, 37)


def test_a_truncated_jpeg_is_refused_though_checked_at_reduced_scale(client_for, project):
    data = image_bytes(400, 300, "JPEG")
    response = upload(client_for("manager"), project, ("cut.jpg", data[: len(data) * 2 // 3]))
    assert response.status_code == 400
    assert "cut.jpg" in response.json()["detail"]


def test_a_format_that_must_decode_in_full_is_refused_over_the_decode_budget(client_for, project, settings):
    settings.MAX_DECODE_BYTES = 100 * 100 * 4 - 1  # one byte short of a 100x100 RGB image
    response = upload(client_for("manager"), project, ("wide.bmp", image_bytes(100, 100, "BMP")))
    assert response.status_code == 400
    assert "MAX_DECODE_BYTES" in response.json()["detail"]
    assert Asset.objects.count() == 0
    settings.MAX_DECODE_BYTES = 100 * 100 * 4
    assert upload(client_for("manager"), project, ("wide.bmp", image_bytes(100, 100, "BMP"))).status_code == 201


def test_exif_rotation_needs_two_copies_within_the_budget(client_for, project, settings):
    settings.MAX_DECODE_BYTES = 2 * 40 * 20 * 4 - 1
    rotated = image_bytes(40, 20, "JPEG", 6)
    response = upload(client_for("manager"), project, ("phone.jpg", rotated))
    assert response.status_code == 400
    assert "rotating" in response.json()["detail"]
    settings.MAX_DECODE_BYTES = 2 * 40 * 20 * 4
    response = upload(client_for("manager"), project, ("phone.jpg", rotated))
    assert (response.json()[0]["width"], response.json()[0]["height"]) == (20, 40)


@pytest.mark.parametrize("fmt,mode", [("PNG", "RGBA"), ("PNG", "P"), ("JPEG", "RGB"), ("TIFF", "RGB")])
def test_thumbnails_from_strips_match_a_whole_image_thumbnail(client_for, project, fmt, mode):
    rng = np.random.default_rng(3)
    # Smooth gradients with noise: a thumbnail of this is close to the one Pillow makes from the whole image.
    y, x = np.mgrid[0:1400, 0:2100]
    pixels = np.stack([x * 255 // 2100, y * 255 // 1400, (x + y) * 255 // 3500, 255 - x * 200 // 2100], axis=-1)
    pixels = np.clip(pixels + rng.integers(0, 8, pixels.shape), 0, 255).astype(np.uint8)
    image = Image.fromarray(pixels, "RGBA").convert(mode) if mode != "P" \
        else Image.fromarray(pixels[..., :3]).quantize(64)
    out = io.BytesIO()
    image.save(out, fmt)
    response = upload(client_for("manager"), project, (f"grad.{fmt.lower()}", out.getvalue()))
    asset = Asset.objects.get(pk=response.json()[0]["id"])
    thumbnail_make(asset=asset)
    asset.refresh_from_db()
    expected = Image.open(io.BytesIO(out.getvalue())).convert("RGBA" if mode in ("RGBA", "P") else "RGB")
    expected.thumbnail((256, 256), Image.Resampling.LANCZOS)
    with default_storage.open(asset.thumbnail) as handle, Image.open(handle) as thumb:
        assert thumb.size == expected.size == (256, 171)
        difference = np.abs(np.asarray(thumb.convert(expected.mode), np.int16) - np.asarray(expected, np.int16))
        assert difference.mean() < 3, difference.mean()


def test_a_png_s_exif_orientation_is_read_without_decoding_it(client_for, project):
    response = upload(client_for("manager"), project, ("phone.png", image_bytes(40, 20, "PNG", 6)))
    assert (response.json()[0]["width"], response.json()[0]["height"]) == (20, 40)
    with default_storage.open(Asset.objects.get().file) as handle, Image.open(handle) as stored:
        assert stored.size == (20, 40)
