"""Reads of the workflow: open claims, reviews of a label or a project, the queue at a glance, the
status a labeler is shown of a gold asset."""

from functools import partial
from typing import Any

from django.contrib.auth.models import User
from django.db.models import Count, QuerySet
from django.utils import timezone
from rest_framework.exceptions import ValidationError

from labelplatform.assets.models import Asset, AssetStatus
from labelplatform.common.dates import DateRange
from labelplatform.labels.models import Label
from labelplatform.prelabel.models import Prediction
from labelplatform.projects.config import workflow_config
from labelplatform.projects.models import Membership, Project, Role
from labelplatform.workflow.models import Claim, Decision, Review, ReviewState, Submission
from labelplatform.workflow.services import asset_status_from


def open_claims(*, project: Project) -> QuerySet[Claim]:
    return Claim.objects.filter(project=project, ended_at__isnull=True, expires_at__gt=timezone.now()).order_by("id")


def reviews_of(*, label: Label) -> QuerySet[Review]:
    return Review.objects.filter(label=label).select_related("reviewer").order_by("id")


def project_reviews(*, project: Project, period: DateRange, decision: str | None = None, reviewer: str | None = None,
                    author: str | None = None, only_author: Any = None) -> QuerySet[Review]:
    """Review decisions of a project, newest first; `only_author`: just those on that person's labels."""
    reviews = Review.objects.filter(label__asset__project=project, **period.filter("created_at"))
    if decision:
        if decision not in Decision.values:
            raise ValidationError({"decision": [f"must be one of {', '.join(Decision.values)}"]})
        reviews = reviews.filter(decision=decision)
    if reviewer:
        reviews = reviews.filter(reviewer__username=reviewer)
    if author:
        reviews = reviews.filter(label__author__username=author)
    if only_author is not None:
        reviews = reviews.filter(label__author=only_author)
    return reviews.select_related("reviewer", "label__author").order_by("-created_at", "-id")


def queue_summary(*, project: Project, user: User, shown: dict[int, tuple[str, int]] | None = None) -> dict[str, Any]:
    """`shown`: asset id -> (status, label count) the caller is shown instead of the stored status (a labeler's
    gold assets, access.labeler_gold_view): counted as shown, so a gold submit moves the counts as any other."""
    real = Asset.objects.filter(project=project, synthetic=False)  # synthetic assets are never queued
    statuses = dict(real.values_list("status").annotate(n=Count("id")))
    shown = shown or {}
    for asset_id, stored in real.filter(pk__in=list(shown)).values_list("pk", "status"):
        statuses[stored] -= 1
        statuses[shown[asset_id][0]] = statuses.get(shown[asset_id][0], 0) + 1
    reviews = dict(Submission.objects.filter(project=project).values_list("review_state").annotate(n=Count("id")))
    config = workflow_config(project.settings)
    return {
        "assets": {s: statuses.get(s, 0) for s in AssetStatus.values},
        "reviews": {s: reviews.get(s, 0) for s in ReviewState.values},
        "open_claims": open_claims(project=project).count(),
        # What the queue hands the caller first: their rejected labels (queue.py's rework step).
        "your_rework": Submission.objects.filter(project=project, author=user,
                                                 review_state=ReviewState.REJECTED).count(),
        # Nobody reviews their own label: with no other reviewer these wait for good (the review page says so).
        "your_in_review": Submission.objects.filter(project=project, author=user,
                                                    review_state=ReviewState.PENDING).count(),
        "other_reviewers": Membership.objects.filter(project=project, role__in=[Role.MANAGER, Role.REVIEWER],
                                                     user__is_active=True).exclude(user=user).count(),
        "settings": {"labels_per_asset": config.labels_per_asset, "review_fraction": config.review_fraction,
                     "gold_fraction": config.gold_fraction, "lease_seconds": config.lease_seconds,
                     "labelers_see_all": config.labelers_see_all,
                     "consensus_review_below": config.consensus_review_below},
    }


def frame_of(asset_id: int) -> dict[str, Any] | None:
    """Where a queued asset sits when it is a frame of a sequence, and its newest prediction's confidence
    (propagation's, or an imported tracker's): what the review page shows next to the asset's name."""
    place = (Asset.objects.filter(pk=asset_id, frame__isnull=False)
             .values("frame__sequence_id", "frame__sequence__name", "frame__index").first())
    if place is None:
        return None
    newest = Prediction.objects.filter(asset_id=asset_id).order_by("-created_at", "-id").values("score").first()
    return {"sequence": place["frame__sequence_id"], "sequence_name": place["frame__sequence__name"],
            "index": place["frame__index"], "confidence": newest["score"] if newest is not None else None}


def own_work_view(*, asset_ids: list[int], user: User) -> dict[int, tuple[str, int]]:
    """Asset id -> (status, label count) as if the asset held only `user`'s work and needed one label:
    what a labeler is shown of a gold-standard asset (docs/workflow.md#quality). Three queries."""
    if not asset_ids:
        return {}
    now = timezone.now()
    labels = dict(Label.objects.filter(asset_id__in=asset_ids, author=user).values("asset_id")
                  .annotate(n=Count("id")).values_list("asset_id", "n"))
    states: dict[int, list[str]] = {}
    for asset_id, state in Submission.objects.filter(asset_id__in=asset_ids, author=user).values_list(
            "asset_id", "review_state"):
        states.setdefault(asset_id, []).append(state)
    claimed = set(Claim.objects.filter(asset_id__in=asset_ids, user=user, ended_at__isnull=True, expires_at__gt=now)
                  .values_list("asset_id", flat=True))
    busy = set(labels) | claimed
    return {asset_id: (asset_status_from(states.get(asset_id, []), 1, partial(busy.__contains__, asset_id)),
                       labels.get(asset_id, 0))
            for asset_id in asset_ids}
