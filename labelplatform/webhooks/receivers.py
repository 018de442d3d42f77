"""Events (common.events) become deliveries for the project's subscriptions."""

from typing import Any

from django.dispatch import receiver

from labelplatform.common.events import project_event
from labelplatform.webhooks.services import deliveries_create


@receiver(project_event, dispatch_uid="webhooks.deliveries")
def _on_project_event(sender: str, *, project_id: int, data: dict[str, Any], **_: Any) -> None:
    deliveries_create(project_id=project_id, event=sender, data=data)
