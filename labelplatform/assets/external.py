"""Asset files whose bytes live outside media storage, read through the app that registered them.

An asset's `file` is normally a name in media storage. A name `<scheme>:<rest>` (no media name has a
colon: they are `assets/<project>/<uuid>.<ext>`) belongs to the app that registered `scheme` at
start-up, as job kinds do (jobs/registry.py): the customer's buckets register "bucket", so a bucket
object is read where it lies and never copied. Every reader of an asset's bytes (thumbnails, media
serving, exports, pre-labels) opens it through here.
"""

import contextlib
import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Protocol

from django.core.files.storage import default_storage
from rest_framework import status
from rest_framework.exceptions import APIException

from labelplatform.common import files


class ExternalFiles(Protocol):
    """FileNotFoundError when the object is gone; another OSError, with a message fit to show, when the
    place it lives cannot be read now (credentials withdrawn, endpoint down)."""

    def open(self, rest: str) -> IO[bytes]:
        """The object's bytes as a readable stream."""
        ...

    def url(self, rest: str, content_type: str, download_name: str | None) -> str | None:
        """A short-lived URL that serves the object, or None to have it streamed through the server."""
        ...


EXTERNAL: dict[str, ExternalFiles] = {}


class ExternalUnavailable(APIException):
    status_code = status.HTTP_502_BAD_GATEWAY
    default_detail = "the image's storage could not be read"
    default_code = "external_unavailable"


def external_register(scheme: str, opener: ExternalFiles) -> None:
    EXTERNAL[scheme] = opener


def external_of(path: str) -> tuple[ExternalFiles, str] | None:
    """The registered opener and the rest of the name, for an external file; None for a media name."""
    scheme, colon, rest = path.partition(":")
    if not colon or "/" in scheme:
        return None
    opener = EXTERNAL.get(scheme)
    if opener is None:
        raise FileNotFoundError(f"no app reads {scheme}: files")
    return opener, rest


def is_external(path: str) -> bool:
    scheme, colon, _ = path.partition(":")
    return bool(colon) and "/" not in scheme


def asset_file_open(path: str) -> IO[bytes]:
    """An asset's bytes, from media storage or from where an external file lies."""
    found = external_of(path)
    if found is None:
        return default_storage.open(path, "rb")
    opener, rest = found
    return opener.open(rest)


@contextlib.contextmanager
def asset_local_file(path: str) -> Iterator[Path]:
    """`common.files.local_file` for asset files: an external one is downloaded into scratch for the block."""
    if not is_external(path):
        with files.local_file(path) as local:
            yield local
        return
    target = files.scratch_root() / "downloads" / f"{uuid.uuid4().hex}{os.path.splitext(path)[1][:10]}"
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        with asset_file_open(path) as source, open(target, "wb") as out:
            shutil.copyfileobj(source, out, files.COPY_CHUNK)
        yield target
    finally:
        target.unlink(missing_ok=True)
