"""Turning instance matching (labelplatform.masks) into label scores. Pure: no database."""

from collections.abc import Hashable, Sequence
from dataclasses import dataclass

from labelplatform.masks import Rle, match_instances

# Every overlapping pair may match: a loose outline still earns its IoU instead of a flat 0.
MATCH_THRESHOLD = 0.0


@dataclass(frozen=True)
class ClassScore:
    iou: float
    precision: float
    recall: float


Objects = Sequence[tuple[Hashable, Rle]]  # (class id, mask)


def compare_labels(candidate: Objects, reference: Objects) -> dict[Hashable, ClassScore]:
    """Per class: the sum of matched-instance IoUs over the larger instance count (unmatched count as 0)."""
    result = match_instances(candidate, reference, threshold=MATCH_THRESHOLD)
    scores: dict[Hashable, ClassScore] = {}
    for cls, s in result.per_class.items():
        larger = max(s.predicted, s.reference)
        iou = 1.0 if larger == 0 else s.mean_iou * s.matched / larger
        scores[cls] = ClassScore(iou, s.precision, s.recall)
    return scores


def overall(scores: dict[Hashable, ClassScore]) -> ClassScore:
    """Mean over the classes present in either label; two empty labels agree fully."""
    if not scores:
        return ClassScore(1.0, 1.0, 1.0)
    n = len(scores)
    return ClassScore(sum(s.iou for s in scores.values()) / n, sum(s.precision for s in scores.values()) / n,
                      sum(s.recall for s in scores.values()) / n)


def mean_scores(many: list[dict[Hashable, ClassScore]]) -> dict[Hashable, ClassScore]:
    """Consensus: average each class over the comparisons with every other labeler (absent class = agreement)."""
    classes = {cls for scores in many for cls in scores}
    full = ClassScore(1.0, 1.0, 1.0)
    return {
        cls: ClassScore(
            sum(s.get(cls, full).iou for s in many) / len(many),
            sum(s.get(cls, full).precision for s in many) / len(many),
            sum(s.get(cls, full).recall for s in many) / len(many),
        )
        for cls in classes
    }
