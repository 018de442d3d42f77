"""Readers of JSON formats: COCO instances (RLE or polygons), COCO panoptic, the platform's NDJSON."""

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any

import orjson

from labelplatform.datasets.importing.coco_stream import (
    INSTANCES,
    JSON_ERRORS,
    PANOPTIC,
    AnnotationSpool,
    coco_kind,
    coco_list,
    image_key,
    json_error,
    json_names,
    open_spool,
)
from labelplatform.datasets.importing.items import (
    Built,
    ClassInfo,
    ImageIndex,
    ImportItem,
    ImportObject,
    Reader,
    attributes_of,
    files_named,
)
from labelplatform.datasets.importing.sources import SourceError, Tree
from labelplatform.masks import MaskError, mask_from_coco_polygons, objects_from_index_mask, read_image, validate
from labelplatform.masks.datasets import panoptic_ids_from_rgb


def coco_documents(tree: Tree) -> Iterator[tuple[str, str | None]]:
    """Each JSON file with its COCO kind (None when it is not COCO, or not JSON: as before, it is skipped)."""
    for name in json_names(tree):
        try:
            yield name, coco_kind(tree, name)
        except JSON_ERRORS:
            yield name, None


def _class_infos(tree: Tree, kind: str) -> dict[str, ClassInfo]:
    found: dict[str, ClassInfo] = {}
    for name, found_kind in coco_documents(tree):
        if found_kind != kind:
            continue
        try:
            categories = _categories(tree, name)
        except JSON_ERRORS:
            continue  # broken further on: the items report it
        for category in categories.values():
            colour = category.get("color")
            hex_colour = "#" + "".join(f"{int(v):02x}" for v in colour) if isinstance(colour, list) else None
            found[str(category["name"])] = ClassInfo(
                str(category["name"]), "stuff" if category.get("isthing") == 0 else "thing",
                hex_colour if hex_colour and len(hex_colour) == 7 else None)
    return found


def _categories(tree: Tree, name: str) -> dict[int, dict[str, Any]]:
    return {int(c["id"]): c for c in coco_list(tree, name, "categories") if "id" in c}


@dataclass
class _CocoFile:
    """A COCO file of the kind a reader wants: class names, images, spooled annotations; or why it cannot be read."""

    name: str
    names: dict[int, str] = field(default_factory=dict)
    images: list[dict[str, Any]] = field(default_factory=list)
    spool: AnnotationSpool | None = None
    error: SourceError | None = None


def _coco_files(tree: Tree, kind: str) -> Iterator[_CocoFile]:
    for name in json_names(tree):
        try:
            if coco_kind(tree, name) != kind:
                continue
            names = {cid: str(c["name"]) for cid, c in _categories(tree, name).items()}
            yield _CocoFile(name, names, coco_list(tree, name, "images"), open_spool(tree, name))
        except JSON_ERRORS as exc:
            yield _CocoFile(name, error=json_error(name, exc))


def _size_check(entry: dict[str, Any], height: int, width: int, what: str) -> None:
    if entry.get("height") not in (None, height) or entry.get("width") not in (None, width):
        said = f"{entry.get('width')}x{entry.get('height')}"
        raise MaskError("size", f"{what} says {said}, the image is {width}x{height}")


class CocoReader(Reader):
    name = "coco"

    def classes(self, tree: Tree) -> dict[str, ClassInfo]:
        return _class_infos(tree, INSTANCES)

    def items(self, tree: Tree) -> Iterator[ImportItem]:
        index = ImageIndex(tree)
        for coco in _coco_files(tree, INSTANCES):
            if coco.spool is None:
                yield ImportItem(coco.name, None, "", error=coco.error)
                continue
            for image in coco.images:
                file_name = str(image.get("file_name", ""))
                yield ImportItem(f"{coco.name}: {file_name}", index.find(file_name), PurePosixPath(file_name).name,
                                 _coco_builder(image, coco.spool, coco.names))


def _coco_builder(image: dict[str, Any], spool: AnnotationSpool, names: dict[int, str]):  # type: ignore[no-untyped-def]
    def build(height: int, width: int) -> Built:
        _size_check(image, height, width, f"image {image.get('file_name')}")
        objects = []
        for annotation in spool.for_image(image.get("id")):
            segmentation = annotation.get("segmentation")
            where = f"annotation {annotation.get('id')}"
            if isinstance(segmentation, dict):
                rle = validate(segmentation, height, width)
            elif isinstance(segmentation, list):
                rle = mask_from_coco_polygons(segmentation, height, width)
            else:
                raise MaskError("parse", f"{where}: segmentation must be RLE or polygons")
            category: Any = annotation.get("category_id")  # an id of the file's categories, if it is one
            objects.append(ImportObject(names.get(category, category), rle, attributes_of(annotation),
                                        annotation.get("score")))
        return objects, {}

    return build


