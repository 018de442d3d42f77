"""What every export format shares: the context, the part sink, and the assembly helpers.

An export runs in parts (ranges of assets). A part writes per-image files
into its own folder and appends JSON fragments to streams (streams.py: raw,
or deflated as they are written); assembly puts the parts' files into one zip
and joins each stream's fragments into one entry (zipjoin.py). Fragments are
items each preceded by a comma; the first comma is dropped.
"""

import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

from labelplatform.datasets.formats.streams import DEFLATE_LEVEL, Fragment, PartSink, fragments
from labelplatform.datasets.formats.zipjoin import join_pieces, write_entry
from labelplatform.datasets.rows import AssetRow

__all__ = ["ExportContext", "ExportFormat", "Fragment", "PartSink", "fragments", "safe_name", "stem_of",
           "write_joined", "write_lines", "write_text"]

JSON_ZIP_LEVEL = DEFLATE_LEVEL  # deflate level of the small entries the zip itself compresses
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


class ExportFormat:
    """A format writes each asset into a part, then assembles the parts' streams."""

    name: ClassVar[str]
    streams: ClassVar[tuple[str, ...]] = ()
    image_folder: ClassVar[str] = "images"  # where include_images puts the image files
    max_class_id: ClassVar[int] = 65535  # the largest class id the format can write

    def write_asset(self, row: AssetRow, sink: PartSink, ctx: ExportContext) -> None:
        raise NotImplementedError

    def written(self, row: AssetRow, ctx: ExportContext) -> tuple[int, int]:
        """(assets, objects) of the row that `write_asset` puts in the zip: what the job's result counts."""
        return 1, len(row.objects)

    def image_path(self, row: AssetRow, ctx: ExportContext) -> str | None:
        """Where include_images puts the asset's image in the zip; None: nowhere."""
        return f"{self.image_folder}/{ctx.image_name(row)}"

    def assemble(self, out: zipfile.ZipFile, ctx: ExportContext, parts: list[Path]) -> None:
        """Write the format's joined and static files (the parts' files are copied by the caller)."""


def write_joined(out: zipfile.ZipFile, arcname: str, pieces: list[bytes | tuple[str, list[Fragment]]]) -> None:
    """One zip entry made of literal bytes and comma-led fragment lists (the first comma dropped)."""
    write_entry(out, arcname, join_pieces(pieces, drop_first_lead=True))


def write_lines(out: zipfile.ZipFile, arcname: str, parts: list[Fragment]) -> None:
    """One zip entry concatenating fragments as they are (line-based streams)."""
    write_entry(out, arcname, join_pieces([("lines", parts)], drop_first_lead=False))


def write_text(out: zipfile.ZipFile, arcname: str, data: bytes) -> None:
    out.writestr(arcname, data)
