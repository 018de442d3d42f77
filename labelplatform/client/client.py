"""``Client``: one object per server and token, with the API's resources as attributes."""

from __future__ import annotations

import json
import os
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import httpx

from labelplatform.client.buckets import Buckets
from labelplatform.client.datasets import Exports, Imports, Jobs, Prelabel, Versions
from labelplatform.client.discussions import Notifications, Threads
from labelplatform.client.errors import ClientError
from labelplatform.client.http import JSON, Http
from labelplatform.client.resources import Assets, Labels, Members, Ontology, Projects
from labelplatform.client.sequences import Sequences
from labelplatform.client.webhooks import Webhooks
from labelplatform.client.workflow import Insights, Queue, Reviews

PULL_STATE = ".labelplatform-pull.json"
# A label saved in a transaction that commits after a pull read later ones carries an earlier
# updated_at; each pull re-reads this much before the newest change it saw (files are overwritten).
PULL_OVERLAP = timedelta(minutes=5)


class Client:
    """The API of one server. ``url`` and ``token`` default to LABELPLATFORM_URL and
    LABELPLATFORM_TOKEN; use as a context manager or call :meth:`close`."""

    def __init__(self, url: str | None = None, token: str | None = None, *, timeout: float = 60.0,
                 retries: int = 4, backoff: float = 0.5, transport: httpx.BaseTransport | None = None) -> None:
        self.http = Http(url, token, timeout=timeout, retries=retries, backoff=backoff, transport=transport)
        self.projects = Projects(self.http)
        self.ontology = Ontology(self.http)
        self.members = Members(self.http)
        self.assets = Assets(self.http)
        self.labels = Labels(self.http)
        self.queue = Queue(self.http)
        self.reviews = Reviews(self.http)
        self.insights = Insights(self.http)
        self.jobs = Jobs(self.http)
        self.exports = Exports(self.http)
        self.imports = Imports(self.http)
        self.versions = Versions(self.http)
        self.prelabel = Prelabel(self.http)
        self.webhooks = Webhooks(self.http)
        self.buckets = Buckets(self.http)
        self.sequences = Sequences(self.http)
        self.threads = Threads(self.http)
        self.notifications = Notifications(self.http)

    @classmethod
    def login(cls, url: str | None, username: str, password: str, **options: Any) -> Client:
        """A client holding a fresh token for ``username`` (``client.http.token``)."""
        anonymous = cls(url, "", **options)
        try:
            token = anonymous.http.call("token", json={"username": username, "password": password})["token"]
        finally:
            anonymous.close()
        return cls(url, str(token), **options)

    def me(self) -> JSON:
        return dict(self.http.call("me"))

    def close(self) -> None:
        self.http.close()

    def __enter__(self) -> Client:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def pull(self, project: int, dest: str | os.PathLike[str], *, since: str | None = None,
             status: str | None = None) -> JSON:
        """Syncs the project's labels into ``dest/labels/<label id>.json``, incrementally.

        Without ``since`` it continues from the last pull into ``dest`` (its state file), or pulls
        everything the first time. Answers ``{"written": n, "since": <what the next pull uses>}``."""
        folder = Path(dest)
        (folder / "labels").mkdir(parents=True, exist_ok=True)
        state_file = folder / PULL_STATE
        if since is None and state_file.exists():
            since = json.loads(state_file.read_text()).get("since")
        newest: datetime | None = None
        written = 0
        for label in self.labels.stream(project, since=since, status=status):
            target = folder / "labels" / f"{int(label['id'])}.json"
            partial = target.with_suffix(".part")
            partial.write_text(json.dumps(label, sort_keys=True))
            os.replace(partial, target)
            written += 1
            changed = _parse_time(label.get("updated_at"))
            if changed is not None and (newest is None or changed > newest):
                newest = changed
        next_since = (newest - PULL_OVERLAP).isoformat() if newest is not None else since
        state_file.write_text(json.dumps({"project": project, "since": next_since}))
        return {"written": written, "since": next_since}


def _parse_time(value: Any) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError as error:
        raise ClientError(f"the server sent an unreadable time {value!r}") from error
