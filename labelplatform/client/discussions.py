"""Comment threads on images (about a label or pinned at a point) and the caller's notifications."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any, cast

from labelplatform.client.http import JSON
from labelplatform.client.resources import Resource


def _status(status: str | None) -> dict[str, Any] | None:
    return {"status": status} if status else None


class Threads(Resource):
    def of_asset(self, asset: int, *, status: str | None = None) -> list[JSON]:
        """The asset's threads with their comments; ``status`` "open" or "resolved" filters."""
        return list(self._http.call("asset_threads", params=_status(status), asset_id=asset))

    def of_project(self, project: int, *, status: str | None = None) -> Iterator[JSON]:
        return self._http.pages("project_threads", params=_status(status), project_id=project)

    def create(self, asset: int, body: str, *, label: int | None = None,
               point: tuple[float, float] | None = None) -> JSON:
        """A thread with its first comment; ``@name`` mentions a member; ``point`` pins it (image pixels)."""
        data: dict[str, Any] = {"body": body, "label": label}
        if point is not None:
            data["x"], data["y"] = point
        return cast(JSON, self._http.call("thread_create", json=data, asset_id=asset))

    def get(self, thread: int) -> JSON:
        return cast(JSON, self._http.call("thread_get", thread_id=thread))

    def reply(self, thread: int, body: str) -> JSON:
        return cast(JSON, self._http.call("thread_reply", json={"body": body}, thread_id=thread))

    def resolve(self, thread: int) -> JSON:
        return cast(JSON, self._http.call("thread_resolve", thread_id=thread))

    def reopen(self, thread: int) -> JSON:
        return cast(JSON, self._http.call("thread_reopen", thread_id=thread))


class Notifications(Resource):
    def list(self, *, unread: bool = False) -> Iterator[JSON]:
        return self._http.pages("notification_list", params={"unread": "true" if unread else "false"})

    def unread(self) -> int:
        return int(self._http.call("notification_unread")["unread"])

    def mark_read(self, ids: Sequence[int] | None = None) -> int:
        """Marks ``ids`` (all when None) read; answers how many are still unread."""
        body = {} if ids is None else {"ids": list(ids)}
        return int(self._http.call("notification_read", json=body)["unread"])
