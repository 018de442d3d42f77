"""Password-reset requests throttled like logins, per address and per account asked about (issue 14).

The report: `POST auth/password-reset` took any number of requests, so anyone could fill a
person's mailbox with reset mails, or sweep through addresses as fast as the server answered.
Every request counts, known address or not, so the answers never tell the two apart.
"""

import pytest
from django.core import mail
from rest_framework.test import APIClient

from labelplatform.accounts import throttling

pytestmark = pytest.mark.django_db
ATTACKER, OWNER = "203.0.113.7", "198.51.100.20"


@pytest.fixture(autouse=True)
def _limits(settings) -> None:  # type: ignore[no-untyped-def]
    settings.RESET_FREE_REQUESTS = 3
    settings.RESET_MAX_DELAY = 3600


@pytest.fixture
def known(users) -> str:  # type: ignore[no-untyped-def]
    users["labeler"].email = "lab@example.com"
    users["labeler"].save()
    return "lab@example.com"


def reset(email: str, address: str, capture):  # type: ignore[no-untyped-def]
    with capture(execute=True):
        return APIClient().post("/api/v1/auth/password-reset", {"email": email}, format="json", REMOTE_ADDR=address)


def answers(email: str, address: str, capture, n: int) -> list[tuple[int, str]]:  # type: ignore[no-untyped-def]
    out = []
    for _ in range(n):
        response = reset(email, address, capture)
        out.append((response.status_code, response.json()["detail"]))
    return out


def test_a_mailbox_is_not_flooded_and_known_and_unknown_addresses_answer_alike(
        known, settings, django_capture_on_commit_callbacks):
    settings.RESET_ACCOUNT_CEILING = 100  # the pair's wait alone here
    capture = django_capture_on_commit_callbacks
    # given the free requests and one more, which sets a wait
    on_known = answers(known, ATTACKER, capture, 4)
    # and more, without waiting each one out: the wait is now long, for both addresses
    for _ in range(10):
        throttling.reset_counted(email=known.upper(), address=ATTACKER)
    for _ in range(14):
        throttling.reset_counted(email="nobody@example.com", address=ATTACKER)

    # when both are asked for again
    on_known += answers(known, ATTACKER, capture, 1)
    on_unknown = answers("nobody@example.com", ATTACKER, capture, 1)

    # then four 202s and four mails, then a 429 that reads the same for either address
    assert [code for code, _ in on_known] == [202, 202, 202, 202, 429]
    assert on_known[0][1] == on_known[3][1]
    waited = "too many password-reset requests from this address; try later"
    assert on_known[4][1].startswith(waited) and on_unknown[0][1].startswith(waited)
    assert on_unknown[0][0] == 429
    assert len(mail.outbox) == 4
    # the owner, from their own address, still gets a link
    assert reset(known, OWNER, capture).status_code == 202
    assert len(mail.outbox) == 5


def test_the_wait_says_how_long(known, django_capture_on_commit_callbacks):
    for _ in range(8):
        throttling.reset_counted(email=known, address=ATTACKER)
    blocked = reset(known, ATTACKER, django_capture_on_commit_callbacks)
    assert blocked.status_code == 429
    assert int(blocked["Retry-After"]) >= 1


def test_the_account_ceiling_stops_requests_spread_over_many_addresses(known, settings,
                                                                       django_capture_on_commit_callbacks):
    settings.RESET_ACCOUNT_CEILING = 5
    codes = [reset(known, f"192.0.2.{n}", django_capture_on_commit_callbacks).status_code for n in range(6)]
    assert codes == [202] * 5 + [429]
    assert len(mail.outbox) == 5


def test_the_address_ceiling_stops_one_address_sweeping_many_addresses(settings,
                                                                       django_capture_on_commit_callbacks):
    settings.RESET_ADDRESS_CEILING = 6
    codes = [reset(f"user{n}@example.com", ATTACKER, django_capture_on_commit_callbacks).status_code
             for n in range(7)]
    assert codes == [202] * 6 + [429]
    assert reset("user0@example.com", OWNER, django_capture_on_commit_callbacks).status_code == 202


def test_a_refused_body_counts_nothing(django_capture_on_commit_callbacks, settings):
    settings.RESET_ADDRESS_CEILING = 1
    refused = APIClient().post("/api/v1/auth/password-reset", {"email": 0}, format="json", REMOTE_ADDR=ATTACKER)
    assert refused.status_code == 400
    assert reset("a@example.com", ATTACKER, django_capture_on_commit_callbacks).status_code == 202
