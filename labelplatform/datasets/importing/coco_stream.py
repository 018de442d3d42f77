"""COCO JSON read as a stream: memory stays bounded whatever the size of the file.

A COCO instances file can be hundreds of MB of JSON (several GB as Python
objects), almost all of it annotations. Its kind, images and categories are
read with ijson without keeping the annotations; the annotations are read once
and spooled to a SQLite file in a temporary folder, by image, so an image's
annotations are read back when its item is built.
"""

import sqlite3
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import ijson
import orjson

from labelplatform.datasets.importing.sources import SourceError, Tree

INSTANCES, PANOPTIC = "instances", "panoptic"
KIND_SAMPLE = 10  # panoptic if any of the first annotations has segments_info
SPOOL_BATCH = 2000  # annotations per INSERT: few round trips, a few MB held at most
JSON_ERRORS = (ijson.JSONError, UnicodeDecodeError)


def json_names(tree: Tree) -> list[str]:
    return [name for name in tree.names() if name.lower().endswith(".json")]


def json_error(name: str, exc: Exception) -> SourceError:
    """A short reason: the first line of ijson's message (the rest draws the spot)."""
    raw = exc.args[0] if exc.args else exc
    text = raw.decode(errors="replace") if isinstance(raw, bytes) else str(raw)
    return SourceError(f"{name}: not valid JSON ({text.strip().splitlines()[0] if text.strip() else 'empty'})")


def coco_kind(tree: Tree, name: str) -> str | None:
    """INSTANCES or PANOPTIC for a COCO document (a dict with an "annotations" list and "images"), else None.

    Reads up to the first annotations (and "images", wherever it is), not the whole file; raises JSON_ERRORS
    when the file breaks off before that is known.
    """
    with tree.open(name) as stream:
        kind, has_images = _scan(ijson.parse(stream, use_float=True))
    if kind is not None and not has_images:
        with tree.open(name) as stream:  # "images" comes after the annotations: find it without reading them
            has_images = any(True for _ in ijson.items(stream, "images", use_float=True))
    return kind if has_images else None


def _scan(events: Iterator[tuple[str, str, Any]]) -> tuple[str | None, bool]:
    """Walks parse events until the kind and "images" are known; stops at the end of the first annotations."""
    first = next(events, None)
    if first is None or first[1] != "start_map":
        return None, False
    has_images, in_annotations, seen, segments = False, False, 0, False
    for prefix, event, value in events:
        if prefix == "" and event == "map_key":
            has_images = has_images or value == "images"
        elif prefix == "annotations" and not in_annotations:
            if event != "start_array":
                return None, has_images  # "annotations" is not a list
            in_annotations = True
        elif prefix == "annotations.item" and event in ("start_map", "start_array", "string", "number",
                                                        "boolean", "null"):
            seen += 1
        elif prefix == "annotations.item" and event == "map_key" and value == "segments_info":
            segments = True
        if in_annotations and (seen > KIND_SAMPLE or (prefix, event) == ("annotations", "end_array")):
            return PANOPTIC if segments else INSTANCES, has_images
        if prefix == "" and event == "end_map":
            break
    return None, has_images


def coco_list(tree: Tree, name: str, key: str) -> list[dict[str, Any]]:
    """The dicts of a top-level list ("images", "categories"): small lists, read without the annotations."""
    with tree.open(name) as stream:
        return [item for item in ijson.items(stream, f"{key}.item", use_float=True) if isinstance(item, dict)]


def image_key(image_id: Any) -> bytes:
    """An image id as the spool stores it (as JSON: 7 and 7.0 are the same image)."""
    if isinstance(image_id, float) and image_id.is_integer():
        image_id = int(image_id)
    return orjson.dumps(image_id)


class AnnotationSpool:
    """One file's annotations on disk by image id; `close` removes the folder holding them."""

    def __init__(self, parent: Path | None = None) -> None:
        # In the job's scratch folder (else TMPDIR); a worker needs about the JSON's size free there.
        self._folder = tempfile.TemporaryDirectory(prefix="import-coco-", dir=parent)
        try:
            self._db = sqlite3.connect(Path(self._folder.name) / "annotations.sqlite")
            self._db.executescript("PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA temp_store = FILE;"
                                   "CREATE TABLE annotation (image BLOB, body BLOB NOT NULL);")
        except BaseException:
            self._folder.cleanup()
            raise

    @property
    def folder(self) -> str:
        return self._folder.name

    def load(self, tree: Tree, name: str) -> int:
        """Stream the file's annotations into the spool; returns how many (dicts only, as the readers use)."""
        count = 0
        with tree.open(name) as stream:
            for batch in _batches(ijson.items(stream, "annotations.item", use_float=True)):
                self._db.executemany("INSERT INTO annotation (image, body) VALUES (?, ?)", batch)
                count += len(batch)
        self._db.execute("CREATE INDEX annotation_image ON annotation (image)")  # once, after loading: faster
        self._db.commit()
        return count

    def for_image(self, image_id: Any) -> list[dict[str, Any]]:
        """An image's annotations in file order."""
        rows = self._db.execute("SELECT body FROM annotation WHERE image = ? ORDER BY rowid", (image_key(image_id),))
        return [orjson.loads(body) for (body,) in rows]

    def rows(self) -> Iterator[tuple[int, dict[str, Any]]]:
        """Every annotation in file order, with the row to read it back by."""
        for row, body in self._db.execute("SELECT rowid, body FROM annotation ORDER BY rowid"):
            yield row, orjson.loads(body)

    def row(self, row: int) -> dict[str, Any]:
        (body,) = self._db.execute("SELECT body FROM annotation WHERE rowid = ?", (row,)).fetchone()
        return orjson.loads(body)  # type: ignore[no-any-return]

    def close(self) -> None:
        self._db.close()
        self._folder.cleanup()


def _batches(annotations: Iterable[Any]) -> Iterator[list[tuple[bytes, bytes]]]:
    batch: list[tuple[bytes, bytes]] = []
    for annotation in annotations:
        if isinstance(annotation, dict):
            batch.append((image_key(annotation.get("image_id")), orjson.dumps(annotation)))
            if len(batch) >= SPOOL_BATCH:
                yield batch
                batch = []
    if batch:
        yield batch


def open_spool(tree: Tree, name: str) -> AnnotationSpool:
    """The file's annotations spooled; the spool is removed when the tree closes (or at once, on an error)."""
    spool = AnnotationSpool(tree.scratch)
    try:
        spool.load(tree, name)
    except BaseException:
        spool.close()
        raise
    tree.closers.append(spool.close)
    return spool
