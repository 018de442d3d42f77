"""YOLO and plain-image readers, and picking the reader for a tree."""

import re
from collections.abc import Iterator
from pathlib import PurePosixPath

from labelplatform.datasets.importing.coco_stream import INSTANCES, PANOPTIC
from labelplatform.datasets.importing.items import (
    Built,
    ClassInfo,
    ImageIndex,
    ImportItem,
    ImportObject,
    Reader,
    files_named,
    is_mask_file,
    stem,
)
from labelplatform.datasets.importing.readers_json import CocoReader, NdjsonReader, PanopticReader, coco_documents
from labelplatform.datasets.importing.readers_raster import (
    CityscapesReader,
    InstanceReader,
    RgbReader,
    SemanticReader,
    VocReader,
)
from labelplatform.datasets.importing.sources import SourceError, Tree
from labelplatform.masks import MaskError, encode, mask_from_yolo

_YAML_ENTRY = re.compile(r"^\s+(\d+)\s*:\s*(.+?)\s*$")


class YoloReader(Reader):
    """labels/<image stem>.txt: `index x1 y1 ...` normalised; names from data.yaml or classes.txt."""

    name = "yolo"

    def _names(self, tree: Tree) -> dict[int, str]:
        files = files_named(tree)
        if "classes.txt" in files:
            lines = [line.strip() for line in tree.read(files["classes.txt"]).decode().splitlines()]
            return {i: name for i, name in enumerate(lines) if name}
        for yaml_name in ("data.yaml", "dataset.yaml"):
            if yaml_name in files:
                return _yaml_names(tree.read(files[yaml_name]).decode())
        return {}

    def classes(self, tree: Tree) -> dict[str, ClassInfo]:
        return {name: ClassInfo(name) for name in self._names(tree).values()}

    def items(self, tree: Tree) -> Iterator[ImportItem]:
        index, names = ImageIndex(tree), self._names(tree)
        for name in tree.names():
            if name.endswith(".txt") and "labels" in PurePosixPath(name).parts[:-1]:
                yield ImportItem(name, index.find_stem(stem(name)), stem(name), self._builder(tree, name, names))

    def _builder(self, tree: Tree, name: str, names: dict[int, str]):  # type: ignore[no-untyped-def]
        def build(height: int, width: int) -> Built:
            objects = []
            for number, line in enumerate(tree.read(name).decode().splitlines(), start=1):
                fields = line.split()
                if not fields:
                    continue
                try:
                    index, values = int(fields[0]), [float(v) for v in fields[1:]]
                except ValueError:
                    raise SourceError(f"line {number}: not `class x1 y1 x2 y2 ...` numbers") from None
                if len(values) == 4:
                    raise SourceError(f"line {number}: a box, not a segmentation polygon")
                try:
                    mask = mask_from_yolo([values], height, width)
                except MaskError as exc:
                    raise MaskError(exc.code, f"line {number}: {exc}") from None
                if mask.any():
                    objects.append(ImportObject(names.get(index, f"yolo_{index}"), encode(mask)))
            return objects, {}

        return build


def _yaml_names(text: str) -> dict[int, str]:
    """`names:` as a block of `i: name` lines or an inline list (the two forms YOLO tools write)."""
    inline = re.search(r"^names\s*:\s*\[(.*)\]\s*$", text, re.MULTILINE)
    if inline:
        return {i: n.strip().strip("'\"") for i, n in enumerate(inline.group(1).split(",")) if n.strip()}
    names: dict[int, str] = {}
    block = False
    for line in text.splitlines():
        if re.match(r"^names\s*:\s*$", line):
            block = True
            continue
        match = _YAML_ENTRY.match(line) if block else None
        if match:
            names[int(match.group(1))] = match.group(2).strip("'\"")
        elif block and line.strip() and not line.startswith((" ", "\t")):
            block = False
    return names


class ImagesReader(Reader):
    name = "images"

    def items(self, tree: Tree) -> Iterator[ImportItem]:
        for name in ImageIndex(tree).by_name.values():
            yield ImportItem(name, name, PurePosixPath(name).name)


READERS: dict[str, type[Reader]] = {r.name: r for r in (
    CocoReader, PanopticReader, NdjsonReader, SemanticReader, RgbReader, InstanceReader, VocReader,
    CityscapesReader, YoloReader, ImagesReader)}


def detect(tree: Tree) -> str:
    """The format a tree looks like, checked from the most specific marker to plain images."""
    names = tree.names()
    bases = {PurePosixPath(n).name for n in names}
    if any(n.lower().endswith(".ndjson") for n in names):
        return "ndjson"
    kinds = {kind for _, kind in coco_documents(tree)}
    if PANOPTIC in kinds:
        return "coco_panoptic"
    if INSTANCES in kinds:
        return "coco"
    if "instances.json" in bases:
        return "instance_png"
    if "mask_labels.json" in bases:
        return "rgb_png"
    if any("SegmentationClass" in PurePosixPath(n).parts for n in names):
        return "voc"
    if any(n.endswith(CityscapesReader.suffix) for n in names):
        return "cityscapes"
    if any(n.endswith(".txt") and "labels" in PurePosixPath(n).parts[:-1] for n in names):
        return "yolo"
    if any(is_mask_file(n) and n.lower().endswith(".png") for n in names):
        return "semantic_png"
    return "images"
