"""MOTS text: per sequence one file, one line per tracked object per frame, its mask as COCO RLE.

    instances_txt/<sequence>.txt   "<frame> <class id * 1000 + track> <class id> <height> <width> <rle counts>"
    JPEGImages/<sequence>/00000.jpg (include_images)

MOTS reads an object's class from its id (id // 1000), so a track id must stay under 1000: a larger
one fails the export naming it. Only frames of sequences and objects with a track are written.
"""

import zipfile
from pathlib import Path

import orjson

from labelplatform.datasets.formats.base import ExportContext, PartSink
from labelplatform.datasets.formats.frames import SequenceFormat
from labelplatform.datasets.formats.streams import stream_items
from labelplatform.datasets.rows import AssetRow

MOTS_ID_BASE = 1000


class MotsTxt(SequenceFormat):
    name = "mots"
    streams = ("lines",)
    max_class_id = 2**31 // MOTS_ID_BASE - 1  # class * 1000 + track is read as a 32-bit int

    def write_asset(self, row: AssetRow, sink: PartSink, ctx: ExportContext) -> None:
        place = self.place(row, ctx)
        if place is None:
            return
        _, folder, index = place
        lines = []
        for obj in row.objects:
            if obj.track is None:
                continue
            if obj.track >= MOTS_ID_BASE:
                raise ValueError(f"{folder} frame {index}: track {obj.track} is {MOTS_ID_BASE} or more; MOTS reads "
                                 "the class from id // 1000, so its tracks stay under 1000")
            lines.append(f"{index} {obj.class_id * MOTS_ID_BASE + obj.track} {obj.class_id} {row.height} "
                         f"{row.width} {obj.counts}")
        if lines:
            sink.append("lines", b"," + orjson.dumps({"sequence": folder, "frame": index, "lines": lines}))

    def assemble(self, out: zipfile.ZipFile, ctx: ExportContext, parts: list[Path]) -> None:
        by_sequence: dict[str, list[tuple[int, list[str]]]] = {}
        for item in stream_items(parts, "lines"):
            by_sequence.setdefault(item["sequence"], []).append((item["frame"], item["lines"]))
        for sequence, frames in sorted(by_sequence.items()):
            text = "".join(line + "\n" for _, lines in sorted(frames) for line in lines)
            out.writestr(f"instances_txt/{sequence}.txt", text)
