"""Jobs created together: one INSERT, their messages sent after commit over one producer, one UPDATE marking them."""

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from labelplatform.jobs import broker
from labelplatform.jobs.models import Job, JobStatus
from labelplatform.jobs.services import jobs_create

pytestmark = pytest.mark.django_db


def _jobs(project, count: int) -> list[Job]:  # type: ignore[no-untyped-def]
    return [Job(kind="thumbnails", project=project, params={"asset_ids": [n]}) for n in range(count)]


def test_jobs_made_together_are_one_insert_and_are_sent_after_commit(exportable, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as hooks, CaptureQueriesContext(connection) as queries:
        jobs = jobs_create(_jobs(exportable, 3))
    assert [q["sql"].split()[0] for q in queries.captured_queries].count("INSERT") == 1
    assert len(hooks) == 1 and Job.objects.filter(pk__in=[j.pk for j in jobs], enqueued_at=None).count() == 3
    with CaptureQueriesContext(connection) as queries:
        hooks[0]()  # what the commit runs: sends the three
    assert len(queries.captured_queries) == 1  # one UPDATE for the three
    for job in jobs:
        job.refresh_from_db()
        assert job.status == JobStatus.QUEUED and job.enqueued_at is not None
        assert job.task_id.startswith(f"job-{job.pk}-")
    assert len({job.task_id for job in jobs}) == 3


def test_jobs_of_a_rolled_back_transaction_are_never_sent(exportable, monkeypatch):
    sent: list[list[int]] = []
    monkeypatch.setattr("labelplatform.jobs.services.jobs_publish", lambda ids: sent.append(list(ids)))
    with pytest.raises(RuntimeError), transaction.atomic():
        jobs_create(_jobs(exportable, 2))
        raise RuntimeError("the write around them failed")
    assert sent == [] and not Job.objects.filter(kind="thumbnails", project=exportable, params__asset_ids=[0]).exists()


def test_a_broker_failing_midway_leaves_the_unsent_jobs_for_the_sweeper(exportable, monkeypatch):
    jobs = jobs_create(_jobs(exportable, 3))
    Job.objects.filter(pk__in=[j.pk for j in jobs]).update(enqueued_at=None, task_id="")
    calls = []

    def apply_async(args, **options):  # type: ignore[no-untyped-def]
        calls.append(args[0])
        if len(calls) == 2:
            raise ConnectionError("broker went away")

    task = broker.current_app.tasks[broker.RUN_JOB]
    monkeypatch.setattr(task, "apply_async", apply_async)
    assert broker.jobs_publish([j.pk for j in jobs]) == 1
    states = {j.pk: Job.objects.get(pk=j.pk).enqueued_at is not None for j in jobs}
    assert states == {jobs[0].pk: True, jobs[1].pk: False, jobs[2].pk: False}


def test_an_unknown_kind_stores_nothing(exportable):
    with pytest.raises(ValueError, match="unknown job kind 'nope'"):
        jobs_create([*_jobs(exportable, 1), Job(kind="nope", project=exportable)])
    assert not Job.objects.filter(kind="thumbnails", project=exportable, params__asset_ids=[0]).exists()
