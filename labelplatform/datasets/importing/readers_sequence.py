"""Readers of sequence formats: DAVIS palette PNGs, YouTube-VIS JSON, MOTS text (what the exports write).

A file may hold several sequences (folders, videos); the import reads one into one sequence of the
project, so a reader lists the file's sequences (`folders`) and reads the one chosen (`folder`).
Items name frames by index, never images: the frames are the sequence's assets. An object's class
comes from the file where it says one (frames.json, categories, the MOTS class field); the import
may map tracks to classes over it.
"""

import re
from collections.abc import Iterator
from pathlib import PurePosixPath
from typing import Any

import numpy as np
import orjson

from labelplatform.datasets.formats.mots import MOTS_ID_BASE
from labelplatform.datasets.importing.items import Built, ClassInfo, ImportItem, ImportObject, Reader, files_named
from labelplatform.datasets.importing.sources import SourceError, Tree
from labelplatform.labels.objects import MAX_TRACK, is_track, track_of_text
from labelplatform.masks import MaskError, objects_from_index_mask, read_image, validate

MOTS_IGNORE_ID = 10000  # KITTI MOTS marks ignore regions with id 10000 (class 10, no track)
# ASCII digits only, and few: str.isdigit takes '²', which int() refuses, and int() refuses 4300 digits or more.
FRAME_NAME = re.compile(r"[0-9]{1,9}")
MOTS_NUMBER = re.compile(r"-?[0-9]{1,18}")


class SequenceReader(Reader):
    folder: str = ""  # the file's sequence to read, set by the import before `items`

    def folders(self, tree: Tree) -> list[str]:
        raise NotImplementedError


def _frame_of(name: str) -> int:
    digits = PurePosixPath(name).stem
    if not FRAME_NAME.fullmatch(digits):
        raise SourceError(f"{name}: a frame file is named by its index (00000.png), not {digits!r}")
    return int(digits)


def checked_track(value: Any, where: str) -> int:
    if not is_track(value):
        raise SourceError(f"{where}: track id {value!r} is not an integer in 1..{MAX_TRACK}")
    return value


def _json(tree: Tree, name: str) -> Any:
    try:
        return orjson.loads(tree.read(name))
    except orjson.JSONDecodeError as exc:
        raise SourceError(f"{name}: not JSON ({exc})") from None


class DavisReader(SequenceReader):
    """Annotations/[480p/]<sequence>/<index>.png, value = track id (0 background); frames.json (as the
    export writes it) gives each track's class."""

    name = "davis_png"

    def _pngs(self, tree: Tree) -> dict[str, list[str]]:
        found: dict[str, list[str]] = {}
        for name in tree.names():
            parts = PurePosixPath(name).parts
            # DAVIS 2017 puts a resolution folder between (Annotations/480p/<sequence>/)
            if name.lower().endswith(".png") and len(parts) >= 3 and "Annotations" in parts[:-2]:
                found.setdefault(parts[-2], []).append(name)
        return found

    def folders(self, tree: Tree) -> list[str]:
        return sorted(self._pngs(tree))

    def _track_classes(self, tree: Tree) -> dict[int, str | int]:
        """frames.json's classes of this sequence's tracks: the class name, else its id."""
        listing = files_named(tree).get("frames.json")
        entries = _json(tree, listing) if listing else []
        found: dict[int, str | int] = {}
        for entry in entries if isinstance(entries, list) else []:
            if not isinstance(entry, dict) or entry.get("sequence") != self.folder:
                continue
            tracks = entry.get("tracks")
            for key, value in (tracks.items() if isinstance(tracks, dict) else []):
                ref = value.get("class") or value.get("class_id") if isinstance(value, dict) else None
                track = track_of_text(key)
                if track is not None and isinstance(ref, (str, int)) and not isinstance(ref, bool):
                    found[track] = ref
        return found

    def classes(self, tree: Tree) -> dict[str, ClassInfo]:
        return {ref: ClassInfo(ref) for ref in self._track_classes(tree).values() if isinstance(ref, str)}

    def items(self, tree: Tree) -> Iterator[ImportItem]:
        try:
            classes = self._track_classes(tree)
        except SourceError as exc:
            yield ImportItem("frames.json", None, "", error=exc)
            return
        for png in self._pngs(tree).get(self.folder, []):
            try:
                frame = _frame_of(png)
            except SourceError as exc:
                yield ImportItem(png, None, "", error=exc)
                continue
            yield ImportItem(png, None, png, self._builder(tree, png, classes), frame=frame)

    def _builder(self, tree: Tree, png: str, classes: dict[int, str | int]):  # type: ignore[no-untyped-def]
        def build(height: int, width: int) -> Built:
            pixels = read_image(tree.read(png))
            if pixels.ndim != 2:
                raise MaskError("shape", f"{png}: a DAVIS mask has one channel (palette or grey), this one has "
                                         f"{pixels.shape[2]}")
            if pixels.shape != (height, width):
                raise MaskError("shape", f"{png} is {pixels.shape[1]}x{pixels.shape[0]}, the frame {width}x{height}")
            regions = objects_from_index_mask(pixels.astype(np.uint16, copy=False), ignore=(0,))
            return [ImportObject(classes.get(value), rle, track=value) for value, rle in regions.items()], {}

        return build


