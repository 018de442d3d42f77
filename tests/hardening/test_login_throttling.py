"""Login throttling shared by every process, keyed on account and real address (issue 14, item 7).

The report: the limit was per process (about 30 x workers per minute), a
rotating X-Forwarded-For bypassed it, and it locked the real user out along
with the attacker.
"""

import os
import subprocess
import sys
import uuid

import pytest
from django.conf import settings as django_settings
from rest_framework.test import APIClient

from labelplatform.accounts import throttling
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db
ATTACKER, OWNER = "203.0.113.7", "198.51.100.20"
# 5 free failures, then waits of 1, 2, 4, 8 and 16 s: the last wait outlasts a slow machine's next request.
GUESSES = 10


@pytest.fixture(autouse=True)
def _own_cache_keys(settings) -> str:  # type: ignore[no-untyped-def]
    """Counts from other tests (or runs, on a shared Redis) start from nothing."""
    prefix = f"test-{uuid.uuid4().hex}"
    settings.CACHES = {"default": {**django_settings.CACHES["default"], "KEY_PREFIX": prefix}}
    settings.LOGIN_FREE_FAILURES = 5
    return prefix


def login(password: str, address: str, forwarded: str | None = None, username: str = "labeler"):  # type: ignore[no-untyped-def]
    headers = {"REMOTE_ADDR": address}
    if forwarded is not None:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded
    return APIClient().post("/api/v1/auth/token", {"username": username, "password": password}, format="json",
                            **headers)


def test_a_guesser_waits_while_the_real_user_from_another_address_logs_in(users):
    assert [login("guess", ATTACKER).status_code for _ in range(6)] == [400] * 6
    for _ in range(GUESSES - 6):  # more guesses, without waiting each one out
        throttling.login_failed(username="labeler", address=ATTACKER)
    blocked = login(PASSWORD, ATTACKER)  # even the right password waits: the guesser learns nothing
    assert blocked.status_code == 429
    assert int(blocked["Retry-After"]) >= 1
    assert login(PASSWORD, OWNER).status_code == 200


def test_a_rotating_x_forwarded_for_from_an_untrusted_client_does_not_reset_the_count(users):
    for n in range(6):
        assert login("guess", ATTACKER, forwarded=f"192.0.2.{n}").status_code == 400
    for _ in range(GUESSES - 6):  # 4 alone stay free: blocked only if the 6 above counted for ATTACKER
        throttling.login_failed(username="labeler", address=ATTACKER)
    assert login(PASSWORD, ATTACKER, forwarded="192.0.2.99").status_code == 429


def test_behind_a_trusted_proxy_the_client_is_the_address_the_proxy_saw(users, settings):
    settings.TRUSTED_PROXY_NETWORKS = ["10.0.0.0/8"]
    # The client makes up the first entries; our proxy appends the address it really saw.
    for n in range(6):
        assert login("guess", "10.0.0.2", forwarded=f"192.0.2.{n}, {ATTACKER}").status_code == 400
    for _ in range(GUESSES - 6):
        throttling.login_failed(username="labeler", address=ATTACKER)
    assert login(PASSWORD, "10.0.0.2", forwarded=ATTACKER).status_code == 429
    assert login(PASSWORD, "10.0.0.2", forwarded=OWNER).status_code == 200


def test_each_failure_past_the_free_ones_doubles_the_wait(settings):
    settings.LOGIN_MAX_DELAY = 16
    waits = []
    for _ in range(10):
        throttling.login_failed(username="Labeler", address=ATTACKER)
        try:
            throttling.login_check(username="labeler", address=ATTACKER)
            waits.append(0)
        except throttling.Blocked as blocked:
            waits.append(blocked.wait)
    assert waits == [0, 0, 0, 0, 0, 1, 2, 4, 8, 16]


def test_the_account_ceiling_spares_addresses_its_owner_used(users, settings):
    settings.LOGIN_ACCOUNT_CEILING = 10
    assert login(PASSWORD, OWNER).status_code == 200
    for n in range(10):  # spread over many addresses: no pair reaches its delay
        assert login("guess", f"192.0.2.{n}").status_code == 400
    assert login(PASSWORD, "192.0.2.200").status_code == 429
    assert login(PASSWORD, OWNER).status_code == 200


def test_the_address_ceiling_stops_one_address_guessing_many_accounts(users, settings):
    settings.LOGIN_ADDRESS_CEILING = 8
    for name in ["manager", "reviewer", "labeler", "labeler2", "viewer", "outsider", "nobody", "admin"]:
        assert login("guess", ATTACKER, username=name).status_code == 400
    assert login(PASSWORD, ATTACKER, username="labeler").status_code == 429
    assert login(PASSWORD, OWNER, username="labeler").status_code == 200


@pytest.mark.skipif(not django_settings.REDIS_URL, reason="the shared cache across processes is Redis")
def test_failures_counted_in_another_process_count_here(users, _own_cache_keys):
    script = (
        "import django, sys; django.setup()\n"
        "from django.conf import settings\n"
        "settings.CACHES['default']['KEY_PREFIX'] = sys.argv[1]\n"
        "from labelplatform.accounts import throttling\n"
        f"for _ in range({GUESSES}): throttling.login_failed(username='labeler', address=sys.argv[2])\n"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "labelplatform.settings"}
    subprocess.run([sys.executable, "-c", script, _own_cache_keys, ATTACKER], env=env, check=True, timeout=60)
    assert login(PASSWORD, ATTACKER).status_code == 429
    assert login(PASSWORD, OWNER).status_code == 200


def test_guessing_the_current_password_through_a_password_change_waits_too(users):
    # found by trying: a stolen session could guess the password itself at auth/password, unthrottled
    client = APIClient()
    client.force_authenticate(users["labeler"])

    def change(old: str):  # type: ignore[no-untyped-def]
        return client.post("/api/v1/auth/password", {"old_password": old, "new_password": "a long new passphrase"},
                           format="json", REMOTE_ADDR=ATTACKER)

    assert [change("guess").status_code for _ in range(6)] == [400] * 6
    for _ in range(GUESSES - 6):
        throttling.login_failed(username="labeler", address=ATTACKER)
    assert change(PASSWORD).status_code == 429
    assert login(PASSWORD, OWNER).status_code == 200  # the owner, elsewhere, is not locked out
