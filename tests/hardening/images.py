"""PNG files written row by row, so a test can make a 10900x10900 image without holding its pixels."""

import struct
import zlib


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def flat_png(width: int, height: int, rgba: tuple[int, int, int, int] = (20, 40, 60, 255)) -> bytes:
    """An RGBA PNG of one colour: each row is filter 0 and the same pixels, compressed as a stream."""
    row = b"\x00" + bytes(rgba) * width
    squeeze = zlib.compressobj(9)
    data = b"".join(squeeze.compress(row) for _ in range(height)) + squeeze.flush()
    header = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header) + _chunk(b"IDAT", data) + _chunk(b"IEND", b"")


def with_idat(png: bytes, idat: bytes) -> bytes:
    """The same PNG with other IDAT data (and a correct CRC): the chunk checks pass, the pixels do not."""
    header_end = 8 + 12 + 13
    return png[:header_end] + _chunk(b"IDAT", idat) + _chunk(b"IEND", b"")
