"""Stored files as local files and back, the same on the local disk and on S3-compatible storage.

Code that needs a real path (zip readers, onnxruntime, zip writers) goes
through here: on a filesystem storage the stored file is the path, elsewhere
it is downloaded once into local scratch space, and results written locally
are published to storage only when complete.
"""

import contextlib
import hashlib
import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage

COPY_CHUNK = 1 << 20  # bytes per read when downloading: large enough for S3 throughput, small in memory


def storage_is_local() -> bool:
    try:
        default_storage.path("")
    except NotImplementedError:
        return False
    return True


def scratch_root() -> Path:
    root = Path(settings.SCRATCH_ROOT)
    root.mkdir(parents=True, exist_ok=True)
    return root


def download(path: str, target: Path) -> Path:
    """Copy a stored file to `target`, written under a temporary name so no reader sees half of it."""
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.{uuid.uuid4().hex}.part")
    try:
        with default_storage.open(path, "rb") as source, open(partial, "wb") as out:
            shutil.copyfileobj(source, out, COPY_CHUNK)
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)
    return target


def local_copy(path: str, folder: Path) -> Path:
    """The stored file as a path: itself on a filesystem storage, else a download into `folder`."""
    if storage_is_local():
        return Path(default_storage.path(path))
    return download(path, folder / f"{uuid.uuid4().hex}-{os.path.basename(path)}")


@contextlib.contextmanager
def local_file(path: str) -> Iterator[Path]:
    """`local_copy` for the length of a block: a download is removed afterwards."""
    if storage_is_local():
        yield Path(default_storage.path(path))
        return
    folder = scratch_root() / "downloads"
    copy = local_copy(path, folder)
    try:
        yield copy
    finally:
        copy.unlink(missing_ok=True)


def cached_copy(path: str) -> Path:
    """A stored file that never changes (its name is unique), downloaded once per machine and kept."""
    if storage_is_local():
        return Path(default_storage.path(path))
    target = _cached_name(path)
    return target if target.exists() else download(path, target)


def cached_copy_drop(path: str) -> None:
    """Forget this machine's copy of a stored file that was deleted (other machines' copies stay unused)."""
    if not storage_is_local():
        _cached_name(path).unlink(missing_ok=True)


def _cached_name(path: str) -> Path:
    digest = hashlib.sha256(path.encode()).hexdigest()[:32]
    return scratch_root() / "cache" / f"{digest}{Path(path).suffix}"


@contextlib.contextmanager
def publishing(name: str) -> Iterator[Path]:
    """Write a result locally at the path given, then store it as `name` whole (a rename, or one upload)."""
    local = storage_is_local()
    if local:
        final = Path(default_storage.path(name))
        final.parent.mkdir(parents=True, exist_ok=True)
        pending = final.with_name(f".{final.name}.{uuid.uuid4().hex}.tmp")
    else:
        pending = scratch_root() / "uploads" / f"{uuid.uuid4().hex}-{os.path.basename(name)}"
        pending.parent.mkdir(parents=True, exist_ok=True)
    try:
        yield pending
        if local:
            os.replace(pending, final)
        else:
            upload(pending, name)
    finally:
        pending.unlink(missing_ok=True)


def upload(source: Path, name: str) -> None:
    with open(source, "rb") as handle:
        stored = default_storage.save(name, File(handle, name=os.path.basename(name)))
    if stored != name:  # a storage that renames on save would break the exact names callers rely on
        raise RuntimeError(f"storage saved {name} as {stored}")
