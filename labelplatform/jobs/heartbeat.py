"""Heartbeats: a small thread keeps a running job's row (or an export part's lease) fresh.

The thread writes every JOB_HEARTBEAT_S whatever the work is doing (a long step, a big zip),
so a quiet heartbeat means a dead worker, not a slow one; the sweeper acts on it. Its update
is also how the work learns that it should stop: once the row no longer matches (the job was
cancelled, or declared dead and handed to another worker), `lost` is set and the next progress
update raises JobStopped.

Only in a worker: a job run inline (tests, eager mode) holds no lease a thread could keep, and
its caller's transaction may hold the row, which a second connection must not wait for.
"""

import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from celery import current_task
from django.conf import settings
from django.db import connection
from django.db.models import QuerySet
from django.utils import timezone

log = logging.getLogger(__name__)


class JobStopped(BaseException):
    """The job was cancelled or handed to another worker: unwind without writing an outcome.

    A BaseException, like KeyboardInterrupt, so a handler's `except Exception` that records one
    asset's error and moves on does not swallow it.
    """


@contextmanager
def heartbeat(rows: "QuerySet[Any]", field: str) -> Iterator[threading.Event]:
    """Write `field` = now on `rows` every JOB_HEARTBEAT_S until the block ends; yields `lost`,
    set when the update matched no row."""
    lost, stop = threading.Event(), threading.Event()
    if not _in_worker():
        yield lost
        return
    thread = threading.Thread(target=_beat, args=(rows, field, lost, stop), daemon=True,
                              name=f"heartbeat-{rows.model.__name__}")
    thread.start()
    try:
        yield lost
    finally:
        stop.set()
        thread.join(timeout=5)  # a beat stuck on the database must not hold the job's end


def _beat(rows: "QuerySet[Any]", field: str, lost: threading.Event, stop: threading.Event) -> None:
    try:
        while not stop.wait(settings.JOB_HEARTBEAT_S):
            try:
                if not rows.update(**{field: timezone.now()}):
                    lost.set()
                    return
            except Exception:  # the database away for a moment: the next beat tries again
                log.warning("heartbeat of %s failed", rows.model.__name__, exc_info=True)
                connection.close()
    finally:
        connection.close()  # this thread's own connection


def _in_worker() -> bool:
    return bool(current_task) and not current_task.request.is_eager
