"""Checking a PNG's pixel data without holding the decoded image.

Pillow has no reduced decode for PNG: `load()` inflates every row into one
full-size buffer (a 10900x10900 RGBA file of 461 KB takes 470 MB). An upload
only needs to know that the pixel data is complete and intact, so this inflates
the IDAT stream in small pieces and throws the rows away: every chunk's CRC,
the zlib stream and its checksum, the exact number of row bytes the header
promises and, for non-interlaced files, every row's filter byte. Every chunk
name must be four word characters, as Pillow's own verify() requires, so that
pass over the file is not needed as well. The caller may pass a hash that sees
every byte of the file on the way, so the upload is read once.

Inflating is most of an upload's time: ISA-L's inflater (isal) does it in about
half zlib's time with the same checks (the adler32 of the stream included), and
its crc32 in a quarter.
"""

import hashlib
import re
import struct
from typing import IO, cast

from isal import isal_zlib

SIGNATURE = b"\x89PNG\r\n\x1a\n"
# Inflate at most this much at a time: memory stays at a few pieces whatever the image size.
PIECE = 1 << 20
# Samples per pixel of each PNG colour type (gray, RGB, palette, gray+alpha, RGBA).
CHANNELS = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}
MAX_FILTER = 4
# isal's stub declares `error` as an instance of Exception; it is the class IsalError.
InflateError = cast(type[Exception], isal_zlib.error)
CHUNK_NAME = re.compile(rb"\w{4}")  # Pillow's rule for a chunk type (PngImagePlugin.is_cid)
# Adam7 passes: (x start, y start, x step, y step).
ADAM7 = ((0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2))


class PngDataError(ValueError):
    """The PNG's pixel data is truncated or corrupt; the message says where."""


def _row_bytes(width: int, bits_per_pixel: int) -> int:
    return 1 + (width * bits_per_pixel + 7) // 8  # the filter byte, then the packed samples


def expected_data_bytes(width: int, height: int, bits_per_pixel: int, interlaced: bool) -> int:
    if not interlaced:
        return height * _row_bytes(width, bits_per_pixel)
    total = 0
    for x0, y0, dx, dy in ADAM7:
        cols, rows = (width - x0 + dx - 1) // dx, (height - y0 + dy - 1) // dy
        if cols > 0 and rows > 0:
            total += rows * _row_bytes(cols, bits_per_pixel)
    return total


class _Hashed:
    """Reads from fp, every byte read also going into digest."""

    def __init__(self, fp: IO[bytes], digest: "hashlib._Hash | None") -> None:
        self.fp_read, self.digest = fp.read, digest  # bound once: a Django File resolves .read per access

    def read(self, size: int) -> bytes:
        data = self.fp_read(size)
        if self.digest is not None:
            self.digest.update(data)
        return data


def _chunk_head(head: bytes) -> tuple[bytes, int]:
    """(type, length) of the chunk whose 8-byte header is `head`."""
    if len(head) < 8:
        raise PngDataError("the file ends before the IEND chunk (truncated)")
    length, kind = struct.unpack(">I4s", head)
    if not CHUNK_NAME.fullmatch(kind):
        raise PngDataError(f"broken PNG file (chunk {kind!r})")
    return kind, length


def check_png_data(fp: IO[bytes], digest: "hashlib._Hash | None" = None) -> bytes | None:
    """Raise PngDataError unless the PNG read from fp's start has complete, intact pixel data.

    Returns the eXIf chunk, if any: Pillow's getexif() decodes the whole image to look for it.
    `digest`, when given, is updated with the whole file, bytes after IEND included.
    """
    fp.seek(0)
    source = _Hashed(fp, digest)
    if source.read(8) != SIGNATURE:
        raise PngDataError("not a PNG signature")
    inflater = isal_zlib.decompressobj()
    stride = expected = produced = 0
    exif: bytes | None = None
    head = source.read(8)
    while True:
        kind, length = _chunk_head(head)
        crc = isal_zlib.crc32(kind)
        remaining = length
        while remaining:
            piece = source.read(min(remaining, PIECE))
            if not piece:
                raise PngDataError(f"the file ends inside a {kind.decode('latin-1')} chunk (truncated)")
            remaining -= len(piece)
            crc = isal_zlib.crc32(piece, crc)
            if kind == b"IHDR":
                expected, stride = _header(piece)
            elif kind == b"IDAT":
                produced = _inflate(inflater, piece, produced, expected, stride)
            elif kind == b"eXIf":
                exif = (exif or b"") + piece
        tail = source.read(4 if kind == b"IEND" else 12)  # the CRC, and the next chunk's header in the same read
        stored, head = tail[:4], tail[4:]
        if len(stored) < 4 or struct.unpack(">I", stored)[0] != crc:
            raise PngDataError(f"the {kind.decode('latin-1')} chunk is corrupt (CRC mismatch or truncated)")
        if kind == b"IEND":
            break
    if not inflater.eof or produced != expected:
        raise PngDataError(f"the pixel data is incomplete ({produced} of {expected} bytes)")
    while digest is not None and source.read(PIECE):
        pass  # the bytes after IEND, into the digest
    return exif


def _header(data: bytes) -> tuple[int, int]:
    """Expected inflated size, and the row stride where every row's filter byte can be checked (0: interlaced)."""
    if len(data) < 13:
        raise PngDataError("the IHDR chunk is too short")
    width, height, depth, color, _, _, interlace = struct.unpack(">IIBBBBB", data[:13])
    if color not in CHANNELS or depth not in (1, 2, 4, 8, 16):
        raise PngDataError(f"unsupported colour type {color} / bit depth {depth}")
    bits = depth * CHANNELS[color]
    expected = expected_data_bytes(width, height, bits, bool(interlace))
    return expected, 0 if interlace else _row_bytes(width, bits)


def _inflate(inflater: isal_zlib.Decompress, data: bytes, produced: int, expected: int, stride: int) -> int:
    """Inflate one IDAT piece in bounded steps, checking filter bytes; returns the bytes produced so far."""
    while data:
        try:
            out = inflater.decompress(data, PIECE)
        except InflateError as exc:
            raise PngDataError(f"the pixel data is corrupt ({exc})") from None
        if stride:
            first = (-produced) % stride  # where the next row starts in this piece
            if max(out[first::stride], default=0) > MAX_FILTER:
                raise PngDataError("a row has an unknown filter type")
        produced += len(out)
        if produced > expected:
            raise PngDataError(f"the pixel data is longer than the header says ({expected} bytes)")
        data = inflater.unconsumed_tail
        if inflater.eof:
            break
    return produced
