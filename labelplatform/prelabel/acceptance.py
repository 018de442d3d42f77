"""How a submitted label differs from the prediction it started from (objects and pixels)."""

from collections.abc import Sequence
from typing import Any

import numpy as np

from labelplatform.labels.models import Label, ObjectRow
from labelplatform.masks import Rle, index_mask_from_objects, match_instances
from labelplatform.prelabel.models import Prediction

KEPT_IOU = 0.5  # a submitted object counts as a kept prediction at this IoU with one of the same class


def object_rles(rows: Sequence[Any], height: int, width: int) -> list[tuple[int, Rle]]:
    return [(row.class_id, {"size": [height, width], "counts": row.counts}) for row in rows]


def compare_with_prediction(label: Label, objects: Sequence[ObjectRow], prediction: Prediction) -> dict[str, Any]:
    """`objects`: those of the label's current revision, as the save wrote them."""
    asset = label.asset
    height, width = asset.height, asset.width
    submitted = object_rles(objects, height, width)
    predicted = object_rles(list(prediction.predicted_objects.all()), height, width)
    matched = match_instances(predicted, submitted, threshold=KEPT_IOU)
    predicted_map = index_mask_from_objects(predicted, height, width)
    submitted_map = index_mask_from_objects(submitted, height, width)
    changed = int(np.count_nonzero(predicted_map != submitted_map))
    ious = [iou for _, _, iou in matched.pairs]
    return {
        "objects_predicted": len(predicted),
        "objects_submitted": len(submitted),
        "objects_kept": len(matched.pairs),
        "pixels_predicted": int(np.count_nonzero(predicted_map)),
        "pixels_changed": changed,
        "mean_iou": round(float(np.mean(ious)), 4) if ious else 0.0,
    }
