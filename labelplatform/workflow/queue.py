"""Handing out the next item: one transaction per claim, `SELECT ... FOR UPDATE SKIP LOCKED` on PostgreSQL.

Order for one caller: their own open claim (asked again, it is handed back), their rejected
labels (rework), a gold-standard asset now and then (gold_fraction), then the asset queue:
highest priority first, then oldest.

PostgreSQL, label stage (what labelers ask for, the hot path): ONE statement, one round trip,
one transaction: `workflow_queue_next_label` (sql/queue_next_label.sql) does held claim, rework and the
locked asset claim inside the database and returns the asset row with it. Review work, gold
seeding and mixed stages take the general path below (several statements in one transaction;
its asset step calls `workflow_claim_asset`, the same locked two-step claim). On SQLite every
write transaction starts IMMEDIATE (settings), so the general path's statements are serialized
by the database lock: the same answer, one at a time.
"""

import functools
import random
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.contrib.auth.models import User
from django.db import connection, transaction
from django.utils import timezone

from labelplatform.assets.models import Asset, AssetStatus
from labelplatform.labels.models import Label
from labelplatform.projects.config import WorkflowConfig, workflow_config
from labelplatform.projects.models import Project
from labelplatform.quality.models import GoldStandard
from labelplatform.workflow.models import Claim, ClaimEnd, ReviewState, Stage, Submission

# A candidate locked after its statement's snapshot was taken may have been claimed meanwhile;
# the re-check catches it and we try the next one. Past this many misses the queue is hot: answer none.
MAX_ATTEMPTS = 8

# Choices reach the SQL below as parameters (CHOICES), so renaming one cannot silently break it.
# One exception: the asset statuses of the queue are written into the statement, from the choices,
# because the planner uses the partial index workflow_asset_queue (project_id, priority DESC, id)
# WHERE status IN ('new', 'in_progress') only when the query repeats that condition literally.
CHOICES = {
    "label_stage": Stage.LABEL.value, "review_stage": Stage.REVIEW.value, "skipped": ClaimEnd.SKIPPED.value,
    "pending": ReviewState.PENDING.value, "in_progress": AssetStatus.IN_PROGRESS.value,
    "new": AssetStatus.NEW.value,
}
_QUEUED = ", ".join(f"'{status}'" for status in (AssetStatus.NEW, AssetStatus.IN_PROGRESS))

# The SQLite claim; PostgreSQL runs the same two statements inside workflow_claim_asset
# (sql/claim_asset.sql, which also says why `c.label_id + 0 IS NULL`). Assets that still need
# labels, best first.
LABEL_CANDIDATE_SQL = """
SELECT a.id FROM assets_asset a
WHERE a.project_id = %(project)s AND a.status IN (""" + _QUEUED + """) {exclude}
  AND NOT EXISTS (SELECT 1 FROM labels_label l WHERE l.asset_id = a.id AND l.author_id = %(user)s)
  AND NOT EXISTS (SELECT 1 FROM workflow_claim s
                  WHERE s.user_id = %(user)s AND s.asset_id = a.id AND s.end_reason = %(skipped)s)
  AND (SELECT COUNT(*) FROM workflow_claim c
       WHERE c.asset_id = a.id AND c.ended_at IS NULL AND c.expires_at > %(now)s
         AND c.stage = %(label_stage)s AND c.label_id + 0 IS NULL)
    + (SELECT COUNT(*) FROM workflow_submission m WHERE m.asset_id = a.id) < %(needed)s
ORDER BY a.priority DESC, a.id
LIMIT %(limit)s {lock}
"""

# Run after the lock is held, as a new statement (READ COMMITTED: a fresh snapshot), so every
# claim committed on this asset before we locked it is counted: the insert happens only if a
# slot is still free. One round trip for re-check and insert.
LABEL_INSERT_SQL = """
INSERT INTO workflow_claim (project_id, asset_id, user_id, stage, label_id, created_at, expires_at, ended_at,
                            end_reason, skip_reason)
SELECT %(project)s, %(asset)s, %(user)s, %(label_stage)s, NULL, %(now)s, %(expires)s, NULL, '', ''
WHERE (SELECT COUNT(*) FROM workflow_claim c
       WHERE c.asset_id = %(asset)s AND c.ended_at IS NULL AND c.expires_at > %(now)s
         AND c.stage = %(label_stage)s AND c.label_id + 0 IS NULL)
    + (SELECT COUNT(*) FROM workflow_submission m WHERE m.asset_id = %(asset)s) < %(needed)s
  AND NOT EXISTS (SELECT 1 FROM labels_label l WHERE l.asset_id = %(asset)s AND l.author_id = %(user)s)
RETURNING id
"""
MARK_IN_PROGRESS_SQL = "UPDATE assets_asset SET status = %(in_progress)s WHERE id = %(asset)s AND status = %(new)s"

