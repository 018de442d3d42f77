from contextlib import suppress

from celery import shared_task

from labelplatform.datasets.exporting import part_claim, part_run
from labelplatform.jobs.heartbeat import JobStopped


@shared_task(acks_late=True, name="datasets.export_part")
def export_part(part_id: int) -> None:
    """Write one part of a large export if nobody holds it; a redelivered message finds it taken or done."""
    part = part_claim(part_id)
    if part is not None:
        with suppress(JobStopped):  # the job was cancelled; its own task ends it
            part_run(part)
