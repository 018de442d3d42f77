"""The data engine's files in media storage: its model files (joblib pickles we wrote; loaded only from our own
rows) and each label's object rows kept between trainings (.npz, no pickles), all under dataengine/<project>/."""

import io
import logging
import os
import uuid

import numpy as np
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from labelplatform.common import files
from labelplatform.dataengine.engines.engine import EngineModel, ObjectRows
from labelplatform.prelabel.storage import folder_delete, pickle_load, pickle_save

logger = logging.getLogger(__name__)


def _folder(project_id: int) -> str:
    return f"dataengine/{project_id}"


def engine_save(project_id: int, version: int, model: EngineModel) -> str:
    return pickle_save(f"{_folder(project_id)}/engine-v{version}", model)


def engine_load(path: str) -> EngineModel:
    return pickle_load(path, EngineModel)


def rows_path(project_id: int, label_id: int) -> str:
    """One file per label: a newer revision's rows replace the older ones'."""
    return f"{_folder(project_id)}/rows/{label_id}.npz"


def rows_save(path: str, key: str, rows: ObjectRows) -> None:
    """The rows with the key they were made for, written whole (a temporary name renamed on local storage, one
    PUT on object storage)."""
    buffer = io.BytesIO()
    np.savez_compressed(buffer, key=np.asarray(key), rows=rows.rows.astype(np.float32),
                        values=rows.values.astype(np.int64))
    if not files.storage_is_local():
        if default_storage.exists(path):
            default_storage.delete(path)
        default_storage.save(path, ContentFile(buffer.getvalue()))
        return
    temporary = default_storage.save(path + f".{uuid.uuid4().hex}.tmp", ContentFile(buffer.getvalue()))
    os.replace(default_storage.path(temporary), default_storage.path(path))


def rows_load(path: str, key: str) -> ObjectRows | None:
    """The rows kept at `path` if they were made for `key`; None when missing, unreadable or made for another
    key (the caller makes them again)."""
    try:
        if not default_storage.exists(path):
            return None
        with default_storage.open(path, "rb") as handle, np.load(io.BytesIO(handle.read()), allow_pickle=False) as kept:
            if str(kept["key"]) != key:
                return None
            rows, values = kept["rows"], kept["values"]
    except Exception:  # a cache: anything wrong with the file means making the rows again
        logger.warning("object rows at %s unreadable, made again", path, exc_info=True)
        return None
    if (rows.dtype != np.float32 or values.dtype != np.int64 or rows.ndim != 2 or values.ndim != 1
            or rows.shape[0] != values.shape[0]):
        logger.warning("object rows at %s malformed, made again", path)
        return None
    return ObjectRows(rows, values)


def project_files_delete(project_id: int) -> None:
    """Every file of a deleted project's data engine: its versions' models and its labels' rows."""
    folder_delete(f"{_folder(project_id)}/rows")
    folder_delete(_folder(project_id))
