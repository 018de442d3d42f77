"""The Celery app: workers run every Job (thumbnails, and later imports, exports, pre-labels)."""

import os
import resource

from celery import Celery
from celery.signals import worker_init, worker_process_init

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "labelplatform.settings")

app = Celery("labelplatform")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


def ensure_broker_dirs() -> None:
    """The filesystem broker (embedded default) needs its folders before the first message."""
    from django.conf import settings

    for key in ("data_folder_in", "processed_folder", "control_folder"):
        folder = settings.CELERY_BROKER_TRANSPORT_OPTIONS.get(key)
        if isinstance(folder, str):
            os.makedirs(folder, exist_ok=True)


@worker_init.connect
def _on_worker_init(**_: object) -> None:
    ensure_broker_dirs()


@worker_process_init.connect
def _on_child_init(**_: object) -> None:
    limit_child_memory()


def limit_child_memory() -> None:
    """WORKER_MEMORY_LIMIT_MB as RLIMIT_DATA: past it allocations fail (the job fails), no OOM kill."""
    from django.conf import settings

    megabytes = int(settings.WORKER_MEMORY_LIMIT_MB)
    if megabytes > 0:
        limit = megabytes * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_DATA, (limit, limit))
