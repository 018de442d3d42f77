"""DAVIS-style sequences: per sequence a folder of palette PNGs whose pixel value is the track id.

    Annotations/<sequence>/00000.png   value = track id (0 = background), the DAVIS (VOC) palette
    JPEGImages/<sequence>/00000.jpg    the frame (include_images), named by its index in the sequence
    frames.json                        per frame: sequence, index, asset, and each track's class

Only frames of sequences are written (other assets of the project are left out), and of their
objects only those with a track. A palette PNG holds values up to 255: a larger track id fails
the export with a message naming it.
"""

import zipfile
from pathlib import Path

import numpy as np
import orjson

from labelplatform.datasets.formats.base import ExportContext, PartSink, fragments, write_joined
from labelplatform.datasets.formats.frames import SequenceFormat
from labelplatform.datasets.formats.rasters import class_table
from labelplatform.datasets.rows import AssetRow
from labelplatform.masks.datasets import png_bytes, voc_palette
from labelplatform.masks.paint import paint_runs

MAX_PALETTE_TRACK = 255


class DavisPng(SequenceFormat):
    name = "davis_png"
    streams = ("frames",)

    def __init__(self) -> None:
        super().__init__()
        self._palette = voc_palette()

    def write_asset(self, row: AssetRow, sink: PartSink, ctx: ExportContext) -> None:
        place = self.place(row, ctx)
        if place is None:
            return
        _, folder, index = place
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

    def assemble(self, out: zipfile.ZipFile, ctx: ExportContext, parts: list[Path]) -> None:
        write_joined(out, "frames.json", [b"[", ("frames", fragments(parts, "frames")), b"]"])
        out.writestr("classes.json", class_table(ctx))
