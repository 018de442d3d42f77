"""Pre-labels of the newest data engine version, stored as the asset's prediction with a score per object."""

from typing import Any

import numpy as np

from labelplatform.assets.models import Asset
from labelplatform.dataengine import storage
from labelplatform.dataengine.engines.engine import THRESHOLD, EngineModel, engine_predict
from labelplatform.dataengine.examples import engine_pair
from labelplatform.dataengine.models import EngineVersion
from labelplatform.masks import encode
from labelplatform.prelabel.backends import SESSIONS, sam_decoder, sam_embedding
from labelplatform.prelabel.images import asset_rgb
from labelplatform.projects.models import Project

SOURCE = "dataengine"  # Prediction.source; model_version is the engine version


def threshold_of(project: Project) -> float:
    value = project.settings.get("dataengine_threshold", THRESHOLD)
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) and 0 <= value <= 1 \
        else THRESHOLD


def newest_version(project: Project) -> EngineVersion | None:
    return EngineVersion.objects.filter(project=project).order_by("-version").first()


def engine_of(version: EngineVersion) -> EngineModel:
    return SESSIONS.get_or_make(("dataengine", version.file), lambda: storage.engine_load(version.file))


def asset_prelabels(version: EngineVersion, asset: Asset, threshold: float) -> tuple[list[dict[str, Any]], int]:
    """([{class, mask, score}] things first, the number of unknown objects) for one asset."""
    pair = engine_pair()
    answer = engine_predict(engine_of(version), asset_rgb(asset), np.asarray(sam_embedding(pair, asset)),
                            sam_decoder(pair), pair.config, threshold=threshold)
    return [{"class": o.class_id, "mask": encode(o.mask), "score": o.score} for o in answer.objects], answer.unknown
