"""COCO instances (RLE from the stored counts, or polygons) and COCO panoptic exports."""

import zipfile
from pathlib import Path
from typing import Any

import numpy as np
import orjson

from labelplatform.datasets.formats.base import (
    ExportContext,
    ExportFormat,
    PartSink,
    fragments,
    write_joined,
)
from labelplatform.datasets.formats.frames import FramePlaces
from labelplatform.datasets.rows import AssetRow
from labelplatform.masks import Rle, area, bbox, coco_polygons, decode, has_holes, merge, polygons_from_mask
from labelplatform.masks.datasets import panoptic_rgb_from_ids, png_bytes
from labelplatform.masks.paint import paint_runs


def coco_categories(ctx: ExportContext) -> list[dict[str, Any]]:
    return [
        {"id": cid, "name": c["name"], "supercategory": ctx.class_name(c["parent"]) if c.get("parent") else "",
         "isthing": 1 if c.get("kind", "thing") == "thing" else 0,
         "color": [int(c.get("color", "#000000")[i:i + 2], 16) for i in (1, 3, 5)]}
        for cid, c in sorted(ctx.classes.items())
    ]


def _write_document(out: zipfile.ZipFile, ctx: ExportContext, parts: list[Path], entry: str) -> None:
    """One COCO document (instances or panoptic): info, licenses, categories, then the parts' images and annotations."""
    head = orjson.dumps({"info": {"description": f"labelplatform project {ctx.project_id}"},
                         "licenses": [], "categories": coco_categories(ctx)})
    write_joined(out, entry, [
        head[:-1] + b',"images":[', ("images", fragments(parts, "images")),
        b'],"annotations":[', ("annotations", fragments(parts, "annotations")), b"]}",
    ])


def _image_entry(row: AssetRow, ctx: ExportContext, frames: FramePlaces | None = None) -> bytes:
    """A frame of a sequence also names it, as video datasets in COCO form do (video_id, frame_index)."""
    place = frames.of(ctx.project_id, row.asset_id) if frames is not None else None
    video = {"video_id": place[0], "video": place[1], "frame_index": place[2]} if place is not None else {}
    return b"," + orjson.dumps({
        "id": row.asset_id, "file_name": ctx.image_name(row), "width": row.width, "height": row.height,
        "coco_url": ctx.image_url(row), "asset_name": row.name, **video,
    })


class CocoInstances(ExportFormat):
    """annotations/instances.json; segmentation is the stored RLE, never decoded (or polygons). Frames of
    sequences: images name their sequence and index, annotations their track (track_id)."""

    name = "coco"
    streams = ("images", "annotations")

    def __init__(self) -> None:
        self._frames = FramePlaces()

    def write_asset(self, row: AssetRow, sink: PartSink, ctx: ExportContext) -> None:
        sink.append("images", _image_entry(row, ctx, self._frames))
        if not row.objects:
            return
        size = [row.height, row.width]
        image_id, polygons = row.asset_id, ctx.polygons
        # One orjson call per image: the list's brackets come off, its commas separate the annotations.
        encoded = orjson.dumps([{
            "id": obj.id, "image_id": image_id, "category_id": obj.class_id,
            "segmentation": _polygons_or_rle({"size": size, "counts": obj.counts}) if polygons
            else {"size": size, "counts": obj.counts},
            "area": obj.area, "bbox": orjson.Fragment(obj.bbox_json), "iscrowd": 0,
            "attributes": orjson.Fragment(obj.attributes_json),
            **({"track_id": obj.track} if obj.track is not None else {}),  # identity across a sequence's frames
        } for obj in row.objects])
        sink.append("annotations", b"," + encoded[1:-1])

    def assemble(self, out: zipfile.ZipFile, ctx: ExportContext, parts: list[Path]) -> None:
        _write_document(out, ctx, parts, "annotations/instances.json")


def _polygons_or_rle(rle: dict[str, Any]) -> Any:
    """Polygons traced pixel-exact; a mask with holes keeps its RLE (COCO polygons have no holes)."""
    mask = decode(rle, trusted=True)
    if has_holes(polygons_from_mask(mask)):
        return rle
    return coco_polygons(mask, tolerance=0.0)


class CocoPanoptic(ExportFormat):
    """annotations/panoptic.json plus panoptic/<image>.png (id = R + 256 G + 256² B).

    Every thing object is a segment; the objects of one stuff class merge into one segment.
    """

    name = "coco_panoptic"
    streams = ("images", "annotations")

    def write_asset(self, row: AssetRow, sink: PartSink, ctx: ExportContext) -> None:
        sink.append("images", _image_entry(row, ctx))
        segments: list[tuple[int, dict[str, Any], list[Rle]]] = []  # class, info, rles
        stuff: dict[int, list[tuple[int, Rle]]] = {}
        for obj in row.objects:
            if ctx.is_thing(obj.class_id):
                segments.append((obj.class_id, {"object_ids": [obj.id], "attributes": obj.attributes},
                                 [row.rle(obj)]))
            else:
                stuff.setdefault(obj.class_id, []).append((obj.id, row.rle(obj)))
        for class_id, items in stuff.items():
            segments.append((class_id, {"object_ids": [i for i, _ in items]}, [r for _, r in items]))
        painted: list[tuple[int, Rle]] = []
        infos = []
        for number, (class_id, extra, rles) in enumerate(segments, start=1):
            rle = rles[0] if len(rles) == 1 else merge(rles)
            painted.append((number, rle))
            infos.append({"id": number, "category_id": class_id, "area": area(rle),
                          "bbox": bbox(rle), "iscrowd": 0, **extra})
        ids = paint_runs(painted, row.height, row.width, np.uint32)
        png_name = f"{ctx.stem(row)}.png"
        sink.add_file(f"panoptic/{png_name}", png_bytes(panoptic_rgb_from_ids(ids)))
        sink.append("annotations", b"," + orjson.dumps(
            {"image_id": row.asset_id, "file_name": png_name, "segments_info": infos}))

    def assemble(self, out: zipfile.ZipFile, ctx: ExportContext, parts: list[Path]) -> None:
        _write_document(out, ctx, parts, "annotations/panoptic.json")

