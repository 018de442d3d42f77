"""Saves racing over the same revision on PostgreSQL: threads, each with its own connection."""

import threading

import pytest
from django.db import connection, connections

from labelplatform.flows.label_save import label_create, label_update
from labelplatform.labels import services
from labelplatform.labels.models import Label, LabelObject, LabelRevision
from labelplatform.labels.services import LabelBody, StaleRevision
from tests.workflow.helpers import car_label, label_body, make_assets, rect

SAVERS = 8


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("one_statement", [True, False], ids=["one statement", "orm"])
def test_of_saves_racing_over_one_revision_exactly_one_lands(project, users, monkeypatch, one_statement):
    monkeypatch.setattr(services, "ONE_STATEMENT", one_statement)
    assert connection.vendor == "postgresql", "this test needs PostgreSQL; set DATABASE_URL"
    (asset,) = make_assets(project, 1)
    asset = type(asset).objects.select_related("project").get(pk=asset.pk)
    body = LabelBody(**{**car_label(), "time_spent_s": 1.0})
    label = label_create(asset=asset, user=users["labeler"], body=body).label
    barrier = threading.Barrier(SAVERS)
    landed, stale, errors = [], [], []

    def save(i: int) -> None:
        try:
            mine = Label.objects.select_related("asset__project").get(pk=label.pk)
            body = label_body((1, rect(2, 10, 3, 4 + i)), status="draft", time_spent_s=1.0)
            barrier.wait()
            try:
                landed.append((i, label_update(label=mine, user=users["labeler"], body=LabelBody(**body), edited=1)))
            except StaleRevision as conflict:
                stale.append(conflict.label.revision)
        except BaseException as exc:  # noqa: BLE001  (reported by the main thread)
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=save, args=(i,)) for i in range(SAVERS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert not errors, errors
    assert len(landed) == 1 and stale == [2] * (SAVERS - 1)
    winner, saved = landed[0]
    stored = Label.objects.get(pk=label.pk)
    assert stored.revision == 2 and stored.time_spent_s == 2.0
    assert LabelRevision.objects.filter(label=stored).count() == 2
    (obj,) = LabelObject.objects.filter(revision__label=stored, revision__number=2)
    assert obj.area == 8 * (1 + winner) and obj.pk == saved.objects[0].pk