class YoutubeVisReader(SequenceReader):
    """A JSON of videos and annotations, each annotation one track with a segmentation per frame (or null)."""

    name = "youtube_vis"
    _parsed: tuple[Tree, list[tuple[str, dict[str, Any]]]] | None = None

    def _documents(self, tree: Tree) -> list[tuple[str, dict[str, Any]]]:
        """The tree's JSON documents with videos, parsed once per reader: the import asks for the folders,
        the classes and the items in turn, and a YouTube-VIS JSON may be hundreds of megabytes."""
        if self._parsed is not None and self._parsed[0] is tree:
            return self._parsed[1]
        found = []
        for name in tree.names():
            if name.lower().endswith(".json") and PurePosixPath(name).name != "frames.json":
                document = _json(tree, name)
                if isinstance(document, dict) and isinstance(document.get("videos"), list):
                    found.append((name, document))
        self._parsed = (tree, found)
        return found

    def folders(self, tree: Tree) -> list[str]:
        return sorted({str(v.get("name")) for _, d in self._documents(tree) for v in d["videos"]
                       if isinstance(v, dict)})

    def classes(self, tree: Tree) -> dict[str, ClassInfo]:
        return {str(c["name"]): ClassInfo(str(c["name"])) for _, d in self._documents(tree)
                for c in d.get("categories") or [] if isinstance(c, dict) and c.get("name")}

    def items(self, tree: Tree) -> Iterator[ImportItem]:
        for name, document in self._documents(tree):
            video = next((v for v in document["videos"] if isinstance(v, dict) and str(v.get("name")) == self.folder),
                         None)
            if video is None:
                continue
            names = {c.get("id"): str(c["name"]) for c in document.get("categories") or []
                     if isinstance(c, dict) and c.get("name")}
            by_frame: dict[int, list[tuple[int, dict[str, Any]]]] = {}
            for position, annotation in enumerate(document.get("annotations") or []):
                where = f"{name}: annotations[{position}]"
                if not isinstance(annotation, dict) or annotation.get("video_id") != video.get("id"):
                    continue
                try:
                    track = checked_track(annotation.get("track", annotation.get("id")), where)
                    segmentations = annotation.get("segmentations")
                    if not isinstance(segmentations, list):
                        raise SourceError(f"{where}: segmentations must be a list, one entry per frame")
                except SourceError as exc:
                    yield ImportItem(where, None, "", error=exc)
                    continue
                for frame, segmentation in enumerate(segmentations):
                    if segmentation is not None:
                        by_frame.setdefault(frame, []).append((track, {**annotation, "segmentations": None,
                                                                       "segmentation": segmentation}))
            for frame, entries in sorted(by_frame.items()):
                yield ImportItem(f"{name}: {self.folder} frame {frame}", None, "",
                                 _vis_builder(entries, names, video), frame=frame)


