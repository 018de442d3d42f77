"""People and time: per labeler and per day, from submissions, revisions and reviews."""

from collections import defaultdict
from typing import Any

from django.contrib.auth.models import User
from django.db.models import Count, F, Sum
from django.db.models.functions import TruncDate

from labelplatform.common.dates import DateRange
from labelplatform.labels.models import LabelObject, LabelRevision
from labelplatform.projects.models import Project
from labelplatform.workflow.models import Review, Submission


def _row() -> dict[str, Any]:
    return {"assets_labeled": 0, "objects": 0, "productive_time_s": 0.0, "saves": 0,
            "reviews_received": 0, "rejected": 0, "accepted": 0, "reviews_done": 0}


def _finish(row: dict[str, Any]) -> dict[str, Any]:
    row["productive_time_s"] = round(row["productive_time_s"], 3)
    row["time_per_asset_s"] = (
        round(row["productive_time_s"] / row["assets_labeled"], 3) if row["assets_labeled"] else None
    )
    row["rejection_rate"] = round(row["rejected"] / row["reviews_received"], 4) if row["reviews_received"] else None
    return row


def project_stats(*, project: Project, period: DateRange, only_user: User | None = None) -> dict[str, Any]:
    """Assets labeled count once, on the day of their first submit; productive time is the
    `time_spent_s` of every save (drafts too) made in the range: what a vendor is paid for."""
    submissions = Submission.objects.filter(project=project, **period.filter("submitted_at"))
    revisions = LabelRevision.objects.filter(label__asset__project=project, label__asset__synthetic=False,
                                            **period.filter("created_at"))
    reviews = Review.objects.filter(label__asset__project=project, **period.filter("created_at"))
    objects = LabelObject.objects.filter(
        revision__label__submission__in=submissions, revision__number=F("revision__label__revision"))
    if only_user is not None:
        submissions = submissions.filter(author=only_user)
        revisions = revisions.filter(editor=only_user)
        reviews = reviews.filter(label__author=only_user)
        objects = objects.filter(revision__label__author=only_user)
    rows: dict[int, dict[str, Any]] = defaultdict(_row)
    days: dict[str, dict[str, Any]] = defaultdict(_row)
    for item in submissions.values("author").annotate(n=Count("id")):
        rows[item["author"]]["assets_labeled"] = item["n"]
    for item in objects.values("revision__label__author").annotate(n=Count("id")):
        rows[item["revision__label__author"]]["objects"] = item["n"]
    for item in revisions.values("editor").annotate(t=Sum("time_spent_s"), n=Count("id")):
        rows[item["editor"]]["productive_time_s"] = float(item["t"] or 0)
        rows[item["editor"]]["saves"] = item["n"]
    for item in reviews.values("label__author", "decision").annotate(n=Count("id")):
        row = rows[item["label__author"]]
        row["reviews_received"] += item["n"]
        row["accepted" if item["decision"] == "accept" else "rejected"] += item["n"]
    if only_user is None:
        for item in reviews.values("reviewer").annotate(n=Count("id")):
            rows[item["reviewer"]]["reviews_done"] = item["n"]
    _daily(days, submissions, revisions, reviews)
    names = dict(User.objects.filter(pk__in=list(rows)).values_list("pk", "username"))
    labelers = [{"user": {"id": pk, "username": names.get(pk, "")}, **_finish(row)}
                for pk, row in sorted(rows.items(), key=lambda item: names.get(item[0], ""))]
    totals = _row()
    for row in rows.values():
        for key in totals:
            totals[key] += row[key]
    return {
        "from": period.start.isoformat() if period.start else None,
        "to": period.end.isoformat() if period.end else None,
        "totals": _finish(totals),
        "labelers": labelers,
        "days": [{"date": day, **_finish(row)} for day, row in sorted(days.items())],
    }


def _daily(days: dict[str, dict[str, Any]], submissions: Any, revisions: Any, reviews: Any) -> None:
    for item in submissions.annotate(day=TruncDate("submitted_at")).values("day").annotate(n=Count("id")):
        days[item["day"].isoformat()]["assets_labeled"] = item["n"]
    for item in revisions.annotate(day=TruncDate("created_at")).values("day").annotate(
            t=Sum("time_spent_s"), n=Count("id")):
        days[item["day"].isoformat()]["productive_time_s"] = float(item["t"] or 0)
        days[item["day"].isoformat()]["saves"] = item["n"]
    for item in reviews.annotate(day=TruncDate("created_at")).values("day", "decision").annotate(n=Count("id")):
        row = days[item["day"].isoformat()]
        row["reviews_received"] += item["n"]
        row["accepted" if item["decision"] == "accept" else "rejected"] += item["n"]
