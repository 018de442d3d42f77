"""Where import files come from: an uploaded zip or file, a server folder, or fetched URLs.

All of them become a Tree: relative posix names mapped to readers, so format
readers never touch paths. Zip members are read in place (never extracted),
and names that climb out of the archive are ignored. A member is read whole
(`read`) or opened as a stream (`open`, for files too big to hold, like a COCO
JSON); both keep to the same size limit. A JSON member's nesting depth is
checked on its bytes once, before any parser reads it (common/json_limits.py).
"""

import io
import os
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import IO, Any, BinaryIO

from django.conf import settings

from labelplatform.common import outbound
from labelplatform.common.json_limits import JsonInputError, check_depth, in_blocks

IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".tif", ".tiff", ".bmp", ".webp", ".gif"}
URL_TIMEOUT_S = 600  # per URL, the whole download; a slow server fails that URL, not the import
STREAM_BLOCK = 1 << 16  # read size of an opened member; ijson asks for the same
JSON_SUFFIXES = (".json", ".ndjson", ".jsonl")


class SourceError(ValueError):
    """A file that cannot be read; the message names it."""


def member_limit() -> int:
    return int(settings.MAX_UPLOAD_BYTES)


@dataclass
class Tree:
    readers: dict[str, Callable[[], bytes]] = field(default_factory=dict)
    openers: dict[str, Callable[[], BinaryIO]] = field(default_factory=dict)
    closers: list[Callable[[], None]] = field(default_factory=list)
    scratch: Path | None = None  # where readers keep temporary files (the job's scratch folder)
    depth_checked: set[str] = field(default_factory=set)

    def names(self) -> list[str]:
        return sorted(self.readers)

    def read(self, name: str) -> bytes:
        data = self.readers[name]()
        if _is_json(name) and name not in self.depth_checked:
            _check_depth(name, in_blocks(data))
            self.depth_checked.add(name)
        return data

    def open(self, name: str) -> BinaryIO:
        """The member as a binary stream; close it (`with tree.open(name) as stream`)."""
        if _is_json(name) and name not in self.depth_checked:
            with self._open(name) as stream:
                _check_depth(name, iter(lambda: stream.read(STREAM_BLOCK), b""))
            self.depth_checked.add(name)
        return self._open(name)

    def _open(self, name: str) -> BinaryIO:
        opener = self.openers.get(name)
        return opener() if opener is not None else io.BytesIO(self.readers[name]())

    def images(self) -> list[str]:
        return [n for n in self.names() if PurePosixPath(n).suffix.lower() in IMAGE_SUFFIXES]

    def close(self) -> None:
        for close in self.closers:
            close()

    def add_file(self, name: str, path: Path) -> None:
        self.readers[name] = lambda: _read_limited(path)
        self.openers[name] = lambda: _open_limited(path)

    def add_zip(self, path: Path, prefix: str = "") -> None:
        archive = zipfile.ZipFile(path)
        self.closers.append(archive.close)
        for info in archive.infolist():
            name = _clean(info.filename)
            if info.is_dir() or name is None or name.startswith("__MACOSX/"):
                continue
            self.readers[prefix + name] = _zip_reader(archive, info)
            self.openers[prefix + name] = _zip_opener(archive, info)


def _is_json(name: str) -> bool:
    return name.lower().endswith(JSON_SUFFIXES)


def _check_depth(name: str, blocks: Iterable[bytes]) -> None:
    try:
        check_depth(blocks)
    except JsonInputError as exc:
        raise SourceError(f"{name}: {exc}") from None


def _clean(name: str) -> str | None:
    parts = PurePosixPath(name.replace("\\", "/")).parts
    if not parts or parts[0] == "/" or ".." in parts:
        return None
    return "/".join(parts)


