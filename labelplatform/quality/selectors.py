"""Quality reports: scores averaged per labeler, per class, per project."""

from collections import defaultdict
from typing import Any

from django.contrib.auth.models import User
from django.db.models import Avg, Count

from labelplatform.common.dates import DateRange
from labelplatform.projects.models import Project
from labelplatform.projects.selectors import ontology_current
from labelplatform.quality.models import GoldStandard, Score


def _figures(item: dict[str, Any]) -> dict[str, Any]:
    return {"labels": item["n"], "iou": round(item["iou"], 4), "precision": round(item["precision"], 4),
            "recall": round(item["recall"], 4)}


def quality_report(*, project: Project, period: DateRange, only_user: User | None = None) -> dict[str, Any]:
    scores = Score.objects.filter(project=project, **period.filter("created_at"))
    if only_user is not None:
        scores = scores.filter(author=only_user)
    figures = dict(n=Count("id"), iou=Avg("iou"), precision=Avg("precision"), recall=Avg("recall"))
    labelers: dict[int, dict[str, Any]] = defaultdict(lambda: {"gold": None, "consensus": None, "per_class": {}})
    for item in scores.values("author", "kind", "class_id").annotate(**figures):
        entry = labelers[item["author"]]
        if item["class_id"] is None:
            entry[item["kind"]] = _figures(item)
        else:
            entry["per_class"].setdefault(str(item["class_id"]), {"gold": None, "consensus": None})[
                item["kind"]] = _figures(item)
    names = dict(User.objects.filter(pk__in=list(labelers)).values_list("pk", "username"))
    class_names = {c["id"]: c["name"] for c in ontology_current(project).document["classes"]}
    classes: dict[int, dict[str, Any]] = {}
    for item in scores.exclude(class_id=None).values("class_id", "kind").annotate(**figures):
        classes.setdefault(item["class_id"], {"class": item["class_id"], "name": class_names.get(item["class_id"], ""),
                                              "gold": None, "consensus": None})[item["kind"]] = _figures(item)
    overall = {item["kind"]: _figures(item) for item in scores.filter(class_id=None).values("kind").annotate(**figures)}
    return {
        "from": period.start.isoformat() if period.start else None,
        "to": period.end.isoformat() if period.end else None,
        "gold_assets": GoldStandard.objects.filter(project=project).count(),
        "project": {"gold": overall.get("gold"), "consensus": overall.get("consensus")},
        "labelers": [{"user": {"id": pk, "username": names.get(pk, "")}, **entry}
                     for pk, entry in sorted(labelers.items(), key=lambda item: names.get(item[0], ""))],
        "classes": [classes[k] for k in sorted(classes)],
    }
