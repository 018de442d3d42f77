"""Project events: raised where they happen, handed to whoever listens (labelplatform.webhooks).

The apps that raise them sit below the listeners, so they only send a Django signal and know
nothing of subscriptions. `data` is the event's payload as the docs describe it (docs/webhooks.md):
plain JSON values built from what the caller already holds, never a read back.
"""

from collections.abc import Container
from typing import Any

from django.dispatch import Signal

LABEL_SUBMITTED = "label.submitted"
LABEL_REVIEWED = "label.reviewed"
ASSET_DONE = "asset.done"
JOB_FINISHED = "job.finished"
VERSION_CREATED = "version.created"
MEMBER_ADDED = "member.added"
EVENTS = (LABEL_SUBMITTED, LABEL_REVIEWED, ASSET_DONE, JOB_FINISHED, VERSION_CREATED, MEMBER_ADDED)

# sender: the event's name; keyword arguments: project_id (int), data (dict of JSON values).
project_event = Signal()


def event_raise(
    event: str, *, project_id: int | None, data: dict[str, Any], wanted: Container[str] | None = None
) -> None:
    """Tell the listeners; inside a transaction they act only once it commits (a rollback raised nothing).

    `wanted`: the project row's `events_wanted` when the caller holds the row; an event no listener
    wants then ends here, without a query (a label save on a project without webhooks)."""
    if project_id is None or (wanted is not None and event not in wanted):
        return
    project_event.send(sender=event, project_id=project_id, data=data)