# Labels to review: the asset's priority first (the least confident propagated frames are judged first,
# as they are labeled first), then the oldest submission. Not the hot path: a subquery per candidate.
REVIEW_CANDIDATE_SQL = """
SELECT m.id, m.label_id, m.asset_id FROM workflow_submission m
WHERE m.project_id = %(project)s AND m.review_state = %(pending)s AND m.author_id <> %(user)s {exclude}
  AND NOT EXISTS (SELECT 1 FROM workflow_claim c WHERE c.label_id = m.label_id AND c.stage = %(review_stage)s
                  AND c.ended_at IS NULL AND c.expires_at > %(now)s)
  AND NOT EXISTS (SELECT 1 FROM workflow_claim s WHERE s.user_id = %(user)s AND s.label_id = m.label_id
                  AND s.end_reason = %(skipped)s)
ORDER BY (SELECT a.priority FROM assets_asset a WHERE a.id = m.asset_id) DESC, m.id
LIMIT 1 {lock}
"""

REVIEW_RECHECK_SQL = """
SELECT EXISTS (SELECT 1 FROM workflow_claim c WHERE c.label_id = %(label)s AND c.stage = %(review_stage)s
               AND c.ended_at IS NULL AND c.expires_at > %(now)s),
       EXISTS (SELECT 1 FROM workflow_submission m WHERE m.label_id = %(label)s AND m.review_state = %(pending)s)
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
    # Drawn up front: it only matters once held claim and rework came up empty, as before.
    gold_drawn = config.gold_fraction > 0 and random.random() < config.gold_fraction
    if connection.vendor == "postgresql" and stages == [Stage.LABEL] and not gold_drawn:
        return _next_label_in_one_call(project, user, config.labels_per_asset, now, expires)
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
                else _claim_label_stage(project, user, config, gold_drawn, now, expires)
            )
            if served is not None:
                return served
    return None


def _next_label_in_one_call(project: Project, user: User, needed: int, now: datetime,
                            expires: datetime) -> Served | None:
    """The hot path: one statement in autocommit is one transaction; minimal Python around it."""
    with connection.cursor() as cursor:
        cursor.execute(_next_label_sql(), [project.pk, user.pk, needed, now, expires])
        row = cursor.fetchone()
    if row is None:
        return None
    claim_id, label_id, created, expires_at, rework, label_count, *asset_values = row
    asset = Asset.from_db(connection.alias, _ASSET_ATTNAMES, asset_values)
    # As assets_of's annotate(label_count=...) would set it, which is the only way the stubs know it.
    asset.label_count = label_count  # type: ignore[attr-defined]  # read by AssetOutSerializer: no COUNT query
    claim = Claim(pk=claim_id, project=project, asset=asset, user=user, stage=Stage.LABEL, label_id=label_id,
                  created_at=created, expires_at=expires_at)
    return Served(claim, rework=bool(rework))


_ASSET_ATTNAMES = [field.attname for field in Asset._meta.concrete_fields]


@functools.cache
def _next_label_sql() -> str:
    """Asset columns come from the model, so a column added to assets needs no change here."""
    quote = connection.ops.quote_name
    columns = ", ".join(f"(r_asset).{quote(field.column)}" for field in Asset._meta.concrete_fields)
    return (f"SELECT r_claim, r_label, r_created, r_expires, r_rework, r_label_count, {columns} "
            "FROM workflow_queue_next_label(%s, %s, %s, %s, %s)")


def _claim_label_stage(project: Project, user: User, config: WorkflowConfig, gold_drawn: bool, now: datetime,
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
    if gold_drawn:
        gold = _claim_gold(project, user, now, expires)
        if gold is not None:
            return gold
    return _claim_asset(project, user, config.labels_per_asset, now, expires)


def _claim_gold(project: Project, user: User, now: datetime, expires: datetime) -> Served | None:
    """Gold assets are shared by every labeler (each labels each one once), so no exclusive lock."""
    gold = (
        GoldStandard.objects.filter(project=project).exclude(label__author=user)
        .exclude(asset__labels__author=user)
        .exclude(asset__claims__user=user, asset__claims__end_reason=ClaimEnd.SKIPPED)
        .order_by("id").first()
    )
    if gold is None:
        return None
    claim = Claim.objects.create(project=project, asset_id=gold.asset_id, user=user, stage=Stage.LABEL,
                                 created_at=now, expires_at=expires)
    return Served(claim)


def _claim_asset(project: Project, user: User, needed: int, now: datetime, expires: datetime) -> Served | None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT o_claim, o_asset FROM workflow_claim_asset(%s, %s, %s, %s, %s, %s)",
                           [project.pk, user.pk, needed, now, expires, MAX_ATTEMPTS])
            row = cursor.fetchone()
        if row is None:
            return None
        return Served(Claim(pk=int(row[0]), project=project, asset_id=int(row[1]), user=user, stage=Stage.LABEL,
                            created_at=now, expires_at=expires))
    return _claim_asset_serialized(project, user, needed, now, expires)


def _claim_asset_serialized(project: Project, user: User, needed: int, now: datetime,
                            expires: datetime) -> Served | None:
    """SQLite: the same two steps as workflow_claim_asset, under the database's write lock."""
    params = {**CHOICES, "project": project.pk, "user": user.pk, "now": _db_time(now), "needed": needed, "limit": 1}
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
            cursor.execute(LABEL_INSERT_SQL, values)
            inserted = cursor.fetchone()
            if inserted is None:  # claimed by someone between our snapshot and our lock
                missed.append(asset_id)
                continue
            cursor.execute(MARK_IN_PROGRESS_SQL, values)
            claim = Claim(pk=int(inserted[0]), project=project, asset_id=asset_id, user=user, stage=Stage.LABEL,
                          created_at=now, expires_at=expires)
            return Served(claim)
    return None


