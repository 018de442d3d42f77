"""Readers of JSON formats: COCO instances (RLE or polygons), COCO panoptic, the platform's NDJSON."""

from collections.abc import Iterator
from pathlib import PurePosixPath
from typing import Any

import orjson

from labelplatform.datasets.importing.items import (
    Built,
    ClassInfo,
    ImageIndex,
    ImportItem,
    ImportObject,
    Reader,
    files_named,
)
from labelplatform.datasets.importing.sources import SourceError, Tree
from labelplatform.masks import MaskError, mask_from_coco_polygons, objects_from_index_mask, read_image, validate
from labelplatform.masks.datasets import panoptic_ids_from_rgb


def json_documents(tree: Tree) -> Iterator[tuple[str, Any]]:
    for name in tree.names():
        if name.lower().endswith(".json"):
            try:
                yield name, orjson.loads(tree.read(name))
            except orjson.JSONDecodeError:
                continue


def is_coco(document: Any, panoptic: bool) -> bool:
    if not isinstance(document, dict) or not isinstance(document.get("annotations"), list):
        return False
    if "images" not in document:
        return False
    has_segments = any(isinstance(a, dict) and "segments_info" in a for a in document["annotations"][:10])
    return has_segments == panoptic


def _categories(document: dict[str, Any]) -> dict[int, dict[str, Any]]:
    return {int(c["id"]): c for c in document.get("categories", []) if isinstance(c, dict) and "id" in c}


def _class_infos(tree: Tree, panoptic: bool) -> dict[str, ClassInfo]:
    found: dict[str, ClassInfo] = {}
    for _, document in json_documents(tree):
        if is_coco(document, panoptic):
            for category in _categories(document).values():
                colour = category.get("color")
                hex_colour = "#" + "".join(f"{int(v):02x}" for v in colour) if isinstance(colour, list) else None
                found[str(category["name"])] = ClassInfo(
                    str(category["name"]), "stuff" if category.get("isthing") == 0 else "thing",
                    hex_colour if hex_colour and len(hex_colour) == 7 else None)
    return found


def _size_check(entry: dict[str, Any], height: int, width: int, what: str) -> None:
    if entry.get("height") not in (None, height) or entry.get("width") not in (None, width):
        said = f"{entry.get('width')}x{entry.get('height')}"
        raise MaskError("size", f"{what} says {said}, the image is {width}x{height}")


class CocoReader(Reader):
    name = "coco"

    def classes(self, tree: Tree) -> dict[str, ClassInfo]:
        return _class_infos(tree, panoptic=False)

    def items(self, tree: Tree) -> Iterator[ImportItem]:
        index = ImageIndex(tree)
        for source, document in json_documents(tree):
            if not is_coco(document, panoptic=False):
                continue
            names = {cid: str(c["name"]) for cid, c in _categories(document).items()}
            by_image: dict[Any, list[dict[str, Any]]] = {}
            for annotation in document["annotations"]:
                by_image.setdefault(annotation.get("image_id"), []).append(annotation)
            for image in document["images"]:
                file_name = str(image.get("file_name", ""))
                yield ImportItem(f"{source}: {file_name}", index.find(file_name), PurePosixPath(file_name).name,
                                 _coco_builder(image, by_image.get(image.get("id"), []), names))


def _coco_builder(image: dict[str, Any], annotations: list[dict[str, Any]], names: dict[int, str]):  # type: ignore[no-untyped-def]
    def build(height: int, width: int) -> Built:
        _size_check(image, height, width, f"image {image.get('file_name')}")
        objects = []
        for annotation in annotations:
            segmentation = annotation.get("segmentation")
            where = f"annotation {annotation.get('id')}"
            if isinstance(segmentation, dict):
                rle = validate(segmentation, height, width)
            elif isinstance(segmentation, list):
                rle = mask_from_coco_polygons(segmentation, height, width)
            else:
                raise MaskError("parse", f"{where}: segmentation must be RLE or polygons")
            category = annotation.get("category_id")
            attributes = annotation.get("attributes") if isinstance(annotation.get("attributes"), dict) else {}
            objects.append(ImportObject(names.get(category, category), rle, attributes, annotation.get("score")))
        return objects, {}

    return build


class PanopticReader(Reader):
    name = "coco_panoptic"

    def classes(self, tree: Tree) -> dict[str, ClassInfo]:
        return _class_infos(tree, panoptic=True)

    def items(self, tree: Tree) -> Iterator[ImportItem]:
        index = ImageIndex(tree)
        # Panoptic PNGs share base names with their images: look in panoptic* folders first.
        files = {**files_named(tree), **{PurePosixPath(n).name: n for n in tree.names()
                                         if any(p.startswith("panoptic") for p in PurePosixPath(n).parts[:-1])}}
        for source, document in json_documents(tree):
            if not is_coco(document, panoptic=True):
                continue
            names = {cid: str(c["name"]) for cid, c in _categories(document).items()}
            images = {image.get("id"): image for image in document["images"]}
            for annotation in document["annotations"]:
                image = images.get(annotation.get("image_id"), {})
                file_name = str(image.get("file_name", annotation.get("file_name", "")))
                png = files.get(str(annotation.get("file_name")))
                yield ImportItem(f"{source}: {annotation.get('file_name')}", index.find(file_name),
                                 PurePosixPath(file_name).name, _panoptic_builder(tree, png, annotation, names))


def _panoptic_builder(tree: Tree, png: str | None, annotation: dict[str, Any], names: dict[int, str]):  # type: ignore[no-untyped-def]
    def build(height: int, width: int) -> Built:
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
            attributes = obj.get("attributes") if isinstance(obj.get("attributes"), dict) else {}
            objects.append(ImportObject(ref, validate(obj.get("mask"), height, width), attributes, obj.get("score")))
        classifications = line.get("classifications")
        return objects, classifications if isinstance(classifications, dict) else {}

    return build