class PanopticReader(Reader):
    name = "coco_panoptic"

    def classes(self, tree: Tree) -> dict[str, ClassInfo]:
        return _class_infos(tree, PANOPTIC)

    def items(self, tree: Tree) -> Iterator[ImportItem]:
        index = ImageIndex(tree)
        # Panoptic PNGs share base names with their images: look in panoptic* folders first.
        files = {**files_named(tree), **{PurePosixPath(n).name: n for n in tree.names()
                                         if any(p.startswith("panoptic") for p in PurePosixPath(n).parts[:-1])}}
        for coco in _coco_files(tree, PANOPTIC):
            if coco.spool is None:
                yield ImportItem(coco.name, None, "", error=coco.error)
                continue
            images = {image_key(image.get("id")): image for image in coco.images}
            for row, annotation in coco.spool.rows():
                image = images.get(image_key(annotation.get("image_id")), {})
                file_name = str(image.get("file_name", annotation.get("file_name", "")))
                png = files.get(str(annotation.get("file_name")))
                yield ImportItem(f"{coco.name}: {annotation.get('file_name')}", index.find(file_name),
                                 PurePosixPath(file_name).name,
                                 _panoptic_builder(tree, png, coco.spool, row, coco.names))


def _panoptic_builder(tree: Tree, png: str | None, spool: AnnotationSpool, row: int, names: dict[int, str]):  # type: ignore[no-untyped-def]
    def build(height: int, width: int) -> Built:
        annotation = spool.row(row)
        if png is None:
            raise SourceError(f"panoptic PNG {annotation.get('file_name')} is not in the import")
        ids = panoptic_ids_from_rgb(read_image(tree.read(png)))
        if ids.shape != (height, width):
            raise MaskError("shape", f"{png} is {ids.shape[1]}x{ids.shape[0]}, the image {width}x{height}")
        regions = objects_from_index_mask(ids)
        objects = []
        for segment in annotation.get("segments_info", []):
            rle = regions.get(int(segment["id"]))
            if rle is not None:
                category = segment.get("category_id")
                attributes = segment.get("attributes") if isinstance(segment.get("attributes"), dict) else {}
                objects.append(ImportObject(names.get(category, category), rle, attributes, segment.get("score")))
        return objects, {}

    return build


class NdjsonReader(Reader):
    name = "ndjson"

    def _lines(self, tree: Tree) -> Iterator[tuple[str, int, Any]]:
        for name in tree.names():
            if name.lower().endswith(".ndjson"):
                for number, line in enumerate(tree.read(name).splitlines(), start=1):
                    if line.strip():
                        try:
                            yield name, number, orjson.loads(line)
                        except orjson.JSONDecodeError as exc:
                            yield name, number, SourceError(f"not JSON ({exc})")

    def classes(self, tree: Tree) -> dict[str, ClassInfo]:
        found: dict[str, ClassInfo] = {}
        for _, _, line in self._lines(tree):
            if isinstance(line, dict):
                for obj in line.get("objects", []):
                    if isinstance(obj, dict) and isinstance(obj.get("class_name"), str):
                        found[obj["class_name"]] = ClassInfo(obj["class_name"])
        return found

    def items(self, tree: Tree) -> Iterator[ImportItem]:
        index = ImageIndex(tree)
        for name, number, line in self._lines(tree):
            asset = line.get("asset", {}) if isinstance(line, dict) else {}
            file_name = str(asset.get("file_name") or asset.get("name") or "")
            yield ImportItem(f"{name} line {number}", index.find(file_name) if file_name else None,
                             str(asset.get("name") or file_name), _ndjson_builder(line))


def _ndjson_builder(line: Any):  # type: ignore[no-untyped-def]
    def build(height: int, width: int) -> Built:
        if isinstance(line, Exception):
            raise line
        objects = []
        for position, obj in enumerate(line.get("objects", [])):
            if not isinstance(obj, dict):
                raise SourceError(f"objects[{position}] must be an object")
            ref = obj.get("class_name") if isinstance(obj.get("class_name"), str) else obj.get("class")
            objects.append(ImportObject(ref, validate(obj.get("mask"), height, width), attributes_of(obj),
                                        obj.get("score")))
        classifications = line.get("classifications")
        return objects, classifications if isinstance(classifications, dict) else {}

    return build