def _vis_builder(entries: list[tuple[int, dict[str, Any]]], names: dict[Any, str], video: dict[str, Any]):  # type: ignore[no-untyped-def]
    def build(height: int, width: int) -> Built:
        if video.get("height") not in (None, height) or video.get("width") not in (None, width):
            raise MaskError("size", f"video {video.get('name')} says {video.get('width')}x{video.get('height')}, "
                                    f"the frames are {width}x{height}")
        objects = []
        for track, annotation in entries:
            segmentation = annotation["segmentation"]
            if not isinstance(segmentation, dict):
                raise MaskError("parse", f"track {track}: a segmentation is a COCO RLE or null")
            category: Any = annotation.get("category_id")
            score = annotation.get("score")
            objects.append(ImportObject(names.get(category, category), validate(segmentation, height, width),
                                        score=score if isinstance(score, (int, float)) else None, track=track))
        return objects, {}

    return build


class MotsReader(SequenceReader):
    """instances_txt/<sequence>.txt: `frame id class height width counts`, id = class * 1000 + track."""

    name = "mots"

    def _files(self, tree: Tree) -> dict[str, str]:
        return {PurePosixPath(n).stem: n for n in tree.names() if n.lower().endswith(".txt")}

    def folders(self, tree: Tree) -> list[str]:
        return sorted(self._files(tree))

    def items(self, tree: Tree) -> Iterator[ImportItem]:
        name = self._files(tree).get(self.folder)
        if name is None:
            return
        by_frame: dict[int, list[tuple[int, list[str]]]] = {}
        try:
            text = tree.read(name).decode()
        except UnicodeDecodeError:
            yield ImportItem(name, None, "", error=SourceError(f"{name}: not UTF-8 text"))
            return
        for number, line in enumerate(text.splitlines(), start=1):
            fields = line.split()
            if not fields:
                continue
            if len(fields) != 6 or not all(MOTS_NUMBER.fullmatch(f) for f in fields[:5]):
                yield ImportItem(f"{name} line {number}", None, "", error=SourceError(
                    f"{name} line {number}: not `frame id class height width rle`"))
                continue
            by_frame.setdefault(int(fields[0]), []).append((number, fields))
        for frame, lines in sorted(by_frame.items()):
            yield ImportItem(f"{name}: frame {frame}", None, "", _mots_builder(name, lines), frame=frame)


def _mots_builder(name: str, lines: list[tuple[int, list[str]]]):  # type: ignore[no-untyped-def]
    def build(height: int, width: int) -> Built:
        objects = []
        for number, fields in lines:
            where = f"{name} line {number}"
            object_id, class_id, rows, columns = (int(f) for f in fields[1:5])
            if object_id == MOTS_IGNORE_ID:
                continue
            if (rows, columns) != (height, width):
                raise MaskError("size", f"{where}: says {columns}x{rows}, the frame is {width}x{height}")
            track = checked_track(object_id % MOTS_ID_BASE if object_id > 0 else object_id, where)
            try:
                rle = validate({"size": [rows, columns], "counts": fields[5]}, height, width)
            except MaskError as exc:
                raise MaskError(exc.code, f"{where}: {exc}") from None
            objects.append(ImportObject(class_id, rle, track=track))
        return objects, {}

    return build


SEQUENCE_READERS: dict[str, type[SequenceReader]] = {r.name: r for r in (DavisReader, YoutubeVisReader, MotsReader)}


def detect_sequence(tree: Tree) -> str:
    """The sequence format a tree looks like; SourceError when none."""
    for reader in (DavisReader(), YoutubeVisReader(), MotsReader()):
        if reader.folders(tree):
            return reader.name
    raise SourceError("no DAVIS Annotations/<sequence>/*.png, MOTS .txt or YouTube-VIS JSON in the import")
