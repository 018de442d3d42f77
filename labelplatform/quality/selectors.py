"""Quality reports (scores averaged per labeler, per class, per project) and consensus choices."""

from collections import defaultdict
from datetime import date, timedelta
from typing import Any

from django.contrib.auth.models import User
from django.db.models import Avg, Count, F, FloatField, OuterRef, Q, QuerySet, Subquery

from labelplatform.assets.models import Asset
from labelplatform.common.dates import DateRange
from labelplatform.labels.models import Label, LabelStatus
from labelplatform.projects.config import WorkflowConfig, workflow_config
from labelplatform.projects.models import Project
from labelplatform.projects.selectors import ontology_current
from labelplatform.quality.models import ChoiceMethod, ConsensusChoice, GoldStandard, Score, ScoreKind


def _figures(item: dict[str, Any]) -> dict[str, Any]:
    return {"labels": item["n"], "iou": round(item["iou"], 4), "precision": round(item["precision"], 4),
            "recall": round(item["recall"], 4)}


def quality_report(*, project: Project, period: DateRange, only_user: User | None = None,
                   gold_before: date | None = None) -> dict[str, Any]:
    """`gold_before`: gold scores made that day or later are left out (a labeler's own report, docs/workflow.md:
    a gold figure that moved right after a submit would say the label was on a gold asset)."""
    scores = Score.objects.filter(project=project, **period.filter("created_at"))
    if only_user is not None:
        scores = scores.filter(author=only_user)
    if gold_before is not None:
        scores = scores.exclude(kind=ScoreKind.GOLD, created_at__date__gte=gold_before)
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
        "gold_until": (gold_before - timedelta(days=1)).isoformat() if gold_before else None,
        "project": {"gold": overall.get("gold"), "consensus": overall.get("consensus")},
        "labelers": [{"user": {"id": pk, "username": names.get(pk, "")}, **entry}
                     for pk, entry in sorted(labelers.items(), key=lambda item: names.get(item[0], ""))],
        "classes": [classes[k] for k in sorted(classes)],
    }


# Consensus: which label of an asset is its answer, and which assets want a reviewer's pick.


def _agreement_of(label_ref: Any) -> Subquery:
    return Subquery(Score.objects.filter(label=label_ref, kind=ScoreKind.CONSENSUS, class_id=None)
                    .order_by("-id").values("iou")[:1], output_field=FloatField())


def needs_pick(choice: ConsensusChoice | None, submitted: int, config: WorkflowConfig) -> bool:
    """An automatic choice that agrees less than consensus_review_below wants a reviewer's pick."""
    return (choice is not None and submitted >= config.labels_per_asset > 1 and choice.method == ChoiceMethod.AGREEMENT
            and choice.agreement is not None and choice.agreement < config.consensus_review_below)


def asset_consensus(*, asset: Asset, labels: QuerySet[Label]) -> dict[str, Any]:
    """The asset's submitted labels (`labels`: those the caller may see) with their agreement, and its choice."""
    config = workflow_config(asset.project.settings)
    rows = list(
        labels.filter(asset=asset, status=LabelStatus.SUBMITTED).select_related("author")
        .annotate(agreement=_agreement_of(OuterRef("pk")),
                  object_count=Count("revisions__label_objects", filter=Q(revisions__number=F("revision"))))
        .order_by("id")
    )
    submitted = Label.objects.filter(asset=asset, status=LabelStatus.SUBMITTED).count()
    choice = ConsensusChoice.objects.filter(asset=asset).select_related("chosen_by").first()
    return {
        "labels_per_asset": config.labels_per_asset,
        "labels": [{"id": label.pk, "author": {"id": label.author_id, "username": label.author.username},
                    "agreement": label.agreement, "objects": label.object_count, "revision": label.revision}
                   for label in rows],
        "choice": choice,
        "needs_pick": needs_pick(choice, submitted, config),
    }


def consensus_assets(*, project: Project, needs_pick_only: bool | None = None) -> QuerySet[Asset]:
    """Assets with at least labels_per_asset submitted labels (none unless k > 1), lowest agreement first;
    not gold ones (their reference is the answer).

    Each carries `submitted` (its submitted labels) and its `consensus_choice` (or none); `needs_pick_only`
    True keeps those whose automatic choice agrees less than consensus_review_below, False the others.
    """
    config = workflow_config(project.settings)
    if config.labels_per_asset < 2:
        return Asset.objects.none()
    assets = (
        Asset.objects.filter(project=project, gold__isnull=True)
        .annotate(submitted=Count("labels", filter=Q(labels__status=LabelStatus.SUBMITTED)))
        .filter(submitted__gte=config.labels_per_asset)
        .select_related("consensus_choice__chosen_by")
    )
    wanted = Q(consensus_choice__method=ChoiceMethod.AGREEMENT,
               consensus_choice__agreement__lt=config.consensus_review_below)
    if needs_pick_only is not None:
        assets = assets.filter(wanted) if needs_pick_only else assets.exclude(wanted)
    return assets.order_by(F("consensus_choice__agreement").asc(nulls_first=True), "id")
