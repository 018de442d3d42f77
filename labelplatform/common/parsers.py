"""The parsers of every API request body: JSON bounded in bytes and depth, and in every kind of
body NUL characters and lone surrogates refused as a 400 naming the field.

DRF's own JSON parser reads any size, recurses once per nesting level (RecursionError,
a 500) and lets NUL characters through to PostgreSQL (another 500). Its form parsers let a
lone surrogate through (a body's declared charset picks the codec: `unicode_escape` makes one of
the text `\\ud800`), which PostgreSQL's driver cannot encode (a 500); DRF's CharField refuses NUL, but
not every field is one. Views name these classes, never DRF's (tests/hardening checks).
"""

from collections.abc import Mapping
from typing import IO, TYPE_CHECKING, Any, cast

from django.conf import settings
from django.http import QueryDict
from django.http.multipartparser import MultiPartParser as DjangoMultiPartParser
from django.utils.datastructures import MultiValueDict
from django.utils.http import parse_header_parameters
from rest_framework import parsers, status
from rest_framework.exceptions import APIException, ParseError, ValidationError
from rest_framework.parsers import BaseParser
from rest_framework.renderers import JSONRenderer

from labelplatform.common import json_limits

if TYPE_CHECKING:  # the stubs' name for what the form parsers answer; not in Django itself
    from django.http.request import _ImmutableQueryDict


class RequestTooLarge(APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = "the request is too large"
    default_code = "too_large"


def parse_json(raw: bytes | str, field: str = "") -> Any:
    """User JSON as Python; ParseError for broken JSON, ValidationError naming the field for bad text."""
    try:
        return json_limits.loads(raw)
    except json_limits.JsonInputError as exc:
        path = ".".join(part for part in (field, exc.path) if part)
        if path:
            raise ValidationError({path: [str(exc)]}) from None
        raise ParseError(f"JSON parse error: {exc}") from None


class LimitedJSONParser(BaseParser):
    media_type = "application/json"
    renderer_class = JSONRenderer

    def parse(self, stream: IO[bytes], media_type: str | None = None,
              parser_context: Mapping[str, Any] | None = None) -> Any:
        limit = int(settings.DATA_UPLOAD_MAX_MEMORY_SIZE)
        raw = stream.read(limit + 1)
        if len(raw) > limit:
            raise RequestTooLarge(f"the JSON body is over the {limit} byte limit (MAX_JSON_BYTES)")
        return parse_json(raw)


def _refuse_bad_text(data: QueryDict) -> None:
    """A 400 naming the first field whose name or value has a NUL or a lone surrogate."""
    for key, values in data.lists():
        for value in values:
            found = json_limits.bad_text_path({key: value})
            if found is not None:
                path, reason = found
                raise ValidationError({path or "fields": [reason]})


class FormParser(parsers.FormParser):
    def parse(self, stream: IO[bytes], media_type: str | None = None,
              parser_context: Mapping[str, Any] | None = None) -> "_ImmutableQueryDict":
        data = super().parse(stream, media_type, parser_context)
        _refuse_bad_text(data)
        return data


class _PartHeaders:
    """A multipart body read through, keeping each part's header block: Django drops a file part whose
    Content-Disposition is not UTF-8, or whose file name sanitizes to nothing (`..`, `a/..`), without a word."""

    def __init__(self, stream: IO[bytes], boundary: bytes) -> None:
        self.stream = stream
        self.marker = b"--" + boundary + b"\r\n"
        self.tail = b""
        self.blocks: list[bytes] = []

    def read(self, size: int = -1) -> bytes:
        chunk = self.stream.read(size)
        buf, at = self.tail + chunk, 0
        while (start := buf.find(self.marker, at)) != -1:
            end = buf.find(b"\r\n\r\n", start + len(self.marker))
            if end == -1:
                at = start
                break
            self.blocks.append(buf[start + len(self.marker):end])
            at = end
        else:
            at = max(at, len(buf) - len(self.marker) + 1)
        self.tail = buf[at:][-_HEADER_KEPT:]
        return chunk


_HEADER_KEPT = 64 * 1024  # a part's headers longer than this are not checked (Django refuses them itself)


def _file_name_problem(block: bytes) -> tuple[str, str] | None:
    """(field, what is wrong) for a file part Django would drop silently; None for any other part."""
    for line in block.split(b"\r\n"):
        if not line.lower().startswith(b"content-disposition:"):
            continue
        _, params = parse_header_parameters(line.decode("latin-1").split(":", 1)[1])
        raw = params.get("filename")
        if not raw:
            return None
        field = params.get("name", "")
        try:
            line.decode()
        except UnicodeDecodeError:
            shown = raw.encode("latin-1").decode("utf-8", "backslashreplace")
            return field, f"the file name '{shown}' is not UTF-8 text; send it UTF-8 encoded"
        if DjangoMultiPartParser.sanitize_file_name(cast(DjangoMultiPartParser, None), raw) is None:  # uses no self
            return field, f"the file name {raw!r} names no file once path parts and unprintable characters are removed"
    return None


class MultiPartParser(parsers.MultiPartParser):
    def parse(self, stream: IO[bytes], media_type: str | None = None, parser_context: Mapping[str, Any] | None = None
              ) -> "parsers.DataAndFiles[_ImmutableQueryDict, MultiValueDict[str, Any]]":
        boundary = parse_header_parameters(media_type or "")[1].get("boundary", "")
        headers = _PartHeaders(stream, boundary.encode("latin-1")) if boundary else None
        parsed = super().parse(headers or stream, media_type, parser_context)  # type: ignore[arg-type]
        for block in headers.blocks if headers else []:
            problem = _file_name_problem(block)
            if problem is not None:
                raise ValidationError({problem[0] or "files": [problem[1]]})
        _refuse_bad_text(parsed.data)  # file names: Django keeps only printable characters
        return parsed
