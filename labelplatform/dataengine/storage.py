"""The data engine's model files in media storage (joblib pickles we wrote; loaded only from our own rows)."""

from labelplatform.dataengine.engines.engine import EngineModel
from labelplatform.prelabel.storage import pickle_load, pickle_save


def engine_save(project_id: int, version: int, model: EngineModel) -> str:
    return pickle_save(f"dataengine/{project_id}/engine-v{version}", model)


def engine_load(path: str) -> EngineModel:
    return pickle_load(path, EngineModel)
