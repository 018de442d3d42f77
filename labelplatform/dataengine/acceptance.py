"""Per class: what labelers did with the pre-labeled objects (kept, changed, deleted) and what they added.

Read from the acceptance records prelabel/acceptance.py writes on each submit (one per label, against the
prediction the labeler started from), comparing that prediction's objects with the label's current ones.
"""

from collections import defaultdict
from typing import Any

import numpy as np

from labelplatform.labels.models import LabelObject
from labelplatform.masks import Rle, iou_matrix
from labelplatform.prelabel.acceptance import object_rles
from labelplatform.prelabel.models import PredictionAcceptance
from labelplatform.projects.models import Project

UNCHANGED_IOU = 0.95  # a predicted object submitted at this IoU or more, same class, was kept as is
SAME_OBJECT_IOU = 0.5  # below it, a predicted object was deleted and a submitted one was added
MAX_RECORDS = 200  # the newest submits: bounded work for a stats page


def _counts(predicted: list[tuple[int, Rle]], submitted: list[tuple[int, Rle]],
            into: dict[int, dict[str, int]]) -> None:
    ious = iou_matrix([r for _, r in predicted], [r for _, r in submitted]) if predicted and submitted \
        else np.zeros((len(predicted), len(submitted)))
    for i, (class_id, _) in enumerate(predicted):
        j = int(np.argmax(ious[i])) if submitted else -1
        best = float(ious[i, j]) if j >= 0 else 0.0
        if best >= UNCHANGED_IOU and submitted[j][0] == class_id:
            into[class_id]["kept"] += 1
        elif best >= SAME_OBJECT_IOU:
            into[class_id]["changed"] += 1
        else:
            into[class_id]["deleted"] += 1
    for j, (class_id, _) in enumerate(submitted):
        if not predicted or float(ious[:, j].max()) < SAME_OBJECT_IOU:
            into[class_id]["added"] += 1


def acceptance_by_class(project: Project) -> list[dict[str, Any]]:
    records = (PredictionAcceptance.objects.filter(label__asset__project=project, label__asset__synthetic=False)
               .select_related("label__asset").prefetch_related("prediction__predicted_objects")
               .order_by("-recorded_at", "-id")[:MAX_RECORDS])
    into: dict[int, dict[str, int]] = defaultdict(lambda: {"kept": 0, "changed": 0, "deleted": 0, "added": 0})
    for record in records:
        asset = record.label.asset
        predicted = object_rles(list(record.prediction.predicted_objects.all()), asset.height, asset.width)
        submitted = object_rles(list(LabelObject.objects.filter(revision__label=record.label,
                                                          revision__number=record.revision)),
                          asset.height, asset.width)
        _counts(predicted, submitted, into)
    rows = []
    for class_id, counts in sorted(into.items()):
        shown = counts["kept"] + counts["changed"] + counts["deleted"]
        rows.append({"class": class_id, **counts,
                     "kept_rate": round(counts["kept"] / shown, 4) if shown else None})
    return rows
