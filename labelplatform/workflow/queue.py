"""Handing out the next item: one transaction per claim, `SELECT ... FOR UPDATE SKIP LOCKED` on PostgreSQL.

Order for one caller: their own open claim (asked again, it is handed back), their rejected
labels (rework), a gold-standard asset now and then (gold_fraction), then the asset queue:
highest priority first, then oldest. On SQLite every write transaction starts IMMEDIATE
(settings), so claims are serialized by the database lock: the same answer, one at a time.
"""

import random
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.contrib.auth.models import User
from django.db import connection, transaction
from django.utils import timezone

from labelplatform.labels.models import Label
from labelplatform.projects.models import Project
from labelplatform.quality.models import GoldStandard
from labelplatform.workflow.config import WorkflowConfig, workflow_config
from labelplatform.workflow.models import Claim, ReviewState, Stage, Submission

# A candidate locked after its statement's snapshot was taken may have been claimed meanwhile;
# the re-check catches it and we try the next one. Past this many misses the queue is hot: answer none.
MAX_ATTEMPTS = 8

# Assets that still need labels, best first. The partial index workflow_asset_queue
# (project_id, priority DESC, id) WHERE status IN ('new', 'in_progress') serves the scan.
LABEL_CANDIDATE_SQL = """
SELECT a.id FROM assets_asset a
WHERE a.project_id = %(project)s AND a.status IN ('new', 'in_progress') {exclude}
  AND NOT EXISTS (SELECT 1 FROM labels_label l WHERE l.asset_id = a.id AND l.author_id = %(user)s)
  AND NOT EXISTS (SELECT 1 FROM workflow_claim s
                  WHERE s.user_id = %(user)s AND s.asset_id = a.id AND s.end_reason = 'skipped')
  AND (SELECT COUNT(*) FROM workflow_claim c
       WHERE c.asset_id = a.id AND c.ended_at IS NULL AND c.expires_at > %(now)s
         AND c.stage = 'label' AND c.label_id IS NULL)
    + (SELECT COUNT(*) FROM workflow_submission m WHERE m.asset_id = a.id) < %(needed)s
ORDER BY a.priority DESC, a.id
LIMIT 1 {lock}
"""

# Run after the lock is held, as a new statement (READ COMMITTED: a fresh snapshot), so every
# claim committed on this asset before we locked it is counted: the insert happens only if a
# slot is still free. One round trip for re-check and insert.
LABEL_INSERT_SQL = """
INSERT INTO workflow_claim (project_id, asset_id, user_id, stage, label_id, created_at, expires_at, ended_at,
                            end_reason, skip_reason)
SELECT %(project)s, %(asset)s, %(user)s, 'label', NULL, %(now)s, %(expires)s, NULL, '', ''
WHERE (SELECT COUNT(*) FROM workflow_claim c
       WHERE c.asset_id = %(asset)s AND c.ended_at IS NULL AND c.expires_at > %(now)s
         AND c.stage = 'label' AND c.label_id IS NULL)
    + (SELECT COUNT(*) FROM workflow_submission m WHERE m.asset_id = %(asset)s) < %(needed)s
  AND NOT EXISTS (SELECT 1 FROM labels_label l WHERE l.asset_id = %(asset)s AND l.author_id = %(user)s)
RETURNING id
"""
# PostgreSQL does the status move in the same statement; SQLite runs it after.
MARK_IN_PROGRESS_SQL = "UPDATE assets_asset SET status = 'in_progress' WHERE id = %(asset)s AND status = 'new'"

REVIEW_CANDIDATE_SQL = """
SELECT m.id, m.label_id, m.asset_id FROM workflow_submission m
WHERE m.project_id = %(project)s AND m.review_state = 'pending' AND m.author_id <> %(user)s {exclude}
  AND NOT EXISTS (SELECT 1 FROM workflow_claim c WHERE c.label_id = m.label_id AND c.stage = 'review'
                  AND c.ended_at IS NULL AND c.expires_at > %(now)s)
  AND NOT EXISTS (SELECT 1 FROM workflow_claim s WHERE s.user_id = %(user)s AND s.label_id = m.label_id
                  AND s.end_reason = 'skipped')
ORDER BY m.id
LIMIT 1 {lock}
"""

REVIEW_RECHECK_SQL = """
SELECT EXISTS (SELECT 1 FROM workflow_claim c WHERE c.label_id = %(label)s AND c.stage = 'review'
               AND c.ended_at IS NULL AND c.expires_at > %(now)s),
       EXISTS (SELECT 1 FROM workflow_submission m WHERE m.label_id = %(label)s AND m.review_state = 'pending')
"""


@dataclass(frozen=True)
class Served:
    claim: Claim
    rework: bool = False


def _lock_clause() -> str:
    return "FOR UPDATE SKIP LOCKED" if connection.features.has_select_for_update_skip_locked else ""


def _db_time(moment: datetime) -> Any:
    return connection.ops.adapt_datetimefield_value(moment)


