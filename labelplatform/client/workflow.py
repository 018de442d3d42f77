"""The labeling queue, claims, reviews, stats, quality, consensus and gold."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from labelplatform.client.http import JSON
from labelplatform.client.resources import Resource


class Queue(Resource):
    def summary(self, project: int) -> JSON:
        return dict(self._http.call("queue_summary", project_id=project))

    def next(self, project: int, **body: Any) -> JSON | None:
        """Claims the next item for you (``None`` when there is nothing to do)."""
        answer = self._http.call("queue_next", json=body or {}, project_id=project)
        return dict(answer) if answer else None

    def claims(self, project: int) -> Iterator[JSON]:
        return self._http.pages("claim_list", project_id=project)

    def heartbeat(self, claim: int) -> JSON:
        return dict(self._http.call("claim_heartbeat", claim_id=claim) or {})

    def release(self, claim: int) -> None:
        self._http.call("claim_release", claim_id=claim)

    def skip(self, claim: int, reason: str) -> None:
        self._http.call("claim_skip", json={"reason": reason}, claim_id=claim)


class Reviews(Resource):
    def review(self, label: int, decision: str, *, comment: str = "", **extra: Any) -> JSON:
        body = {"decision": decision, "comment": comment, **extra}
        return dict(self._http.call("label_review", json=body, label_id=label))

    def of_label(self, label: int) -> Iterator[JSON]:
        return self._http.pages("label_reviews", label_id=label)

    def list(self, project: int, **filters: Any) -> Iterator[JSON]:
        """``decision``, ``reviewer``, ``author``, ``from``/``to`` (pass ``**{"from": ...}``)."""
        return self._http.pages("review_list", params=filters, project_id=project)


class Insights(Resource):
    """Stats, quality scores, consensus and gold."""

    def stats(self, project: int, **params: Any) -> JSON:
        return dict(self._http.call("stats", params=params, project_id=project))

    def quality(self, project: int, **params: Any) -> JSON:
        return dict(self._http.call("quality", params=params, project_id=project))

    def label_scores(self, label: int) -> JSON:
        return dict(self._http.call("label_scores", label_id=label))

    def consensus(self, project: int, *, needs_pick: bool | None = None) -> Iterator[JSON]:
        params = {"needs_pick": "true" if needs_pick else None}
        return self._http.pages("consensus_list", params=params, project_id=project)

    def asset_consensus(self, asset: int) -> JSON:
        return dict(self._http.call("asset_consensus", asset_id=asset))

    def pick(self, asset: int, label: int) -> JSON:
        return dict(self._http.call("consensus_pick", json={"label": label}, asset_id=asset))

    def gold(self, project: int) -> Iterator[JSON]:
        return self._http.pages("gold_list", project_id=project)

    def gold_of(self, asset: int) -> JSON:
        return dict(self._http.call("gold_get", asset_id=asset))

    def set_gold(self, asset: int, **body: Any) -> JSON:
        return dict(self._http.call("gold_set", json=body, asset_id=asset))

    def unset_gold(self, asset: int) -> None:
        self._http.call("gold_unset", asset_id=asset)
