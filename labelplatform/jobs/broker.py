"""Handing job messages to the broker, and answering 503 when it cannot take them.

A job's message is sent after its row committed. If the broker is down then, the row stays
queued with `enqueued_at` null and the sweeper sends it once the broker is back: work that
follows from another write (an upload's thumbnails, a retraining after a submit) is neither
lost nor the cause of that write failing. A start someone asked for and waits on calls
`broker_check` first instead, and answers 503 with nothing written.
"""

import logging
import uuid
from collections.abc import Sequence

from celery import current_app
from django.db.models.expressions import RawSQL
from django.utils import timezone
from rest_framework import status
from rest_framework.exceptions import APIException

from labelplatform.jobs.models import Job

log = logging.getLogger(__name__)
RUN_JOB = "jobs.run_job"  # by name: the task module imports the services that send it
# A key the sweeper sets in the broker's Redis; gone means the broker lost its data (restarted without persistence).
EPOCH_KEY = "labelplatform:jobs:broker-epoch"


class BrokerUnavailable(APIException):
    status_code = status.HTTP_503_SERVICE_UNAVAILABLE
    default_detail = "the job queue is unreachable; nothing was started, try again in a minute"
    default_code = "broker_unavailable"


def broker_check() -> None:
    """Raise BrokerUnavailable unless the broker answers now."""
    try:
        with current_app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, interval_start=0, timeout=5)
            client = getattr(conn.default_channel, "client", None)  # Redis; the filesystem broker has none
            if client is not None:
                client.ping()
    except Exception as exc:
        log.warning("broker unreachable: %r", exc)
        raise BrokerUnavailable() from exc


def job_publish(job_id: int) -> bool:
    """Send the job's message; False (logged) when the broker is unreachable: the sweeper sends it later."""
    return jobs_publish([job_id]) == 1


def jobs_publish(job_ids: Sequence[int]) -> int:
    """Send each job's message over one producer, then mark the sent ones in one UPDATE; how many were sent.
    The rest (the broker went away) stay unsent and are logged: the sweeper sends them later."""
    if not job_ids:
        return 0
    suffix = uuid.uuid4().hex[:12]  # task ids job-{id}-{suffix}: unique by the job's id, stored by one UPDATE
    sent: list[int] = []
    try:
        task = current_app.tasks[RUN_JOB]
        with current_app.producer_or_acquire() as producer:
            for job_id in job_ids:
                task.apply_async((job_id,), task_id=f"job-{job_id}-{suffix}", producer=producer)
                sent.append(job_id)
    except Exception as exc:
        log.warning("jobs %s not sent (the sweeper sends them when the broker is back): %r",
                    [i for i in job_ids if i not in sent], exc)
    if sent:
        Job.objects.filter(pk__in=sent).update(enqueued_at=timezone.now(),
                                               task_id=RawSQL("'job-' || id || %s", (f"-{suffix}",)))
    return len(sent)


def job_revoke(task_id: str) -> None:
    """Best effort: a worker that gets the message later drops it (a start also checks the row)."""
    try:
        current_app.control.revoke(task_id)
    except Exception as exc:
        log.warning("revoke of %s not sent: %r", task_id, exc)


def broker_forgot() -> bool:
    """True once after the broker lost its data (a Redis restarted without persistence), and on first use."""
    with current_app.connection_for_write() as conn:
        client = getattr(conn.default_channel, "client", None)
        return client is not None and bool(client.set(EPOCH_KEY, "1", nx=True))
