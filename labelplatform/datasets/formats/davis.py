"""DAVIS-style sequences: per sequence a folder of palette PNGs whose pixel value is the track id.

    Annotations/<sequence>/00000.png   value = track id (0 = background), the DAVIS (VOC) palette
    JPEGImages/<sequence>/00000.jpg    the frame (include_images), named by its index in the sequence
    frames.json                        per frame: sequence, index, asset, and each track's class

Only frames of sequences are written (other assets of the project are left out), and of their
objects only those with a track. A palette PNG holds values up to 255: a larger track id fails
the export with a message naming it.
"""

import zipfile
from collections import Counter
from pathlib import Path

import numpy as np
import orjson

from labelplatform.datasets.formats.base import (
    ExportContext,
    ExportFormat,
    PartSink,
    fragments,
    safe_name,
    write_joined,
)
from labelplatform.datasets.formats.rasters import class_table
from labelplatform.datasets.rows import AssetRow
from labelplatform.masks.datasets import png_bytes, voc_palette
from labelplatform.masks.paint import paint_runs
from labelplatform.sequences.selectors import frame_places

MAX_PALETTE_TRACK = 255


class DavisPng(ExportFormat):
    name = "davis_png"
    streams = ("frames",)
    image_folder = "JPEGImages"

    def __init__(self) -> None:
        self._places: dict[int, tuple[str, int]] | None = None  # asset -> (folder, frame index)
        self._palette = voc_palette()

    def _folder_and_index(self, row: AssetRow, ctx: ExportContext) -> tuple[str, int] | None:
        if self._places is None:  # one query per part
            places = frame_places(ctx.project_id)
            names = Counter(safe_name(name) for _, name in {(sequence, name) for sequence, name, _ in places.values()})
            shared = {n for n, count in names.items() if count > 1}  # two sequences of one name: ids tell them apart
            self._places = {
                asset: (f"{sequence}_{safe_name(name)}" if safe_name(name) in shared else safe_name(name), index)
                for asset, (sequence, name, index) in places.items()}
        return self._places.get(row.asset_id)

    def write_asset(self, row: AssetRow, sink: PartSink, ctx: ExportContext) -> None:
        where = self._folder_and_index(row, ctx)
        if where is None:
            return
        folder, index = where
        tracked = [o for o in row.objects if o.track is not None]
        too_large = [o.track for o in tracked if o.track is not None and o.track > MAX_PALETTE_TRACK]
        if too_large:
            raise ValueError(f"{folder} frame {index}: track {too_large[0]} is over {MAX_PALETTE_TRACK}, "
                             "the largest value a DAVIS palette PNG holds")
        values = paint_runs([(int(o.track or 0), row.rle(o)) for o in tracked], row.height, row.width, np.uint8)
        sink.add_file(f"Annotations/{folder}/{index:05d}.png", png_bytes(values, palette=self._palette))
        sink.append("frames", b"," + orjson.dumps({
            "sequence": folder, "frame": index, "asset_id": row.asset_id, "image": ctx.image_name(row),
            "tracks": {str(o.track): {"class_id": o.class_id, "class": ctx.class_name(o.class_id)} for o in tracked},
        }))

    def image_path(self, row: AssetRow, ctx: ExportContext) -> str | None:
        where = self._folder_and_index(row, ctx)
        if where is None:
            return None
        return f"{self.image_folder}/{where[0]}/{where[1]:05d}{Path(row.file).suffix.lower()}"

    def assemble(self, out: zipfile.ZipFile, ctx: ExportContext, parts: list[Path]) -> None:
        write_joined(out, "frames.json", [b"[", ("frames", fragments(parts, "frames")), b"]"])
        out.writestr("classes.json", class_table(ctx))
