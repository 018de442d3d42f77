from celery import shared_task

from labelplatform.workflow.services import claims_tidy


@shared_task(name="workflow.tidy_claims")
def tidy_claims() -> int:
    """Beat task (optional): end expired claims so asset statuses read right; the queue never waits on it."""
    return claims_tidy()
