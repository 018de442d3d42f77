"""Readers of mask-image formats: semantic index PNGs, RGB with mask_labels, instance PNGs, VOC, Cityscapes."""

from collections.abc import Iterator
from pathlib import PurePosixPath
from typing import Any

import numpy as np
import orjson

from labelplatform.datasets.importing.items import (
    Built,
    ClassInfo,
    ImageIndex,
    ImportItem,
    ImportObject,
    Reader,
    attributes_of,
    files_named,
    stem,
)
from labelplatform.datasets.importing.sources import SourceError, Tree
from labelplatform.masks import (
    MaskError,
    encode,
    mask_from_binary_png,
    objects_from_color_mask,
    objects_from_index_mask,
    objects_from_instance_ids,
    read_image,
)
from labelplatform.masks.datasets import dominant_values

VOC_VOID = 255


def _pixels(tree: Tree, name: str, height: int, width: int) -> Any:
    pixels = read_image(tree.read(name))
    if pixels.shape[:2] != (height, width):
        raise MaskError("shape", f"{name} is {pixels.shape[1]}x{pixels.shape[0]}, the image is {width}x{height}")
    return pixels


def _json_file(tree: Tree, base: str) -> Any:
    found = files_named(tree).get(base)
    if found is None:
        return None
    try:
        return orjson.loads(tree.read(found))
    except orjson.JSONDecodeError as exc:
        raise SourceError(f"{found}: not JSON ({exc})") from None


def value_table(tree: Tree) -> tuple[dict[int, str], set[int]]:
    """classes.json: pixel value -> class name, and values marked `"ignore": true`."""
    table = _json_file(tree, "classes.json") or []
    names = {int(e["value"]): str(e["name"]) for e in table if isinstance(e, dict) and not e.get("ignore")}
    ignored = {int(e["value"]) for e in table if isinstance(e, dict) and e.get("ignore")}
    return names, ignored


def _table_classes(tree: Tree) -> dict[str, ClassInfo]:
    table = _json_file(tree, "classes.json") or []
    return {str(e["name"]): ClassInfo(str(e["name"]), str(e.get("kind", "thing")), e.get("color"))
            for e in table if isinstance(e, dict) and not e.get("ignore") and e.get("name")}


def _hex(rgb: list[int]) -> str:
    return "#" + "".join(f"{int(v):02x}" for v in rgb[:3])


def _mask_pngs(tree: Tree, folder: str) -> list[str]:
    return [n for n in tree.names() if n.lower().endswith(".png") and folder in PurePosixPath(n).parts[:-1]]


class SemanticReader(Reader):
    """masks/<image stem>.png, one class value per pixel; classes.json names the values (else: class ids)."""

    name = "semantic_png"

    def classes(self, tree: Tree) -> dict[str, ClassInfo]:
        return _table_classes(tree)

    def items(self, tree: Tree) -> Iterator[ImportItem]:
        index = ImageIndex(tree)
        names, ignored = value_table(tree)
        skip = ignored | ({0} if 0 not in names else set())
        for png in _mask_pngs(tree, "masks"):
            yield ImportItem(png, index.find_stem(stem(png)), stem(png), self._builder(tree, png, names, skip))

    def _builder(self, tree: Tree, png: str, names: dict[int, str], skip: set[int]):  # type: ignore[no-untyped-def]
        def build(height: int, width: int) -> Built:
            pixels = _pixels(tree, png, height, width)
            if pixels.ndim != 2:
                raise MaskError("shape", f"{png}: a semantic mask has one channel, this one has {pixels.shape[2]}")
            regions = objects_from_index_mask(pixels.astype(np.uint16, copy=False), ignore=skip)
            return [ImportObject(names.get(value, value), rle) for value, rle in regions.items()], {}

        return build


class RgbReader(Reader):
    """masks/<image stem>.png coloured, with mask_labels.json: [{"value": [r, g, b], "labels": [name, ...]}]."""

    name = "rgb_png"

    def _mask_labels(self, tree: Tree) -> list[dict[str, Any]]:
        labels = _json_file(tree, "mask_labels.json")
        if not isinstance(labels, list):
            raise SourceError("mask_labels.json must be a list of {value: [r, g, b], labels: [...]}")
        return labels

    def classes(self, tree: Tree) -> dict[str, ClassInfo]:
        return {str(e["labels"][0]): ClassInfo(str(e["labels"][0]), color=_hex(e["value"]))
                for e in self._mask_labels(tree) if e.get("labels")}

    def items(self, tree: Tree) -> Iterator[ImportItem]:
        index, mask_labels = ImageIndex(tree), self._mask_labels(tree)
        for png in _mask_pngs(tree, "masks"):
            yield ImportItem(png, index.find_stem(stem(png)), stem(png), self._builder(tree, png, mask_labels))

    def _builder(self, tree: Tree, png: str, mask_labels: list[dict[str, Any]]):  # type: ignore[no-untyped-def]
        def build(height: int, width: int) -> Built:
            pixels = _pixels(tree, png, height, width)
            if pixels.ndim != 3:
                raise MaskError("shape", f"{png}: a colour mask needs RGB pixels")
            found = objects_from_color_mask(pixels[:, :, :3], mask_labels)  # type: ignore[arg-type]
            return [ImportObject(labels[0], rle) for labels, rle in found if labels], {}

        return build


