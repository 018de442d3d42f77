"""Logins and password-reset requests, counted in the shared cache so every web process sees the
same numbers.

Keys are the account (a user name, or the e-mail address a reset is asked for) and the client's
real address (common/client_address.py). After a few free attempts, each further one from one
address on one account doubles that pair's wait (progressive delay, up to a maximum): a guesser
slows to a crawl while the real user, from their own address, is not affected. Two looser ceilings
catch attempts spread over many addresses (one account) or many accounts (one address); for logins
the account ceiling does not apply to addresses that logged in to the account before, so its owner
still gets in.

What counts: a failed login; every request for a verification e-mail; every reset request (each one
may send a mail), whether or not an account has the address, so the answers never tell known
addresses from unknown ones.
"""

import hashlib
import math
import time
from dataclasses import dataclass, replace

from django.conf import settings
from django.core.cache import cache

KNOWN_ADDRESSES = 20  # addresses remembered per account; the oldest go first
KNOWN_SECONDS = 30 * 24 * 3600


class Blocked(Exception):
    def __init__(self, wait: int, reason: str) -> None:
        super().__init__(reason)
        self.wait = wait


@dataclass(frozen=True)
class Limits:
    kind: str  # the keys' namespace
    what: str  # for the message: "failed logins"
    free: int
    max_delay: int
    account_ceiling: int
    address_ceiling: int
    window: int
    owner_spared: bool  # addresses that logged in to the account pass its ceiling


def _login() -> Limits:  # read per call: settings can change (tests)
    return Limits("login", "failed logins", settings.LOGIN_FREE_FAILURES, settings.LOGIN_MAX_DELAY,
                  settings.LOGIN_ACCOUNT_CEILING, settings.LOGIN_ADDRESS_CEILING, settings.LOGIN_FAILURE_WINDOW,
                  owner_spared=True)


def _reset() -> Limits:
    return Limits("reset", "password-reset requests", settings.RESET_FREE_REQUESTS, settings.RESET_MAX_DELAY,
                  settings.RESET_ACCOUNT_CEILING, settings.RESET_ADDRESS_CEILING, settings.RESET_WINDOW,
                  owner_spared=False)


def _verify() -> Limits:  # e-mail verification links: each request sends a mail, so a reset's limits
    return replace(_reset(), kind="verify", what="verification e-mails")


def _key(kind: str, *parts: str) -> str:
    # Hashed: user names and addresses are client text, and cache keys have a length and alphabet.
    return f"{kind}:" + hashlib.sha256("\x00".join(parts).encode()).hexdigest()[:40]


def _account(name: str) -> str:
    return name.strip().lower()


def _count_up(key: str, window: int) -> int:
    cache.add(key, 0, window)
    try:
        return int(cache.incr(key))
    except ValueError:  # expired between add and incr
        cache.set(key, 1, window)
        return 1


def _check(limits: Limits, account: str, address: str) -> None:
    key, what = limits.kind, limits.what
    until = cache.get(_key(key, "until", account, address))
    if until is not None and until > time.time():
        raise Blocked(math.ceil(until - time.time()), f"too many {what} from this address; try later")
    if int(cache.get(_key(key, "address", address)) or 0) >= limits.address_ceiling:
        raise Blocked(limits.window, f"too many {what} from this address; try later")
    if (int(cache.get(_key(key, "account", account)) or 0) >= limits.account_ceiling
            and not (limits.owner_spared and address in (cache.get(_key(key, "known", account)) or []))):
        raise Blocked(limits.window, f"too many {what} for this account; try later")


def _counted(limits: Limits, account: str, address: str) -> None:
    key, window = limits.kind, limits.window
    attempts = _count_up(_key(key, "pair", account, address), window)
    _count_up(_key(key, "account", account), window)
    _count_up(_key(key, "address", address), window)
    beyond = attempts - limits.free
    if beyond > 0:
        delay = min(limits.max_delay, 2 ** min(beyond - 1, 30))
        # The value says when; the cache timeout only tidies (some backends round it to whole seconds).
        cache.set(_key(key, "until", account, address), time.time() + delay, delay + 60)


def login_check(*, username: str, address: str) -> None:
    """Raise Blocked when this attempt must wait; call before checking the password."""
    _check(_login(), _account(username), address)


def login_failed(*, username: str, address: str) -> None:
    _counted(_login(), _account(username), address)


def login_succeeded(*, username: str, address: str) -> None:
    """The pair starts afresh, and the address is one the account's owner uses."""
    account = _account(username)
    cache.delete_many([_key("login", "pair", account, address), _key("login", "until", account, address)])
    known_key = _key("login", "known", account)
    known = [a for a in cache.get(known_key) or [] if a != address]
    cache.set(known_key, [*known[-(KNOWN_ADDRESSES - 1):], address], KNOWN_SECONDS)


def reset_check(*, email: str, address: str) -> None:
    """Raise Blocked when this reset request must wait; call before sending anything. The same for
    every address asked about, whether an account has it or not."""
    _check(_reset(), _account(email), address)


def reset_counted(*, email: str, address: str) -> None:
    _counted(_reset(), _account(email), address)


def verify_check(*, account: str, address: str) -> None:
    """Raise Blocked when this request for a verification e-mail must wait (`account`: the user's id)."""
    _check(_verify(), _account(account), address)


def verify_counted(*, account: str, address: str) -> None:
    _counted(_verify(), _account(account), address)
