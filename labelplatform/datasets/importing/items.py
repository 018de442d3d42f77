"""What format readers hand to the import: items (one image and its objects) and class names."""

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any

from labelplatform.datasets.importing.sources import Tree
from labelplatform.masks import Rle

# Folders whose PNGs are masks, never images to upload.
MASK_FOLDERS = {"masks", "panoptic", "SegmentationClass", "SegmentationObject", "gtFine", "labels"}


@dataclass
class ImportObject:
    class_ref: str | int | None  # a class name, or a class id where the file carries no names; None: it names none
    mask: Rle
    attributes: dict[str, Any] = field(default_factory=dict)
    score: float | None = None
    track: int | None = None  # sequence formats: the object's identity across frames


def attributes_of(entry: dict[str, Any]) -> dict[str, Any]:
    """An object's attributes as a file gives them; anything but an object counts as none."""
    found = entry.get("attributes")
    return found if isinstance(found, dict) else {}


Built = tuple[list[ImportObject], dict[str, Any]]  # objects and image-level classifications


@dataclass
class ImportItem:
    source: str  # the file a report names
    image: str | None  # tree name of the image file, when the import carries it
    image_name: str  # name to find an existing asset by, when it does not
    build: Callable[[int, int], Built] | None = None  # objects for an asset of (height, width)
    error: Exception | None = None  # a file that could not be read: reported under `source`, nothing imported
    frame: int | None = None  # sequence formats: the frame index of the import's sequence (image is None)


@dataclass
class ClassInfo:
    name: str
    kind: str = "thing"
    color: str | None = None


class Reader:
    name: str = ""

    def classes(self, tree: Tree) -> dict[str, ClassInfo]:
        return {}

    def items(self, tree: Tree) -> Iterator[ImportItem]:
        raise NotImplementedError


def stem(name: str) -> str:
    return PurePosixPath(name).stem


def is_mask_file(name: str) -> bool:
    return any(part in MASK_FOLDERS or part.startswith("panoptic") for part in PurePosixPath(name).parts[:-1])


class ImageIndex:
    """Image files of a tree by base name and by stem (mask folders excluded)."""

    def __init__(self, tree: Tree) -> None:
        self.by_name: dict[str, str] = {}
        self.by_stem: dict[str, str] = {}
        for name in tree.images():
            if not is_mask_file(name):
                self.by_name.setdefault(PurePosixPath(name).name, name)
                self.by_stem.setdefault(stem(name), name)

    def find(self, file_name: str) -> str | None:
        base = PurePosixPath(file_name.replace("\\", "/")).name
        return self.by_name.get(base) or self.by_stem.get(stem(base))

    def find_stem(self, wanted: str) -> str | None:
        return self.by_stem.get(wanted)


def files_named(tree: Tree) -> dict[str, str]:
    """Every file of a tree by base name (first one wins)."""
    found: dict[str, str] = {}
    for name in tree.names():
        found.setdefault(PurePosixPath(name).name, name)
    return found
