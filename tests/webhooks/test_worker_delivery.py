"""Deliveries by a real Celery worker to a local receiver: retried after a 500, signed on every attempt,
sent again on request, and never to an address the guard refuses."""

import time

import pytest
from django.db import transaction
from rest_framework.test import APIClient

from labelplatform.projects.services import member_set
from labelplatform.webhooks.models import Delivery, Subscription
from labelplatform.webhooks.services import subscription_create
from labelplatform.webhooks.signing import signature_valid
from tests.stack.processes import celery_worker, require_services, stack_env, wait_until
from tests.webhooks.receiver import receiver

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def test_a_worker_delivers_retries_and_redelivers(project, users, tmp_path, settings):
    require_services()
    settings.OUTBOUND_ALLOW_NETWORKS = ["127.0.0.1/32"]  # this process checks the URL at subscribe time
    env = {**stack_env(settings.MEDIA_ROOT), "OUTBOUND_ALLOW_NETWORKS": "127.0.0.1/32", "WEBHOOK_RETRY_BASE_S": "1"}
    log = tmp_path / "worker.log"
    with receiver(500, 200, 200) as hook, celery_worker(env, log):
        # given a subscription to a receiver that fails once, and one to an address the guard refuses
        ours = subscription_create(project=project, user=users["manager"], url=hook.url, events=["member.added"])
        refused = Subscription.objects.create(project=project, url="http://10.255.255.1/hook", secret="x",
                                              events=["member.added"])
        # when a member is added (the deliveries are published once the transaction commits)
        with transaction.atomic():
            member_set(project=project, user=users["outsider"], role="viewer")

        def ended() -> bool:
            return not Delivery.objects.filter(status="pending").exists()

        try:
            wait_until(ended, 60, "deliveries ended")
        except TimeoutError:
            pytest.fail("worker log:\n" + log.read_text()[-3000:])
        # then the receiver got the event twice (500, then 200), signed each time with the secret
        delivery = Delivery.objects.get(subscription=ours)
        assert (delivery.status, delivery.attempts, delivery.response_code) == ("succeeded", 2, 200)
        assert len(hook.requests) == 2
        first, second = hook.requests
        assert first.body == second.body
        for request in hook.requests:
            assert signature_valid(ours.secret, request.headers["X-Labelplatform-Signature"], request.body,
                                   now=int(time.time()))
            assert request.headers["X-Labelplatform-Delivery"] == str(delivery.event_id)
        # and nothing went to the private address: failed at once, not retried
        blocked = Delivery.objects.get(subscription=refused)
        assert (blocked.status, blocked.attempts, blocked.response_code) == ("failed", 1, None)
        assert "private" in blocked.error

        # when a manager asks for it again, the same event is delivered once more
        manager = APIClient()
        manager.force_authenticate(users["manager"])
        again = manager.post(f"/api/v1/webhooks/{ours.id}/deliveries/{delivery.id}/redeliver")
        assert again.status_code == 202
        try:
            wait_until(lambda: Delivery.objects.get(pk=again.json()["id"]).status == "succeeded", 30, "redelivery")
        except TimeoutError:
            pytest.fail("worker log:\n" + log.read_text()[-3000:])
        assert len(hook.requests) == 3 and hook.requests[2].body == first.body
