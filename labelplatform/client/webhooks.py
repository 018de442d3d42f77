"""Webhook subscriptions of a project, their delivery logs, and the receiver's signature check."""

from __future__ import annotations

import time
from collections.abc import Iterator, Sequence
from typing import cast

from labelplatform.client.http import JSON
from labelplatform.client.resources import Resource
from labelplatform.client.types import CreatedWebhook, Delivery, Webhook
from labelplatform.webhooks.signing import SIGNATURE_HEADER, signature_valid

__all__ = ["SIGNATURE_HEADER", "Webhooks", "verify"]


def verify(secret: str, header: str, body: bytes, *, tolerance_s: int = 300, now: int | None = None) -> bool:
    """True when ``header`` (X-Labelplatform-Signature) signs ``body`` with ``secret`` within ``tolerance_s``
    of now: what a receiver checks before trusting a delivery (docs/webhooks.md)."""
    return signature_valid(secret, header, body, now=int(time.time()) if now is None else now,
                           tolerance_s=tolerance_s)


class Webhooks(Resource):
    def list(self, project: int) -> list[Webhook]:
        return cast(list[Webhook], self._http.call("webhook_list", project_id=project))

    def create(self, project: int, url: str, events: Sequence[str], *, secret: str = "",
               active: bool = True) -> CreatedWebhook:
        """A subscription; the answer holds the secret (given or made), the only time it is shown."""
        body: JSON = {"url": url, "events": list(events), "active": active}
        if secret:
            body["secret"] = secret
        return cast(CreatedWebhook, self._http.call("webhook_create", json=body, project_id=project))

    def get(self, webhook: int) -> Webhook:
        return cast(Webhook, self._http.call("webhook_get", webhook_id=webhook))

    def update(self, webhook: int, **fields: object) -> Webhook:
        return cast(Webhook, self._http.call("webhook_update", json=fields, webhook_id=webhook))

    def delete(self, webhook: int) -> None:
        self._http.call("webhook_delete", webhook_id=webhook)

    def deliveries(self, webhook: int) -> Iterator[Delivery]:
        """The delivery log, newest first: status, attempts, response code and time, next retry."""
        return cast(Iterator[Delivery], self._http.pages("webhook_deliveries", webhook_id=webhook))

    def redeliver(self, webhook: int, delivery: int) -> Delivery:
        return cast(Delivery, self._http.call("webhook_redeliver", webhook_id=webhook, delivery_id=delivery))
