"""The manifest of an installed built-in model: what it is, and the files it trusts by sha256.

A model folder holds `manifest.json` and the files it names. Nothing in a folder is used unless every
file has the size and sha256 the manifest records: a truncated or replaced file reads as "not installed",
with the reason, never as a model that fails later.
"""

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

MANIFEST = "manifest.json"
READ_CHUNK = 1 << 20


class ModelFilesError(ValueError):
    """The folder is not a usable model; the message says which file and why."""


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(READ_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


@dataclass(frozen=True)
class ModelFile:
    path: Path
    sha256: str
    bytes: int


@dataclass(frozen=True)
class Manifest:
    name: str
    version: str
    config: dict[str, Any]
    files: dict[str, ModelFile]  # role ("encoder", "decoder") -> file in the folder
    document: dict[str, Any]  # the whole manifest, as written


def file_entry(path: Path) -> dict[str, Any]:
    return {"path": path.name, "sha256": sha256_of(path), "bytes": path.stat().st_size}


def manifest_read(folder: Path) -> Manifest:
    path = folder / MANIFEST
    if not path.is_file():
        raise ModelFilesError(f"{path} is missing")
    try:
        document = json.loads(path.read_text())
        files = {role: ModelFile(folder / Path(entry["path"]).name, str(entry["sha256"]), int(entry["bytes"]))
                 for role, entry in document["files"].items()}
        return Manifest(str(document["name"]), str(document["version"]), dict(document["config"]), files, document)
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise ModelFilesError(f"{path} is not a model manifest: {exc!r}") from None


def manifest_verify(manifest: Manifest) -> None:
    """Every file present with the recorded size and sha256; raises ModelFilesError naming the first that is not."""
    for role, entry in manifest.files.items():
        if not entry.path.is_file():
            raise ModelFilesError(f"{manifest.name}: the {role} file {entry.path} is missing")
        size = entry.path.stat().st_size
        if size != entry.bytes:
            raise ModelFilesError(f"{manifest.name}: the {role} file {entry.path} has {size} bytes, "
                                  f"the manifest says {entry.bytes} (truncated or replaced)")
        if sha256_of(entry.path) != entry.sha256:
            raise ModelFilesError(f"{manifest.name}: the {role} file {entry.path} does not match its sha256 "
                                  "in the manifest")


def manifest_write(folder: Path, document: dict[str, Any]) -> None:
    (folder / MANIFEST).write_text(json.dumps(document, indent=2, sort_keys=True) + "\n")
