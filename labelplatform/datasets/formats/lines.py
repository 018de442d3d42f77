"""Line-based exports: YOLO segmentation polygons and the platform's own NDJSON."""

import zipfile
from pathlib import Path

import orjson

from labelplatform.datasets.formats.base import (
    ExportContext,
    ExportFormat,
    PartSink,
    fragments,
    write_lines,
    write_text,
)
from labelplatform.datasets.rows import AssetRow
from labelplatform.masks import decode, yolo_polygons


def yolo_indices(ctx: ExportContext) -> dict[int, int]:
    """YOLO classes are 0..n-1: the position of each class id in id order."""
    return {cid: index for index, cid in enumerate(sorted(ctx.classes))}


class Yolo(ExportFormat):
    """labels/<image>.txt: `index x1 y1 x2 y2 ...` (normalised) per polygon; data.yaml names the indices."""

    name = "yolo"

    def write_asset(self, row: AssetRow, sink: PartSink, ctx: ExportContext) -> None:
        indices = yolo_indices(ctx)
        lines = []
        for obj in row.objects:
            for polygon in yolo_polygons(decode(row.rle(obj), trusted=True), tolerance=0.0):
                lines.append(f"{indices[obj.class_id]} " + " ".join(f"{v:.6f}" for v in polygon))
        sink.add_file(f"labels/{ctx.stem(row)}.txt", ("\n".join(lines) + "\n" if lines else "").encode())

    def assemble(self, out: zipfile.ZipFile, ctx: ExportContext, parts: list[Path]) -> None:
        names = "\n".join(f"  {i}: {orjson.dumps(ctx.class_name(cid)).decode()}"
                          for cid, i in yolo_indices(ctx).items())
        write_text(out, "data.yaml", f"path: .\ntrain: images\nval: images\nnames:\n{names}\n".encode())


class Ndjson(ExportFormat):
    """labels.ndjson: one asset per line with its label, objects (RLE), classifications and review state."""

    name = "ndjson"
    streams = ("lines",)

    def write_asset(self, row: AssetRow, sink: PartSink, ctx: ExportContext) -> None:
        size = [row.height, row.width]
        sink.append("lines", orjson.dumps({
            "asset": {"id": row.asset_id, "name": row.name, "file_name": ctx.image_name(row), "width": row.width,
                      "height": row.height, "sha256": row.sha256, "image_url": ctx.image_url(row)},
            "label": {"id": row.label_id, "revision": row.revision, "author": row.author,
                      "status": row.label_status, "time_spent_s": row.time_spent_s,
                      "updated_at": row.updated_at, "ontology_version": row.ontology_version},
            "review": {"asset_status": row.asset_status, "accepted": row.asset_status == "done"},
            "classifications": row.classifications,
            "objects": [{"id": o.id, "class": o.class_id, "class_name": ctx.class_name(o.class_id),
                         "mask": {"size": size, "counts": o.counts}, "area": o.area, "bbox": o.bbox,
                         "attributes": o.attributes} for o in row.objects],
        }) + b"\n")

    def assemble(self, out: zipfile.ZipFile, ctx: ExportContext, parts: list[Path]) -> None:
        write_lines(out, "labels.ndjson", fragments(parts, "lines"))