def _zip_reader(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> Callable[[], bytes]:
    def read() -> bytes:
        _check_size(info.filename, info.file_size)
        with archive.open(info) as handle:
            return handle.read(member_limit() + 1)  # the header could lie: never read past the limit

    return read


def _zip_opener(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> Callable[[], BinaryIO]:
    def open_member() -> BinaryIO:
        _check_size(info.filename, info.file_size)
        return _limited(archive.open(info), info.filename)  # the header could lie: the stream stops at the limit

    return open_member


def _check_size(name: str, size: int) -> None:
    if size > member_limit():
        raise SourceError(f"{name}: {size} bytes, over the {member_limit()} byte limit")


def _read_limited(path: Path) -> bytes:
    _check_size(path.name, path.stat().st_size)
    return path.read_bytes()


def _open_limited(path: Path) -> BinaryIO:
    _check_size(path.name, path.stat().st_size)
    return _limited(open(path, "rb"), path.name)  # noqa: SIM115 (the caller closes the stream)


class _Limited(io.RawIOBase):
    """A member's bytes that fail (SourceError) past the member limit, whatever its header said."""

    def __init__(self, handle: IO[bytes], name: str) -> None:
        super().__init__()
        self._handle, self._name, self._left = handle, name, member_limit()

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        data = self._handle.read(len(buffer))
        self._left -= len(data)
        if self._left < 0:
            raise SourceError(f"{self._name}: more than the {member_limit()} byte limit")
        buffer[: len(data)] = data
        return len(data)

    def close(self) -> None:
        self._handle.close()
        super().close()


def _limited(handle: IO[bytes], name: str) -> BinaryIO:
    return io.BufferedReader(_Limited(handle, name), STREAM_BLOCK)


def tree_from_file(path: Path, name: str) -> Tree:
    tree = Tree()
    if zipfile.is_zipfile(path):
        tree.add_zip(path)
    else:
        tree.add_file(os.path.basename(name), path)
    return tree


def allowed_folder(raw: str) -> Path:
    """The real folder if it lies under one of IMPORT_ROOTS; SourceError otherwise."""
    roots = [Path(r).resolve() for r in getattr(settings, "IMPORT_ROOTS", [])]
    if not roots:
        raise SourceError("server folders are not enabled: set IMPORT_ROOTS")
    folder = Path(raw).resolve()
    if not any(folder == root or root in folder.parents for root in roots):
        raise SourceError(f"{raw} is not under an allowed import root")
    if not folder.is_dir():
        raise SourceError(f"{raw} is not a folder")
    return folder


def tree_from_folder(folder: Path) -> Tree:
    tree = Tree()
    for path in sorted(folder.rglob("*")):
        # Symlinks could point outside the allowed root: follow none.
        if path.is_file() and not path.is_symlink():
            relative = path.relative_to(folder).as_posix()
            if path.suffix.lower() == ".zip":
                tree.add_zip(path, prefix="")
            else:
                tree.add_file(relative, path)
    return tree


def fetch_urls(urls: list[str], folder: Path) -> tuple[Tree, list[dict[str, str]]]:
    """Download each URL (http/https, size and time limited) into `folder`; failures are reported."""
    tree, errors = Tree(), []
    for index, url in enumerate(urls):
        name = os.path.basename(url.split("?", 1)[0]) or f"download-{index}"
        try:
            if not url.lower().startswith(("http://", "https://")):
                raise SourceError("only http and https URLs are fetched")
            target = folder / f"{index:05d}-{name}"
            _download(url, target)
            if zipfile.is_zipfile(target):
                tree.add_zip(target)
            else:
                tree.add_file(name, target)
        except (OSError, SourceError, ValueError) as exc:
            errors.append({"file": url, "reason": str(exc)})
    return tree, errors


def _download(url: str, target: Path) -> None:
    """Through the outbound guard: public addresses only (unless allowed), size and time limited."""
    try:
        with outbound.call(url, headers={"User-Agent": "labelplatform-import"}, timeout_s=URL_TIMEOUT_S,
                           max_bytes=member_limit()) as answer, open(target, "wb") as out:
            for block in answer.blocks():
                out.write(block)
    except outbound.OutboundError as exc:
        raise SourceError(str(exc)) from None
