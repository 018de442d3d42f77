"""Read-through caching of small derived answers where the cache is only a shortcut.

The shared cache is Redis when REDIS_URL is set. A save must not fail while Redis is away (label
submits go on during a broker outage), so these helpers treat a cache error as a miss: the answer
is computed from the database, and a lost invalidation is bounded by the entry's timeout.
"""

import logging
from collections.abc import Callable
from typing import TypeVar

from django.core.cache import cache
from django.db import transaction

log = logging.getLogger(__name__)
T = TypeVar("T")


def cached(key: str, compute: Callable[[], T], timeout: int) -> T:
    try:
        hit = cache.get(key)
    except Exception as exc:  # the cache is down: the database answers
        log.warning("cache unavailable for %s: %r", key, exc)
        return compute()
    if hit is not None:
        return hit  # type: ignore[no-any-return]
    value = compute()
    try:
        cache.set(key, value, timeout)
    except Exception as exc:
        log.warning("cache unavailable for %s: %r", key, exc)
    return value


def forget(key: str) -> None:
    """Drop `key` now and again once the transaction commits (a reader in between may have cached the old answer)."""
    def drop() -> None:
        try:
            cache.delete(key)
        except Exception as exc:
            log.warning("cache unavailable, %s kept until it times out: %r", key, exc)

    drop()
    transaction.on_commit(drop)