def _claim_review(project: Project, user: User, now: datetime, expires: datetime) -> Served | None:
    params = {**CHOICES, "project": project.pk, "user": user.pk, "now": _db_time(now)}
    missed: list[int] = []
    with connection.cursor() as cursor:
        for _ in range(MAX_ATTEMPTS):
            exclude = f"AND m.id NOT IN ({', '.join(str(i) for i in missed)})" if missed else ""
            cursor.execute(REVIEW_CANDIDATE_SQL.format(exclude=exclude, lock=_lock_clause()), params)
            row = cursor.fetchone()
            if row is None:
                return None
            submission_id, label_id, asset_id = (int(v) for v in row)
            cursor.execute(REVIEW_RECHECK_SQL, {**CHOICES, "label": label_id, "now": params["now"]})
            claimed, pending = cursor.fetchone()
            if claimed or not pending:
                missed.append(submission_id)
                continue
            claim = Claim.objects.create(project=project, asset_id=asset_id, user=user, stage=Stage.REVIEW,
                                         label_id=label_id, created_at=now, expires_at=expires)
            return Served(claim)
    return None


def queue_upcoming(*, project: Project, user: User, served: Claim, limit: int) -> list[Asset]:
    """The assets the label queue would most likely hand `user` after `served` (read only, no claim): the claim's
    candidate rule with the served asset left out. Others may take them first, so a guess, used to prepare work."""
    if limit <= 0:
        return []
    config = workflow_config(project.settings)
    params = {**CHOICES, "project": project.pk, "user": user.pk, "now": _db_time(timezone.now()),
              "needed": config.labels_per_asset, "limit": limit}
    sql = LABEL_CANDIDATE_SQL.format(exclude=f"AND a.id <> {int(served.asset_id)}", lock="")
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        ids = [int(row[0]) for row in cursor.fetchall()]
    found = Asset.objects.in_bulk(ids)
    return [found[i] for i in ids if i in found]


def served_label(served: Served) -> Label | None:
    return served.claim.label if served.claim.label_id else None
