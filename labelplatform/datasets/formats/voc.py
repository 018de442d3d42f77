"""Pascal VOC (palette PNGs) and Cityscapes-style (labelIds, instanceIds) exports."""

import zipfile
from pathlib import Path

import numpy as np

from labelplatform.datasets.formats.base import (
    ExportContext,
    ExportFormat,
    PartSink,
    fragments,
    write_lines,
    write_text,
)
from labelplatform.datasets.formats.rasters import class_table, class_values
from labelplatform.datasets.rows import AssetRow
from labelplatform.masks import instance_ids_from_objects
from labelplatform.masks.datasets import png_bytes, voc_palette
from labelplatform.masks.errors import MaskError
from labelplatform.masks.paint import paint_runs

VOC_MAX_INDEX = 254  # 255 is VOC's void boundary; palette PNGs hold 0..255
PALETTE = voc_palette()


def voc_class_names(ctx: ExportContext) -> bytes:
    """Line i names pixel value i, as class_names.txt in VOC-style datasets (labelme, CVAT)."""
    top = max(ctx.classes, default=0)
    names = ["_background_"] + [ctx.classes[i]["name"] if i in ctx.classes else f"_unused_{i}"
                                for i in range(1, top + 1)]
    return ("\n".join(names) + "\n").encode()


class Voc(ExportFormat):
    """SegmentationClass/ (value = class id) and SegmentationObject/ (value = object 1..n), palette PNGs."""

    name = "voc"
    streams = ("stems",)
    image_folder = "JPEGImages"
    max_class_id = VOC_MAX_INDEX

    def write_asset(self, row: AssetRow, sink: PartSink, ctx: ExportContext) -> None:
        stem = ctx.stem(row)
        if len(row.objects) > VOC_MAX_INDEX:
            raise MaskError("value", f"asset {row.asset_id} has {len(row.objects)} objects; "
                                     f"VOC object PNGs hold at most {VOC_MAX_INDEX}")
        sink.add_file(f"SegmentationClass/{stem}.png", png_bytes(class_values(row, ctx), palette=PALETTE))
        objects = paint_runs([(n, row.rle(o)) for n, o in enumerate(row.objects, 1)], row.height, row.width)
        sink.add_file(f"SegmentationObject/{stem}.png", png_bytes(objects, palette=PALETTE))
        sink.append("stems", f"{stem}\n".encode())

    def assemble(self, out: zipfile.ZipFile, ctx: ExportContext, parts: list[Path]) -> None:
        write_text(out, "class_names.txt", voc_class_names(ctx))
        write_lines(out, "ImageSets/Segmentation/default.txt", fragments(parts, "stems"))


CITYSCAPES_MAX_CLASS = 65  # instanceIds are class * 1000 + n in a 16-bit PNG


class Cityscapes(ExportFormat):
    """gtFine/default/<image>_gtFine_labelIds.png and _instanceIds.png (class * 1000 + n; stuff: class)."""

    name = "cityscapes"
    image_folder = "leftImg8bit/default"
    max_class_id = CITYSCAPES_MAX_CLASS

    def write_asset(self, row: AssetRow, sink: PartSink, ctx: ExportContext) -> None:
        stem = ctx.stem(row)
        sink.add_file(f"gtFine/default/{stem}_gtFine_labelIds.png", png_bytes(class_values(row, ctx)))
        stuff = {cid for cid in ctx.classes if not ctx.is_thing(cid)}
        ids = instance_ids_from_objects([(o.class_id, row.rle(o)) for o in row.objects], row.height, row.width,
                                        stuff_classes=stuff)
        sink.add_file(f"gtFine/default/{stem}_gtFine_instanceIds.png", png_bytes(ids.astype(np.uint16)))

    def assemble(self, out: zipfile.ZipFile, ctx: ExportContext, parts: list[Path]) -> None:
        write_text(out, "classes.json", class_table(ctx))
