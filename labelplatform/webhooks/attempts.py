"""One delivery attempt, and what its outcome decides: done, failed for good, or retried later.

Retried with exponential back-off (WEBHOOK_RETRY_BASE_S, doubling, WEBHOOK_MAX_ATTEMPTS in all)
after a 5xx, a 429, a time-out or a connection error. A 4xx other than 429 says the receiver
refuses this delivery, and an address the outbound guard refuses will not change by waiting:
both fail at once. A message for an attempt already made (sent twice) is dropped.
"""

import json
import time
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db.models import F
from django.utils import timezone

from labelplatform.common import outbound
from labelplatform.webhooks.models import Delivery, DeliveryStatus
from labelplatform.webhooks.services import delivery_publish
from labelplatform.webhooks.signing import DELIVERY_HEADER, EVENT_HEADER, SIGNATURE_HEADER, signature_header

USER_AGENT = "labelplatform-webhooks/1"


@dataclass(frozen=True)
class Outcome:
    code: int | None
    error: str
    retry: bool


def delivery_body(delivery: Delivery) -> bytes:
    """The JSON a receiver gets: the stored payload with the event id, the same bytes on every attempt."""
    return json.dumps({"id": str(delivery.event_id), **delivery.payload}, separators=(",", ":"),
                      sort_keys=True).encode()


def _send(delivery: Delivery, body: bytes) -> Outcome:
    subscription = delivery.subscription
    headers = {"Content-Type": "application/json", "User-Agent": USER_AGENT, EVENT_HEADER: delivery.event,
               DELIVERY_HEADER: str(delivery.event_id),
               SIGNATURE_HEADER: signature_header(subscription.secret, int(time.time()), body)}
    try:
        with outbound.call(subscription.url, method="POST", body=body, headers=headers,
                           timeout_s=settings.WEBHOOK_TIMEOUT_S, max_bytes=1 << 16) as answer:
            return Outcome(answer.status, "", False)  # the body is not read: only the status counts
    except outbound.OutboundRefused as exc:
        return Outcome(None, str(exc), False)
    except outbound.OutboundStatus as exc:
        return Outcome(exc.status, str(exc), exc.status >= 500 or exc.status == 429)
    except outbound.OutboundError as exc:  # time-outs, refused connections, broken answers
        return Outcome(None, str(exc), True)


def delivery_attempt(*, delivery_id: int, attempt: int) -> Delivery | None:
    """Make attempt number `attempt` of the delivery; None when it is not due (done, or already made)."""
    claimed = Delivery.objects.filter(pk=delivery_id, status=DeliveryStatus.PENDING, attempts=attempt - 1).update(
        attempts=F("attempts") + 1, last_attempt_at=timezone.now(), next_retry_at=None)
    if not claimed:
        return None
    delivery = Delivery.objects.select_related("subscription").get(pk=delivery_id)
    started = time.monotonic()
    outcome = _send(delivery, delivery_body(delivery))
    delivery.response_ms = round((time.monotonic() - started) * 1000)
    delivery.response_code, delivery.error = outcome.code, outcome.error[:500]
    countdown = None
    if outcome.code is not None and 200 <= outcome.code < 300:
        delivery.status = DeliveryStatus.SUCCEEDED
    elif outcome.retry and delivery.attempts < settings.WEBHOOK_MAX_ATTEMPTS:
        countdown = settings.WEBHOOK_RETRY_BASE_S * 2 ** (delivery.attempts - 1)
        delivery.next_retry_at = timezone.now() + timedelta(seconds=countdown)
    else:
        delivery.status = DeliveryStatus.FAILED
    delivery.save(update_fields=["status", "response_code", "response_ms", "error", "next_retry_at"])
    if countdown is not None:
        delivery_publish(delivery.pk, delivery.attempts + 1, countdown)
    return delivery