class InstanceReader(Reader):
    """instances.json lists {file, image, class, attributes}; each file a binary or alpha PNG."""

    name = "instance_png"

    def _manifest(self, tree: Tree) -> list[dict[str, Any]]:
        manifest = _json_file(tree, "instances.json")
        if not isinstance(manifest, list):
            raise SourceError("instances.json must be a list of {file, image, class}")
        return [e for e in manifest if isinstance(e, dict)]

    def classes(self, tree: Tree) -> dict[str, ClassInfo]:
        return {str(e["class"]): ClassInfo(str(e["class"])) for e in self._manifest(tree) if e.get("class")}

    def items(self, tree: Tree) -> Iterator[ImportItem]:
        index = ImageIndex(tree)
        by_image: dict[str, list[dict[str, Any]]] = {}
        for entry in self._manifest(tree):
            by_image.setdefault(str(entry.get("image", "")), []).append(entry)
        for image, entries in by_image.items():
            yield ImportItem(f"instances.json: {image}", index.find(image), image, self._builder(tree, entries))

    def _builder(self, tree: Tree, entries: list[dict[str, Any]]):  # type: ignore[no-untyped-def]
        def build(height: int, width: int) -> Built:
            objects = []
            for entry in entries:
                name = str(entry.get("file", ""))
                if name not in tree.readers:
                    raise SourceError(f"{name} is listed in instances.json but not in the import")
                pixels = read_image(tree.read(name))
                if pixels.shape[:2] != (height, width):
                    raise MaskError("shape", f"{name} differs in size from its image ({width}x{height})")
                mask = mask_from_binary_png(tree.read(name))
                if mask.any():
                    objects.append(ImportObject(str(entry.get("class")), encode(mask), attributes_of(entry),
                                                entry.get("score")))
            return objects, {}

        return build


class VocReader(Reader):
    """SegmentationClass/ (+ SegmentationObject/) palette PNGs; class_names.txt or labels.txt names the values."""

    name = "voc"

    def _names(self, tree: Tree) -> dict[int, str]:
        files = files_named(tree)
        listing = files.get("class_names.txt") or files.get("labels.txt")
        if listing is None:
            return {}
        lines = [line.strip() for line in tree.read(listing).decode().splitlines() if line.strip()]
        if lines and lines[0] == "__ignore__":  # labelme's labels.txt: __ignore__ is -1, background 0
            lines = lines[1:]
        return {value: name for value, name in enumerate(lines) if value and not name.startswith("_")}

    def classes(self, tree: Tree) -> dict[str, ClassInfo]:
        return {name: ClassInfo(name) for name in self._names(tree).values()}

    def items(self, tree: Tree) -> Iterator[ImportItem]:
        index, names = ImageIndex(tree), self._names(tree)
        objects = {stem(n): n for n in _mask_pngs(tree, "SegmentationObject")}
        for png in _mask_pngs(tree, "SegmentationClass"):
            yield ImportItem(png, index.find_stem(stem(png)), stem(png),
                             self._builder(tree, png, objects.get(stem(png)), names))

    def _builder(self, tree: Tree, class_png: str, object_png: str | None, names: dict[int, str]):  # type: ignore[no-untyped-def]
        def build(height: int, width: int) -> Built:
            classes = _pixels(tree, class_png, height, width)
            if object_png is None:
                regions = objects_from_index_mask(classes, ignore=(0, VOC_VOID))
                return [ImportObject(names.get(v, v), rle) for v, rle in regions.items()], {}
            instances = objects_from_index_mask(_pixels(tree, object_png, height, width), ignore=(0, VOC_VOID))
            owners = dominant_values(np.where(classes == VOC_VOID, 0, classes), list(instances.values()))
            return [ImportObject(names.get(c, c), rle) for c, rle in zip(owners, instances.values(), strict=True)
                    if c is not None], {}

        return build


class CityscapesReader(Reader):
    """<stem>_gtFine_instanceIds.png: class * 1000 + n per instance, plain class for stuff; classes.json names."""

    name = "cityscapes"
    suffix = "_gtFine_instanceIds.png"

    def classes(self, tree: Tree) -> dict[str, ClassInfo]:
        return _table_classes(tree)

    def items(self, tree: Tree) -> Iterator[ImportItem]:
        index, (names, ignored) = ImageIndex(tree), value_table(tree)
        for png in tree.names():
            if png.endswith(self.suffix):
                image_stem = PurePosixPath(png).name[: -len(self.suffix)]
                yield ImportItem(png, index.find_stem(image_stem), image_stem, self._builder(tree, png, names, ignored))

    def _builder(self, tree: Tree, png: str, names: dict[int, str], ignored: set[int]):  # type: ignore[no-untyped-def]
        def build(height: int, width: int) -> Built:
            regions = objects_from_instance_ids(_pixels(tree, png, height, width))
            return [ImportObject(names.get(r.class_id, r.class_id), r.mask) for r in regions
                    if r.class_id not in ignored], {}

        return build
