"""Login attempts, counted in the shared cache so every web process sees the same numbers.

Keys are the account and the client's real address (common/client_address.py).
After a few free failures, each failure from one address on one account doubles
that pair's wait (progressive delay, up to LOGIN_MAX_DELAY): a guesser slows to
a crawl while the real user, from their own address, is not affected. Two looser
ceilings catch guessing spread over many addresses (one account) or many
accounts (one address); the account ceiling does not apply to addresses that
logged in to the account before, so its owner still gets in.
"""

import hashlib
import math
import time

from django.conf import settings
from django.core.cache import cache

KNOWN_ADDRESSES = 20  # addresses remembered per account; the oldest go first
KNOWN_SECONDS = 30 * 24 * 3600


class LoginBlocked(Exception):
    def __init__(self, wait: int, reason: str) -> None:
        super().__init__(reason)
        self.wait = wait


def _key(*parts: str) -> str:
    # Hashed: user names and addresses are client text, and cache keys have a length and alphabet.
    return "login:" + hashlib.sha256("\x00".join(parts).encode()).hexdigest()[:40]


def _account(username: str) -> str:
    return username.strip().lower()


def _count_up(key: str) -> int:
    window = settings.LOGIN_FAILURE_WINDOW
    cache.add(key, 0, window)
    try:
        return int(cache.incr(key))
    except ValueError:  # expired between add and incr
        cache.set(key, 1, window)
        return 1


def login_check(*, username: str, address: str) -> None:
    """Raise LoginBlocked when this attempt must wait; call before checking the password."""
    account = _account(username)
    until = cache.get(_key("until", account, address))
    if until is not None and until > time.time():
        raise LoginBlocked(math.ceil(until - time.time()), "too many failed logins from this address; try later")
    if int(cache.get(_key("address", address)) or 0) >= settings.LOGIN_ADDRESS_CEILING:
        raise LoginBlocked(settings.LOGIN_FAILURE_WINDOW, "too many failed logins from this address; try later")
    if (int(cache.get(_key("account", account)) or 0) >= settings.LOGIN_ACCOUNT_CEILING
            and address not in (cache.get(_key("known", account)) or [])):
        raise LoginBlocked(settings.LOGIN_FAILURE_WINDOW, "too many failed logins for this account; try later")


def login_failed(*, username: str, address: str) -> None:
    account = _account(username)
    failures = _count_up(_key("pair", account, address))
    _count_up(_key("account", account))
    _count_up(_key("address", address))
    beyond = failures - settings.LOGIN_FREE_FAILURES
    if beyond > 0:
        delay = min(settings.LOGIN_MAX_DELAY, 2 ** min(beyond - 1, 30))
        # The value says when; the cache timeout only tidies (some backends round it to whole seconds).
        cache.set(_key("until", account, address), time.time() + delay, delay + 60)


def login_succeeded(*, username: str, address: str) -> None:
    """The pair starts afresh, and the address is one the account's owner uses."""
    account = _account(username)
    cache.delete_many([_key("pair", account, address), _key("until", account, address)])
    known_key = _key("known", account)
    known = [a for a in cache.get(known_key) or [] if a != address]
    cache.set(known_key, [*known[-(KNOWN_ADDRESSES - 1):], address], KNOWN_SECONDS)