def queue_next(*, project: Project, user: User, stages: list[str]) -> Served | None:
    """Claim the next item of the first stage in `stages` that has one; None when there is nothing."""
    config = workflow_config(project.settings)
    now = timezone.now()
    expires = now + timedelta(seconds=config.lease_seconds)
    with transaction.atomic():
        held = (
            Claim.objects.filter(project=project, user=user, stage__in=stages, ended_at__isnull=True,
                                 expires_at__gt=now).order_by("id").first()
        )
        if held is not None:  # asking again (a reload) hands back the same item, renewed
            Claim.objects.filter(pk=held.pk).update(expires_at=expires)
            held.expires_at = expires
            return Served(held, rework=held.stage == Stage.LABEL and held.label_id is not None)
        for stage in stages:
            served = (
                _claim_review(project, user, now, expires) if stage == Stage.REVIEW
                else _claim_label_stage(project, user, config, now, expires)
            )
            if served is not None:
                return served
    return None


def _claim_label_stage(project: Project, user: User, config: WorkflowConfig, now: datetime,
                       expires: datetime) -> Served | None:
    rework = (
        Submission.objects.select_for_update(skip_locked=True)
        .filter(project=project, author=user, review_state=ReviewState.REJECTED)
        .order_by("reviewed_at", "id").first()
    )
    if rework is not None:
        claim = Claim.objects.create(project=project, asset_id=rework.asset_id, user=user, stage=Stage.LABEL,
                                     label_id=rework.label_id, created_at=now, expires_at=expires)
        return Served(claim, rework=True)
    if config.gold_fraction > 0 and random.random() < config.gold_fraction:
        gold = _claim_gold(project, user, now, expires)
        if gold is not None:
            return gold
    return _claim_asset(project, user, config.labels_per_asset, now, expires)


def _claim_gold(project: Project, user: User, now: datetime, expires: datetime) -> Served | None:
    """Gold assets are shared by every labeler (each labels each one once), so no exclusive lock."""
    gold = (
        GoldStandard.objects.filter(project=project).exclude(label__author=user)
        .exclude(asset__labels__author=user)
        .exclude(asset__claims__user=user, asset__claims__end_reason="skipped")
        .order_by("id").first()
    )
    if gold is None:
        return None
    claim = Claim.objects.create(project=project, asset_id=gold.asset_id, user=user, stage=Stage.LABEL,
                                 created_at=now, expires_at=expires)
    return Served(claim)


def _claim_asset(project: Project, user: User, needed: int, now: datetime, expires: datetime) -> Served | None:
    params = {"project": project.pk, "user": user.pk, "now": _db_time(now), "needed": needed}
    missed: list[int] = []
    with connection.cursor() as cursor:
        for _ in range(MAX_ATTEMPTS):
            exclude = f"AND a.id NOT IN ({', '.join(str(i) for i in missed)})" if missed else ""
            cursor.execute(LABEL_CANDIDATE_SQL.format(exclude=exclude, lock=_lock_clause()), params)
            row = cursor.fetchone()
            if row is None:
                return None
            asset_id = int(row[0])
            values = {**params, "asset": asset_id, "expires": _db_time(expires)}
            if connection.vendor == "postgresql":
                cursor.execute(f"WITH marked AS ({MARK_IN_PROGRESS_SQL}) {LABEL_INSERT_SQL}", values)
            else:
                cursor.execute(LABEL_INSERT_SQL, values)
            inserted = cursor.fetchone()
            if inserted is None:  # claimed by someone between our snapshot and our lock
                missed.append(asset_id)
                continue
            if connection.vendor != "postgresql":
                cursor.execute(MARK_IN_PROGRESS_SQL, values)
            claim = Claim(pk=int(inserted[0]), project=project, asset_id=asset_id, user=user, stage=Stage.LABEL,
                          created_at=now, expires_at=expires)
            return Served(claim)
    return None


def _claim_review(project: Project, user: User, now: datetime, expires: datetime) -> Served | None:
    params = {"project": project.pk, "user": user.pk, "now": _db_time(now)}
    missed: list[int] = []
    with connection.cursor() as cursor:
        for _ in range(MAX_ATTEMPTS):
            exclude = f"AND m.id NOT IN ({', '.join(str(i) for i in missed)})" if missed else ""
            cursor.execute(REVIEW_CANDIDATE_SQL.format(exclude=exclude, lock=_lock_clause()), params)
            row = cursor.fetchone()
            if row is None:
                return None
            submission_id, label_id, asset_id = (int(v) for v in row)
            cursor.execute(REVIEW_RECHECK_SQL, {"label": label_id, "now": params["now"]})
            claimed, pending = cursor.fetchone()
            if claimed or not pending:
                missed.append(submission_id)
                continue
            claim = Claim.objects.create(project=project, asset_id=asset_id, user=user, stage=Stage.REVIEW,
                                         label_id=label_id, created_at=now, expires_at=expires)
            return Served(claim)
    return None


def served_label(served: Served) -> Label | None:
    return served.claim.label if served.claim.label_id else None
