"""Files this app writes to media storage: trained models (joblib), ONNX uploads, embeddings.

Trained models are pickles; we only ever load files we wrote, from paths held in our own rows.
"""

import contextlib
import io
import json
import os
import uuid
from typing import TypeVar

import numpy as np
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from numpy.typing import NDArray

from labelplatform.common import files
from labelplatform.prelabel.engines.pixel_classifier import PixelClassifier

T = TypeVar("T")


def pickle_save(prefix: str, model: object) -> str:
    """A joblib file at `prefix`-<random>.joblib; its path (the data engine saves its models here too)."""
    import joblib  # imported here: with scikit-learn, only the trained pre-labelers need it

    buffer = io.BytesIO()
    joblib.dump(model, buffer, compress=3)
    return default_storage.save(f"{prefix}-{uuid.uuid4().hex[:8]}.joblib", ContentFile(buffer.getvalue()))


def pickle_load(path: str, kind: type[T]) -> T:
    import joblib

    with default_storage.open(path, "rb") as handle:
        model = joblib.load(io.BytesIO(handle.read()))
    if not isinstance(model, kind):
        raise ValueError(f"{path} does not hold a {kind.__name__}")
    return model


def classifier_save(project_id: int, version: int, model: PixelClassifier) -> str:
    return pickle_save(f"prelabel/{project_id}/trained-v{version}", model)


def classifier_load(path: str) -> PixelClassifier:
    return pickle_load(path, PixelClassifier)


def onnx_save(project_id: int, data: bytes) -> str:
    return default_storage.save(f"prelabel/{project_id}/models/{uuid.uuid4().hex}.onnx", ContentFile(data))


def local_path(path: str) -> str:
    """onnxruntime reads files from disk: the media path, or a copy kept on this machine (uploads never change)."""
    return str(files.cached_copy(path))


def model_files_delete(model_id: int, paths: list[str]) -> None:
    """A deleted model's uploads and every embedding cached for it."""
    for path in paths:
        default_storage.delete(path)
        files.cached_copy_drop(path)
    folder_delete(f"{EMBEDDINGS}/{model_id}")


EMBEDDINGS = "prelabel/embeddings"


def embedding_path(model_key: int | str, asset_id: int, sha256: str) -> str:
    """`model_key`: a registered model's id, or builtin_key() of a built-in model's version."""
    return f"{EMBEDDINGS}/{model_key}/{asset_id}-{sha256[:16]}.npy"


INT8_SUFFIX = "-int8"  # a built-in's version with its int8 encoder (backends.builtin_pair)


def builtin_key(name: str, version: str) -> str:
    return f"builtin-{name}-{version}"


def _folders() -> list[str]:
    try:  # not exists(): object storage has no folder objects, only names under a prefix
        return list(default_storage.listdir(EMBEDDINGS)[0])
    except FileNotFoundError:
        return []


def folder_delete(folder: str) -> None:
    try:
        names = default_storage.listdir(folder)[1]
    except FileNotFoundError:
        return
    for name in names:
        default_storage.delete(f"{folder}/{name}")
    with contextlib.suppress(NotImplementedError, OSError):  # storages without folders keep none
        os.rmdir(default_storage.path(folder))


def embeddings_drop_stale(name: str, version: str) -> list[str]:
    """Remove the cached embeddings of a built-in model's other versions (either encoder of `version` stays);
    returns the folders removed."""
    current = {builtin_key(name, version), builtin_key(name, version + INT8_SUFFIX)}
    stale = [f for f in _folders() if f.startswith(builtin_key(name, "")) and f not in current]
    for folder in stale:
        folder_delete(f"{EMBEDDINGS}/{folder}")
    return stale


def proposals_path(model_key: int | str, asset_id: int, sha256: str) -> str:
    """Segment-everything proposals live beside the embedding they come from, and leave with it."""
    return f"{EMBEDDINGS}/{model_key}/{asset_id}-{sha256[:16]}.proposals.json"


def asset_embeddings_delete(asset_id: int, sha256: str) -> None:
    """An asset's embeddings and proposals under every model (registered or built-in)."""
    for folder in _folders():
        default_storage.delete(f"{EMBEDDINGS}/{folder}/{asset_id}-{sha256[:16]}.npy")
        default_storage.delete(proposals_path(folder, asset_id, sha256))


def json_save(path: str, document: object) -> None:
    """Written whole (a temporary name renamed on local storage, one PUT on object storage)."""
    data = json.dumps(document, separators=(",", ":")).encode()
    if default_storage.exists(path):
        default_storage.delete(path)
    if not files.storage_is_local():
        default_storage.save(path, ContentFile(data))
        return
    temporary = default_storage.save(path + f".{uuid.uuid4().hex}.tmp", ContentFile(data))
    os.replace(default_storage.path(temporary), default_storage.path(path))


def json_load(path: str) -> object | None:
    if not default_storage.exists(path):
        return None
    with default_storage.open(path, "rb") as handle:
        found: object = json.loads(handle.read())
    return found


def embedding_save(path: str, embedding: NDArray[np.float32]) -> None:
    """Written under a temporary name, then made visible: a reader never sees half a file."""
    buffer = io.BytesIO()
    np.save(buffer, embedding.astype(np.float32), allow_pickle=False)
    if default_storage.exists(path):
        return
    if not files.storage_is_local():  # one PUT: an object is never visible half written
        default_storage.save(path, ContentFile(buffer.getvalue()))
        return
    temporary = default_storage.save(path + f".{uuid.uuid4().hex}.tmp", ContentFile(buffer.getvalue()))
    os.replace(default_storage.path(temporary), default_storage.path(path))


def embedding_load(path: str) -> NDArray[np.float32] | None:
    if not default_storage.exists(path):
        return None
    with default_storage.open(path, "rb") as handle:
        embedding: NDArray[np.float32] = np.load(io.BytesIO(handle.read()), allow_pickle=False)
    return embedding
