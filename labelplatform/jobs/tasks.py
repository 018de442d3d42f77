from celery import shared_task

from labelplatform.jobs.services import job_run
from labelplatform.jobs.sweeper import jobs_sweep


@shared_task(acks_late=True, name="jobs.run_job")
def run_job(job_id: int) -> None:
    """Takes an id, loads the row, runs the handler; a redelivered message finds it done."""
    job_run(job_id=job_id)


@shared_task(name="jobs.sweep")
def sweep() -> dict[str, int]:
    """Dead workers' jobs and unsent ones, every JOB_SWEEP_S (beat); safe to run twice at once."""
    return jobs_sweep()
