"""What every export format shares: the context, the part sink, and the assembly helpers.

An export runs in parts (ranges of assets). A part writes per-image files
into its own folder and appends JSON fragments to stream files; assembly
puts the parts' files into one zip and joins each stream's fragments into one
file. Fragments are items each preceded by a comma; the first comma is dropped.
"""

import re
import shutil
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, ClassVar

from labelplatform.datasets.rows import AssetRow

COPY_BLOCK = 1 << 20  # bytes per read when joining fragments into the zip
JSON_ZIP_LEVEL = 1  # deflate level of the result zip: fast, and JSON still shrinks ~5x
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def safe_name(name: str) -> str:
    """A file name usable in any zip and file system (no folders, no odd characters)."""
    cleaned = _UNSAFE.sub("_", name.replace("\\", "/").rsplit("/", 1)[-1]).lstrip(".")
    return cleaned[:200] or "unnamed"


def stem_of(name: str) -> str:
    return name.rsplit(".", 1)[0] if "." in name else name


@dataclass
class ExportContext:
    project_id: int
    classes: dict[int, dict[str, Any]]
    include_images: bool = False
    polygons: bool = False
    instance_mode: str = "binary"
    duplicate_stems: frozenset[str] = frozenset()
    mask_labels: list[dict[str, Any]] = field(default_factory=list)

    def image_name(self, row: AssetRow) -> str:
        """The asset's file name, prefixed by its id only where another asset shares the stem."""
        name = safe_name(row.name)
        return f"{row.asset_id}_{name}" if stem_of(name) in self.duplicate_stems else name

    def stem(self, row: AssetRow) -> str:
        return stem_of(self.image_name(row))

    def class_name(self, class_id: int) -> str:
        cls = self.classes.get(class_id)
        return cls["name"] if cls else f"class_{class_id}"

    def is_thing(self, class_id: int) -> bool:
        return bool(self.classes.get(class_id, {}).get("kind", "thing") == "thing")

    def image_url(self, row: AssetRow) -> str:
        return f"/api/v1/assets/{row.asset_id}/image"


class PartSink:
    """Where one part writes: files under `root/files/`, fragments in `root/<stream>.frag`."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._streams: dict[str, IO[bytes]] = {}

    def add_file(self, arcname: str, data: bytes) -> None:
        path = self.root / "files" / arcname
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)

    def append(self, stream: str, data: bytes) -> None:
        handle = self._streams.get(stream)
        if handle is None:
            handle = self._streams[stream] = open(self.root / f"{stream}.frag", "ab")  # noqa: SIM115
        handle.write(data)

    def close(self) -> None:
        for handle in self._streams.values():
            handle.close()
        self._streams.clear()


class ExportFormat:
    """A format writes each asset into a part, then assembles the parts' streams."""

    name: ClassVar[str]
    streams: ClassVar[tuple[str, ...]] = ()
    image_folder: ClassVar[str] = "images"  # where include_images puts the image files
    max_class_id: ClassVar[int] = 65535  # the largest class id the format can write

    def write_asset(self, row: AssetRow, sink: PartSink, ctx: ExportContext) -> None:
        raise NotImplementedError

    def assemble(self, out: zipfile.ZipFile, ctx: ExportContext, parts: list[Path]) -> None:
        """Write the format's joined and static files (the parts' files are copied by the caller)."""


def fragments(parts: Iterable[Path], stream: str) -> list[Path]:
    return [p / f"{stream}.frag" for p in parts if (p / f"{stream}.frag").exists()]


def write_joined(out: zipfile.ZipFile, arcname: str, pieces: list[bytes | tuple[str, list[Path]]]) -> None:
    """One zip entry made of literal bytes and comma-led fragment lists (first comma dropped)."""
    # A name (not a ZipInfo) takes the archive's compression: deflate at JSON_ZIP_LEVEL.
    with out.open(arcname, "w", force_zip64=True) as entry:
        for piece in pieces:
            if isinstance(piece, bytes):
                entry.write(piece)
                continue
            first = True
            for path in piece[1]:
                with open(path, "rb") as handle:
                    block = handle.read(COPY_BLOCK)
                    if first and block:
                        block, first = block[1:], False
                    while block:
                        entry.write(block)
                        block = handle.read(COPY_BLOCK)


def write_lines(out: zipfile.ZipFile, arcname: str, paths: list[Path]) -> None:
    """One zip entry concatenating fragment files as they are (line-based streams)."""
    # A name (not a ZipInfo) takes the archive's compression: deflate at JSON_ZIP_LEVEL.
    with out.open(arcname, "w", force_zip64=True) as entry:
        for path in paths:
            with open(path, "rb") as handle:
                shutil.copyfileobj(handle, entry, COPY_BLOCK)


def write_text(out: zipfile.ZipFile, arcname: str, data: bytes) -> None:
    out.writestr(arcname, data)
