"""Events (common.events) become deliveries for the project's subscriptions."""

from typing import Any

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from labelplatform.common.events import project_event
from labelplatform.webhooks.models import Subscription
from labelplatform.webhooks.services import deliveries_create, events_wanted_refresh


@receiver(project_event, dispatch_uid="webhooks.deliveries")
def _on_project_event(sender: str, *, project_id: int, data: dict[str, Any], **_: Any) -> None:
    deliveries_create(project_id=project_id, event=sender, data=data)


@receiver(post_save, sender=Subscription, dispatch_uid="webhooks.events_wanted.save")
@receiver(post_delete, sender=Subscription, dispatch_uid="webhooks.events_wanted.delete")
def _on_subscription_change(sender: type[Subscription], instance: Subscription, **_: Any) -> None:
    events_wanted_refresh(instance.project_id)
