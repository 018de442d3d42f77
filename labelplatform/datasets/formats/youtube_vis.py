"""YouTube-VIS: one JSON of videos (sequences) and their tracks, a mask per frame or null.

    annotations.json   {"info", "categories", "videos": [{"id", "name", "width", "height", "length",
                        "file_names"}], "annotations": [{"id", "video_id", "category_id", "segmentations",
                        "areas", "bboxes", "iscrowd", "track"}]}
    JPEGImages/<sequence>/00000.jpg   the frames (include_images), as file_names names them

A video lists every frame of the sequence; a track's `segmentations` has one entry per frame, the
stored COCO RLE where the frame's chosen label has the track and null elsewhere. Each part writes
its frames' tracked objects to a stream; the document is built when the parts are joined, since a
track spans parts. Only frames of sequences and objects with a track are written; a track's
category is the class it has on most frames.
"""

import zipfile
from collections import Counter
from pathlib import Path
from typing import Any

import orjson

from labelplatform.datasets.formats.base import ExportContext, PartSink
from labelplatform.datasets.formats.coco import coco_categories
from labelplatform.datasets.formats.frames import SequenceFormat
from labelplatform.datasets.formats.streams import stream_items
from labelplatform.datasets.rows import AssetRow
from labelplatform.sequences.selectors import sequence_frames


class YoutubeVis(SequenceFormat):
    name = "youtube_vis"
    streams = ("frames",)

    def write_asset(self, row: AssetRow, sink: PartSink, ctx: ExportContext) -> None:
        place = self.place(row, ctx)
        if place is None:
            return
        objects = [{"track": o.track, "class_id": o.class_id, "counts": o.counts, "area": o.area,
                    "bbox": orjson.Fragment(o.bbox_json)} for o in row.objects if o.track is not None]
        sink.append("frames", b"," + orjson.dumps({"video": place[0], "frame": place[2], "objects": objects}))

    def assemble(self, out: zipfile.ZipFile, ctx: ExportContext, parts: list[Path]) -> None:
        labeled = stream_items(parts, "frames")
        videos = sequence_frames(sorted({item["video"] for item in labeled}))
        folders = {}
        for video in videos:  # the folder names the parts used
            place = self.frames.of(ctx.project_id, video["frames"][0][1]) if video["frames"] else None
            folders[video["id"]] = place[1] if place else str(video["id"])
        tracks: dict[tuple[int, int], dict[int, dict[str, Any]]] = {}  # (video, track) -> frame -> object
        for item in labeled:
            for obj in item["objects"]:
                tracks.setdefault((item["video"], obj["track"]), {})[item["frame"]] = obj
        size = {v["id"]: (v["height"], v["width"], v["length"]) for v in videos}
        annotations = []
        for number, ((sequence, track), by_frame) in enumerate(sorted(tracks.items()), start=1):
            height, width, length = size[sequence]
            frames = [by_frame.get(index) for index in range(length)]
            annotations.append({
                "id": number, "video_id": sequence, "track": track, "iscrowd": 0,
                "category_id": Counter(o["class_id"] for o in by_frame.values()).most_common(1)[0][0],
                "segmentations": [{"size": [height, width], "counts": o["counts"]} if o else None for o in frames],
                "areas": [o["area"] if o else None for o in frames],
                "bboxes": [o["bbox"] if o else None for o in frames],
            })
        document = {
            "info": {"description": f"labelplatform project {ctx.project_id}"}, "licenses": [],
            "categories": coco_categories(ctx),
            "videos": [{"id": v["id"], "name": folders[v["id"]], "width": v["width"], "height": v["height"],
                        "length": v["length"],
                        "file_names": [f"{folders[v['id']]}/{index:05d}{Path(file).suffix.lower()}"
                                       for index, _, file in v["frames"]]} for v in videos],
            "annotations": annotations,
        }
        out.writestr("annotations.json", orjson.dumps(document))
