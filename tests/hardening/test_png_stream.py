"""The PNG check in one streamed pass (issue 17's upload target): Pillow's verify() no longer reads
PNGs a second time, so what it checked (every chunk's name and CRC up to IEND) the stream check
must refuse too; the stored hash comes from the same pass and covers the whole file."""

import hashlib
import io
import struct
import zlib

import pytest
from django.core.files.storage import default_storage

from labelplatform.assets.models import Asset
from labelplatform.assets.png_stream import PngDataError, check_png_data
from tests.conftest import image_bytes
from tests.hardening.images import flat_png
from tests.hardening.test_upload_limits import stored_files, upload

pytestmark = pytest.mark.django_db
IEND = b"\x00\x00\x00\x00IEND\xaeB`\x82"


def chunk(kind: bytes, data: bytes, crc: int | None = None) -> bytes:
    crc = zlib.crc32(kind + data) if crc is None else crc
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)


def before_iend(png: bytes, extra: bytes) -> bytes:
    """The PNG with `extra` chunks between its pixel data and IEND (where only verify() used to look)."""
    assert png.endswith(IEND)
    return png[: -len(IEND)] + extra + IEND


@pytest.mark.parametrize("extra,why", [
    (chunk(b"tEXt", b"Comment\x00hello", crc=0x12345678), "CRC"),
    (chunk(b"tE:t", b"Comment\x00hello"), "chunk"),
    (chunk(b"tEXt", b"Comment\x00hello")[:-2], "CRC"),
])
def test_a_broken_chunk_after_the_pixel_data_is_refused(client_for, project, extra, why):
    bad = before_iend(image_bytes(40, 30), extra)
    response = upload(client_for("manager"), project, ("after.png", bad))
    assert response.status_code == 400
    assert "after.png" in response.json()["detail"] and why in response.json()["detail"], response.json()
    assert Asset.objects.count() == 0 and stored_files(project) == []


def test_a_wrong_adler32_at_the_end_of_the_pixel_stream_is_refused(client_for, project):
    good = flat_png(120, 80)
    start = good.index(b"IDAT") + 4
    length = struct.unpack(">I", good[start - 8:start - 4])[0]
    data = bytearray(good[start:start + length])
    data[-1] ^= 0x01  # the stream's adler32: every row inflates, the checksum does not match
    bad = good[:start - 8] + chunk(b"IDAT", bytes(data)) + good[start + length + 4:]
    response = upload(client_for("manager"), project, ("adler.png", bad))
    assert response.status_code == 400
    assert "adler.png" in response.json()["detail"] and "corrupt" in response.json()["detail"]


def test_the_stored_hash_is_the_whole_file_s_bytes_after_iend_included(client_for, project):
    data = image_bytes(50, 40) + b"trailing bytes some writers leave"
    response = upload(client_for("manager"), project, ("tail.png", data))
    assert response.status_code == 201, response.json()
    asset = Asset.objects.get()
    assert asset.sha256 == hashlib.sha256(data).hexdigest() == response.json()[0]["sha256"]
    with default_storage.open(asset.file, "rb") as stored:
        assert stored.read() == data


def test_the_check_hashes_what_it_reads_and_still_refuses_without_a_hash():
    data = image_bytes(64, 48)
    digest = hashlib.sha256()
    assert check_png_data(io.BytesIO(data), digest) is None
    assert digest.hexdigest() == hashlib.sha256(data).hexdigest()
    with pytest.raises(PngDataError, match="CRC"):
        check_png_data(io.BytesIO(before_iend(data, chunk(b"zTXt", b"k\x00\x00x", crc=1))))
