"""Joining the parts' stream fragments into one zip entry, splicing deflated fragments as they are.

Raw deflate segments that end in a sync flush can be concatenated (as pigz does): the joiner
writes the literal pieces as small segments of its own, copies the parts' segments byte for
byte, and ends the stream with an empty final block. The entry's CRC-32 is combined from the
parts' CRCs (crc32_combine, as zlib does), so no byte is decompressed or compressed twice.
"""

import shutil
import time
import zipfile
import zlib
from collections.abc import Iterator

from labelplatform.datasets.formats.streams import DEFLATE_LEVEL, Fragment

COPY_BLOCK = 1 << 20  # bytes per read when copying fragments into the zip
FINAL_BLOCK = b"\x03\x00"  # an empty fixed-Huffman block with BFINAL set: ends a raw deflate stream
Piece = bytes | Fragment


def _gf2_times(matrix: list[int], vector: int) -> int:
    total, row = 0, 0
    while vector:
        if vector & 1:
            total ^= matrix[row]
        vector >>= 1
        row += 1
    return total


def _gf2_square(matrix: list[int]) -> list[int]:
    return [_gf2_times(matrix, matrix[n]) for n in range(32)]


def crc32_combine(crc1: int, crc2: int, length2: int) -> int:
    """CRC-32 of A + B from crc(A), crc(B) and len(B): zlib's crc32_combine (Python's zlib lacks it)."""
    if length2 <= 0:
        return crc1
    odd = [0xEDB88320] + [1 << n for n in range(31)]  # the operator for one zero bit
    even = _gf2_square(odd)  # two zero bits
    odd = _gf2_square(even)  # four zero bits
    while True:  # apply len2 zero bytes to crc1, squaring the operator for each bit of len2
        even = _gf2_square(odd)
        if length2 & 1:
            crc1 = _gf2_times(even, crc1)
        length2 >>= 1
        if not length2:
            break
        odd = _gf2_square(even)
        if length2 & 1:
            crc1 = _gf2_times(odd, crc1)
        length2 >>= 1
        if not length2:
            break
    return crc1 ^ crc2


def join_pieces(pieces: list[bytes | tuple[str, list[Fragment]]], drop_first_lead: bool) -> list[Piece]:
    """Flatten literals and fragment lists; leads become literals, each list's first one dropped if asked."""
    flat: list[Piece] = []
    for piece in pieces:
        if isinstance(piece, bytes):
            flat.append(piece)
            continue
        first = True
        for fragment in piece[1]:
            if fragment.lead and not (first and drop_first_lead):
                flat.append(fragment.lead)
            first = False
            flat.append(fragment)
    return flat


def write_entry(out: zipfile.ZipFile, arcname: str, pieces: list[Piece]) -> None:
    """One entry from literal bytes and fragments, in the archive's compression."""
    if out.compression == zipfile.ZIP_DEFLATED:
        _write_deflated(out, arcname, pieces)
        return
    with out.open(arcname, "w", force_zip64=True) as entry:
        for piece in pieces:
            if isinstance(piece, bytes):
                entry.write(piece)
            elif piece.deflated:
                inflater = zlib.decompressobj(-15)
                for block in _blocks(piece):
                    entry.write(inflater.decompress(block))
            else:
                with open(piece.path, "rb") as handle:
                    shutil.copyfileobj(handle, entry, COPY_BLOCK)


def _blocks(fragment: Fragment) -> Iterator[bytes]:
    with open(fragment.path, "rb") as handle:
        while block := handle.read(COPY_BLOCK):
            yield block


def _deflate_literal(data: bytes) -> bytes:
    compressor = zlib.compressobj(DEFLATE_LEVEL, zlib.DEFLATED, -15)
    return compressor.compress(data) + compressor.flush(zlib.Z_SYNC_FLUSH)


def _segments(pieces: list[Piece]) -> Iterator[bytes]:
    """The entry's raw deflate stream: literals deflated here, deflated fragments copied, the rest deflated."""
    for piece in pieces:
        if isinstance(piece, bytes):
            yield _deflate_literal(piece)
        elif piece.deflated:
            yield from _blocks(piece)
        else:  # written raw (a part from before compression was asked for): deflate it now
            compressor = zlib.compressobj(DEFLATE_LEVEL, zlib.DEFLATED, -15)
            for block in _blocks(piece):
                yield compressor.compress(block)
            yield compressor.flush(zlib.Z_SYNC_FLUSH)
    yield FINAL_BLOCK


def _write_deflated(out: zipfile.ZipFile, arcname: str, pieces: list[Piece]) -> None:
    """Write a deflated entry whose data is already (mostly) compressed.

    zipfile has no public call for pre-compressed data; this does what ZipFile.open(..., "w")
    does for a seekable file: a zip64 local header, the data, the header rewritten with the real
    sizes, and the entry added to the central directory written on close.
    """
    size, crc = 0, 0
    for piece in pieces:
        if isinstance(piece, bytes):
            crc, size = zlib.crc32(piece, crc), size + len(piece)
        else:
            crc, size = crc32_combine(crc, piece.crc, piece.size), size + piece.size
    info = zipfile.ZipInfo(arcname, time.localtime(time.time())[:6])
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o600 << 16
    info.file_size, info.CRC, info.compress_size = size, crc, 0
    fp = out.fp
    assert fp is not None and not out._writing, "the zip must be open for writing, with no entry open"  # type: ignore[attr-defined]
    fp.seek(out.start_dir)
    info.header_offset = fp.tell()
    out._writecheck(info)  # type: ignore[attr-defined]
    out._didModify = True  # type: ignore[attr-defined]
    fp.write(info.FileHeader(zip64=True))
    for segment in _segments(pieces):
        fp.write(segment)
        info.compress_size += len(segment)
    out.start_dir = fp.tell()
    fp.seek(info.header_offset)
    fp.write(info.FileHeader(zip64=True))  # same length: zip64 extra fields either way
    fp.seek(out.start_dir)
    out.filelist.append(info)
    out.NameToInfo[arcname] = info
