"""Subscriptions (managers' writes) and deliveries: made on an event, sent by the worker, sent again.

A delivery is a row first, then a message: the row is written in the transaction that raised the
event and the message is published once it commits, so a rollback sends nothing and a broker that
is down loses nothing (the sweep publishes what is due).
"""

import logging
from datetime import timedelta
from functools import partial
from typing import Any

from celery import current_app
from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone
from rest_framework.exceptions import ValidationError

from labelplatform.common import outbound
from labelplatform.common.events import EVENTS
from labelplatform.projects.models import Project
from labelplatform.webhooks.models import Delivery, DeliveryStatus, Subscription
from labelplatform.webhooks.signing import secret_new

log = logging.getLogger(__name__)
DELIVER = "webhooks.deliver"  # by name: the task module imports these services
SWEEP_GRACE_S = 60  # a due delivery this late was lost by the broker: the sweep publishes it again


def events_wanted_refresh(project_id: int) -> None:
    """Project.events_wanted from the active subscriptions, after one changes. The project row is
    locked first, so two changes at once leave the answer of the later one, which sees both."""
    with transaction.atomic():
        if not Project.objects.select_for_update().filter(pk=project_id).exists():
            return  # the project is being deleted with its subscriptions
        wanted = {e for events in Subscription.objects.filter(project_id=project_id, active=True)
                  .values_list("events", flat=True) for e in events}
        Project.objects.filter(pk=project_id).update(events_wanted=[e for e in EVENTS if e in wanted])


def url_check(url: str) -> str:
    """A URL the guard would call now; a 400 naming the reason otherwise (a private address unless allowed)."""
    try:
        outbound.resolve(url)
    except outbound.OutboundError as exc:
        raise ValidationError({"url": [str(exc)]}) from None
    return url


def events_check(events: list[str]) -> list[str]:
    unknown = sorted(set(events) - set(EVENTS))
    if unknown or not events:
        raise ValidationError({"events": [f"choose among {', '.join(EVENTS)}" +
                                          (f"; unknown: {', '.join(unknown)}" if unknown else "")]})
    return [event for event in EVENTS if event in events]  # one order, no repeats


def subscription_create(*, project: Project, user: User, url: str, events: list[str], secret: str = "",
                        active: bool = True) -> Subscription:
    """A new subscription; a secret is made when none is given (shown once, in the answer)."""
    return Subscription.objects.create(project=project, created_by=user, url=url_check(url),
                                       events=events_check(events), secret=secret or secret_new(), active=active)


def subscription_update(*, subscription: Subscription, **changes: Any) -> Subscription:
    if "url" in changes:
        changes["url"] = url_check(changes["url"])
    if "events" in changes:
        changes["events"] = events_check(changes["events"])
    if "secret" in changes and not changes["secret"]:  # an empty key: anyone could sign a delivery
        raise ValidationError({"secret": ["may not be blank; leave it out to keep the current one"]})
    for field, value in changes.items():
        setattr(subscription, field, value)
    subscription.save(update_fields=list(changes))
    return subscription


def deliveries_create(*, project_id: int, event: str, data: dict[str, Any]) -> list[Delivery]:
    """One delivery per active subscription of the project to `event`; published when the transaction commits."""
    subscriptions = [s for s in Subscription.objects.filter(project_id=project_id, active=True).only("events")
                     if event in s.events]
    if not subscriptions:
        return []
    now = timezone.now()
    deliveries = Delivery.objects.bulk_create(
        Delivery(subscription=s, event=event, next_retry_at=now, payload={
            "event": event, "project": project_id, "created_at": now.isoformat(), "data": data})
        for s in subscriptions)
    for delivery in deliveries:
        transaction.on_commit(partial(delivery_publish, delivery.pk, 1))
    return deliveries


def delivery_redeliver(*, delivery: Delivery) -> Delivery:
    """The same event (same payload and event id) sent again as a new delivery with its own log."""
    again = Delivery.objects.create(subscription=delivery.subscription, event=delivery.event,
                                    event_id=delivery.event_id, payload=delivery.payload,
                                    next_retry_at=timezone.now())
    transaction.on_commit(partial(delivery_publish, again.pk, 1))
    return again


def delivery_publish(delivery_id: int, attempt: int, countdown: float = 0) -> bool:
    """Send the message of attempt `attempt`; False (logged) when the broker is down: the sweep sends it."""
    try:
        current_app.tasks[DELIVER].apply_async((delivery_id, attempt), countdown=countdown)
    except Exception as exc:
        log.warning("webhook delivery %s not sent (the sweep sends it later): %r", delivery_id, exc)
        return False
    return True


def deliveries_sweep() -> int:
    """Pending deliveries long past their next attempt (their message was lost): published again."""
    due = timezone.now() - timedelta(seconds=SWEEP_GRACE_S)
    sent = 0
    rows = Delivery.objects.filter(status=DeliveryStatus.PENDING, next_retry_at__lt=due).values_list("pk", "attempts")
    for delivery_id, attempts in rows.order_by("next_retry_at")[:1000]:
        if not delivery_publish(delivery_id, attempts + 1):
            break
        sent += 1
    return sent
