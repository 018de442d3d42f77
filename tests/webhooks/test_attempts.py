"""One delivery attempt against a local receiver: signed, refused by the guard unless allowed, and what
each answer decides (done, retried later, failed for good)."""

import json
import time

import pytest

from labelplatform.webhooks.attempts import delivery_attempt
from labelplatform.webhooks.models import Delivery, Subscription
from labelplatform.webhooks.signing import signature_header, signature_valid
from tests.webhooks.receiver import receiver


def pending(project, url: str) -> Delivery:  # type: ignore[no-untyped-def]
    # Made directly: the API would refuse a loopback URL unless it is allowed (test_subscriptions).
    hook = Subscription.objects.create(project=project, url=url, secret="whsec_test", events=["asset.done"])
    return Delivery.objects.create(subscription=hook, event="asset.done",
                                   payload={"event": "asset.done", "project": project.id, "data": {}})


@pytest.fixture
def loopback_allowed(settings):  # type: ignore[no-untyped-def]
    settings.OUTBOUND_ALLOW_NETWORKS = ["127.0.0.1/32"]
    settings.WEBHOOK_RETRY_BASE_S = 600  # the retry's message waits longer than the test
    settings.WEBHOOK_MAX_ATTEMPTS = 3


def test_a_private_address_is_not_called_unless_allowed(project):
    with receiver(200) as hook:
        delivery = pending(project, hook.url)
        done = delivery_attempt(delivery_id=delivery.pk, attempt=1)
    assert done is not None
    assert (done.status, done.attempts, done.response_code) == ("failed", 1, None)
    assert "private" in done.error
    assert hook.requests == []


def test_a_delivery_is_signed_over_timestamp_and_body(project, loopback_allowed):
    with receiver(200) as hook:
        delivery = pending(project, hook.url)
        done = delivery_attempt(delivery_id=delivery.pk, attempt=1)
    assert done is not None and (done.status, done.response_code, done.attempts) == ("succeeded", 200, 1)
    assert done.response_ms is not None and done.next_retry_at is None
    (request,) = hook.requests
    assert request.headers["X-Labelplatform-Event"] == "asset.done"
    assert request.headers["X-Labelplatform-Delivery"] == str(delivery.event_id)
    signed = request.headers["X-Labelplatform-Signature"]
    assert signature_valid("whsec_test", signed, request.body, now=int(time.time()))
    assert not signature_valid("another secret", signed, request.body, now=int(time.time()))
    assert not signature_valid("whsec_test", signed, request.body + b" ", now=int(time.time()))
    assert json.loads(request.body)["id"] == str(delivery.event_id)


def test_an_old_timestamp_is_refused_by_the_documented_check():
    body = b'{"event":"asset.done"}'
    old = int(time.time()) - 3600
    assert not signature_valid("k", signature_header("k", old, body), body, now=int(time.time()))
    assert signature_valid("k", signature_header("k", old, body), body, now=old + 10)


@pytest.mark.parametrize(("status", "retried"), [(500, True), (503, True), (429, True), (400, False), (404, False)])
def test_what_an_error_answer_decides(project, loopback_allowed, status, retried):
    with receiver(status) as hook:
        delivery = pending(project, hook.url)
        done = delivery_attempt(delivery_id=delivery.pk, attempt=1)
    assert done is not None and done.response_code == status and len(hook.requests) == 1
    if retried:
        assert done.status == "pending" and done.next_retry_at is not None
    else:
        assert done.status == "failed" and done.next_retry_at is None


def test_back_off_doubles_and_the_last_attempt_fails(project, loopback_allowed):
    with receiver(500) as hook:
        delivery = pending(project, hook.url)
        delays = []
        for attempt in (1, 2, 3):
            before = time.time()
            done = delivery_attempt(delivery_id=delivery.pk, attempt=attempt)
            assert done is not None
            if done.next_retry_at:
                delays.append(round(done.next_retry_at.timestamp() - before, -1))
    assert delays == [600, 1200]
    assert (done.status, done.attempts, len(hook.requests)) == ("failed", 3, 3)


def test_a_message_for_an_attempt_already_made_does_nothing(project, loopback_allowed):
    with receiver(200) as hook:
        delivery = pending(project, hook.url)
        assert delivery_attempt(delivery_id=delivery.pk, attempt=1) is not None
        assert delivery_attempt(delivery_id=delivery.pk, attempt=1) is None  # sent twice
        assert delivery_attempt(delivery_id=delivery.pk, attempt=2) is None  # done: nothing is due
    assert len(hook.requests) == 1


def test_a_receiver_that_is_down_is_retried(project, loopback_allowed):
    with receiver(200) as hook:
        url = hook.url
    delivery = pending(project, url)  # the server is closed: the connection is refused
    done = delivery_attempt(delivery_id=delivery.pk, attempt=1)
    assert done is not None and done.status == "pending" and done.response_code is None
    assert "refused" in done.error or "connect" in done.error


def test_the_sweep_sends_again_what_the_broker_lost(project):
    from datetime import timedelta

    from django.utils import timezone

    from labelplatform.webhooks.services import deliveries_sweep

    lost = pending(project, "https://93.184.216.34/h")
    Delivery.objects.filter(pk=lost.pk).update(next_retry_at=timezone.now() - timedelta(minutes=5))
    due_soon = pending(project, "https://93.184.216.34/h")
    Delivery.objects.filter(pk=due_soon.pk).update(next_retry_at=timezone.now())
    Delivery.objects.create(subscription=lost.subscription, event="asset.done", payload={}, status="succeeded",
                            next_retry_at=timezone.now() - timedelta(minutes=5))
    assert deliveries_sweep() == 1  # only the pending one past the grace period
