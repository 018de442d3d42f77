"""The claim under real concurrency on PostgreSQL: threads, each with its own connection."""

import threading
from collections import Counter
from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.utils import timezone

from labelplatform.flows.label_save import label_create
from labelplatform.labels.services import LabelBody
from labelplatform.projects.models import Membership, Role
from labelplatform.workflow.models import Claim
from labelplatform.workflow.queue import queue_next
from tests.workflow.helpers import car_label, make_assets, run_together, set_settings

THREADS = 12


def needs_postgres() -> None:
    assert connection.vendor == "postgresql", "this test needs PostgreSQL (FOR UPDATE SKIP LOCKED); set DATABASE_URL"


def _labelers(project, count):
    users = [User.objects.create_user(f"worker{i}") for i in range(count)]
    Membership.objects.bulk_create([Membership(project=project, user=u, role=Role.LABELER) for u in users])
    return users


@pytest.mark.django_db(transaction=True)
def test_every_asset_is_handed_out_exactly_once_per_required_label(project):
    needs_postgres()
    set_settings(project, labels_per_asset=3)
    assets = make_assets(project, 40)
    users = _labelers(project, THREADS)
    handed: list[tuple[int, int]] = []
    lock = threading.Lock()

    def work(user):
        project.refresh_from_db()
        while True:
            served = queue_next(project=project, user=user, stages=["label"])
            if served is None:
                return
            # the item is ours alone: nobody else holds an open slot beyond labels_per_asset
            with lock:
                handed.append((served.claim.asset_id, user.pk))
            label_create(asset=served.claim.asset, user=user, body=LabelBody(**car_label()))

    run_together(work, users)
    per_asset = Counter(asset_id for asset_id, _ in handed)
    assert per_asset == {a.pk: 3 for a in assets}
    assert len(set(handed)) == len(handed)  # never the same asset twice to one labeler
    assert set(Claim.objects.values_list("end_reason", flat=True)) == {"submitted"}


@pytest.mark.django_db(transaction=True)
def test_concurrent_claims_never_share_an_item_and_expired_leases_come_back(project):
    needs_postgres()
    assets = make_assets(project, 16)
    users = _labelers(project, 24)

    def claim_round() -> list[int]:
        got: list[int] = []
        lock = threading.Lock()

        def grab(user):
            served = queue_next(project=project, user=user, stages=["label"])
            if served is not None:
                with lock:
                    got.append(served.claim.asset_id)

        run_together(grab, users)
        return got

    first = claim_round()
    assert sorted(first) == sorted(a.pk for a in assets)  # 24 people, 16 items: each item to exactly one
    # every lease runs out, nobody tidies: the items come back, again each to exactly one person
    Claim.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    second = claim_round()
    assert sorted(second) == sorted(a.pk for a in assets)
    assert Claim.objects.filter(ended_at__isnull=True, expires_at__gt=timezone.now()).count() == 16
