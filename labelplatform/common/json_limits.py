"""JSON from users read within limits: nesting depth checked on the raw bytes, text without NUL.

Parsers pay for depth: ijson's memory grows with the square of it (a 200 KB file
nested 100,000 deep took 23 GB), Python's `json` recurses once per level. So
depth is checked before any parser sees the bytes: `DepthScanner` splits on quotes
to skip strings and counts brackets with numpy, block by block, in constant memory.
NUL characters and lone surrogates are valid JSON but PostgreSQL refuses them in
text and jsonb, so they are refused here with the path of the field.
"""

from collections.abc import Iterable
from typing import Any

import numpy as np
import orjson

MAX_JSON_DEPTH = 64  # COCO needs 6 levels, our own request bodies fewer than 10
SCAN_BLOCK = 1 << 20  # bytes checked per step when the input is already in memory

_NOT_BRACKETS = bytes(b for b in range(256) if b not in b"[]{}")
_NUL_ESCAPE = b"\\u0000"
_STEP = np.zeros(256, dtype=np.int64)
_STEP[list(b"[{")] = 1
_STEP[list(b"]}")] = -1


class JsonInputError(ValueError):
    """JSON we refuse; `path` names the field when one is to blame ("" for the document)."""

    def __init__(self, message: str, path: str = "") -> None:
        super().__init__(message)
        self.path = path


def _ends_escaping(piece: bytes) -> bool:
    """Inside a string: whether `piece` ends in an odd run of backslashes, which escapes the byte after it."""
    return piece.endswith(b"\\") and (len(piece) - len(piece.rstrip(b"\\"))) % 2 == 1


class DepthScanner:
    """Feed the document's bytes in blocks of any size; `feed` raises JsonInputError past the limit.

    Only depth is judged: malformed JSON passes here and the parser reports it.
    """

    def __init__(self, limit: int = MAX_JSON_DEPTH) -> None:
        self.limit, self.depth, self.offset = limit, 0, 0
        self._in_string, self._escape = False, False  # inside a string; its last byte was a lone backslash

    def feed(self, block: bytes) -> None:
        size = len(block)
        if self._escape and size:  # the last block ended inside a string on a backslash that escapes this byte
            block, self._escape = block[1:], False
        # Split on every quote (a memchr pass, not a regex over each string's bytes): the pieces alternate
        # outside and inside strings, except where a quote inside a string is escaped by an odd run of
        # backslashes, which only pieces ending in a backslash can hold.
        pieces = block.split(b'"')
        outside: list[bytes] = []
        if b'\\"' in block:
            for piece in pieces[:-1]:
                if not self._in_string:
                    outside.append(piece)
                    self._in_string = True
                elif not _ends_escaping(piece):
                    self._in_string = False
        else:  # no quote is escaped: every one opens or closes a string
            outside = pieces[:-1][1 if self._in_string else 0::2]
            self._in_string ^= len(pieces) % 2 == 0
        last = pieces[-1]
        if self._in_string:
            self._escape = _ends_escaping(last)
        else:
            outside.append(last)
        self._count(b"".join(outside).translate(None, _NOT_BRACKETS))
        self.offset += size

    def _count(self, brackets: bytes) -> None:
        if not brackets:
            return
        steps = _STEP[np.frombuffer(brackets, dtype=np.uint8)]
        peak = self.depth + int(np.cumsum(steps).max())
        if peak > self.limit:
            raise JsonInputError(f"JSON nested deeper than {self.limit} levels (in the bytes from {self.offset})")
        self.depth += int(steps.sum())


def check_depth(blocks: Iterable[bytes], limit: int = MAX_JSON_DEPTH) -> None:
    scanner = DepthScanner(limit)
    for block in blocks:
        scanner.feed(block)


def in_blocks(raw: bytes) -> Iterable[bytes]:
    return (raw[start:start + SCAN_BLOCK] for start in range(0, len(raw), SCAN_BLOCK))


def bad_text_path(value: Any) -> tuple[str, str] | None:
    """(path, reason) of the first key or string with a NUL or a lone surrogate; None when all text is clean.

    Iterative, so no depth can make it recurse.
    """
    stack: list[tuple[str, Any]] = [("", value)]
    while stack:
        path, item = stack.pop()
        if isinstance(item, str):
            reason = _bad_text(item)
            if reason:
                return path, reason
        elif isinstance(item, dict):
            for key, inner in reversed(item.items()):
                reason = _bad_text(key) if isinstance(key, str) else None
                if reason:
                    return path, f"a key {reason}"
                stack.append((f"{path}.{key}" if path else str(key), inner))
        elif isinstance(item, list):
            stack.extend((f"{path}[{index}]", inner) for index, inner in reversed(list(enumerate(item))))
    return None


def _bad_text(text: str) -> str | None:
    if "\x00" in text:
        return "contains a NUL character"
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return "contains a lone surrogate (not valid Unicode)"
    return None


def printable(text: str) -> str:
    """Text with its NUL characters and lone surrogates written as escapes (`\\x00`, `\\ud800`), so a
    report can name a bad value and still be stored."""
    if _bad_text(text) is None:
        return text
    return text.replace("\x00", "\\x00").encode("utf-8", "backslashreplace").decode("utf-8")


def loads(raw: bytes | str, limit: int = MAX_JSON_DEPTH) -> Any:
    """Parse user JSON: depth checked first, then orjson, then NUL and surrogates refused by field."""
    data = raw.encode("utf-8", "surrogatepass") if isinstance(raw, str) else raw
    check_depth(in_blocks(data), limit)
    try:
        value = orjson.loads(data)
    except orjson.JSONDecodeError as exc:
        raise JsonInputError(f"not valid JSON ({exc})") from None
    # orjson refuses lone surrogates and raw control bytes itself, so a NUL can only come from a
    # \u0000 escape: without one in the bytes the walk over every string is skipped.
    found = bad_text_path(value) if _NUL_ESCAPE in data else None
    if found is not None:
        raise JsonInputError(found[1], found[0])
    return value
