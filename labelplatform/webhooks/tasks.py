from celery import shared_task

from labelplatform.webhooks.attempts import delivery_attempt
from labelplatform.webhooks.services import deliveries_sweep


@shared_task(acks_late=True, name="webhooks.deliver")
def deliver(delivery_id: int, attempt: int) -> None:
    """Takes ids; a message for an attempt already made (redelivered, or sent twice) does nothing."""
    delivery_attempt(delivery_id=delivery_id, attempt=attempt)


@shared_task(name="webhooks.sweep")
def sweep() -> int:
    """Beat: pending deliveries whose message the broker lost are published again."""
    return deliveries_sweep()
