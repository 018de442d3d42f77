"""Managers manage a project's webhook subscriptions; addresses pass the outbound guard."""

import pytest

from labelplatform.webhooks.models import Delivery, Subscription

PUBLIC = "https://93.184.216.34/hooks/lp"  # a public address literal: no DNS needed


def test_a_manager_subscribes_and_the_secret_is_shown_once(client_for, project):
    manager = client_for("manager")
    created = manager.post(f"/api/v1/projects/{project.id}/webhooks",
                           {"url": PUBLIC, "events": ["asset.done", "label.submitted"]}, format="json")
    assert created.status_code == 201, created.json()
    body = created.json()
    assert body["secret"].startswith("whsec_") and len(body["secret"]) > 30
    assert body["events"] == ["label.submitted", "asset.done"]  # one order: the documented one
    assert body["active"] is True
    listed = manager.get(f"/api/v1/projects/{project.id}/webhooks").json()
    assert [s["id"] for s in listed] == [body["id"]]
    assert "secret" not in listed[0]
    assert "secret" not in manager.get(f"/api/v1/webhooks/{body['id']}").json()


def test_a_given_secret_is_kept_and_patch_changes_what_it_names(client_for, project):
    manager = client_for("manager")
    hook = manager.post(f"/api/v1/projects/{project.id}/webhooks",
                        {"url": PUBLIC, "events": ["job.finished"], "secret": "s3cret"}, format="json").json()
    assert Subscription.objects.get(pk=hook["id"]).secret == "s3cret"
    patched = manager.patch(f"/api/v1/webhooks/{hook['id']}", {"active": False}, format="json")
    assert patched.status_code == 200
    assert patched.json()["active"] is False and patched.json()["events"] == ["job.finished"]
    assert manager.delete(f"/api/v1/webhooks/{hook['id']}").status_code == 204
    assert not Subscription.objects.filter(pk=hook["id"]).exists()


@pytest.mark.parametrize("url", ["http://127.0.0.1:8000/hook", "http://10.1.2.3/hook", "http://169.254.169.254/x",
                                 "http://[::1]/hook", "file:///etc/passwd"])
def test_a_private_address_is_refused(client_for, project, url):
    answer = client_for("manager").post(f"/api/v1/projects/{project.id}/webhooks",
                                        {"url": url, "events": ["asset.done"]}, format="json")
    assert answer.status_code == 400
    assert "url" in answer.json()
    assert not Subscription.objects.exists()


def test_an_allowed_network_may_be_subscribed(client_for, project, settings):
    settings.OUTBOUND_ALLOW_NETWORKS = ["127.0.0.1/32"]
    answer = client_for("manager").post(f"/api/v1/projects/{project.id}/webhooks",
                                        {"url": "http://127.0.0.1:9/hook", "events": ["asset.done"]}, format="json")
    assert answer.status_code == 201


def test_unknown_or_no_events_are_refused(client_for, project):
    manager = client_for("manager")
    for events in ([], ["label.deleted"]):
        answer = manager.post(f"/api/v1/projects/{project.id}/webhooks", {"url": PUBLIC, "events": events},
                              format="json")
        assert answer.status_code == 400 and "events" in answer.json()


def test_only_managers_see_subscriptions(client_for, project):
    hook = Subscription.objects.create(project=project, url=PUBLIC, secret="s", events=["asset.done"])
    for name in ("reviewer", "labeler", "viewer"):
        assert client_for(name).get(f"/api/v1/projects/{project.id}/webhooks").status_code == 403
        assert client_for(name).get(f"/api/v1/webhooks/{hook.id}/deliveries").status_code == 403
    assert client_for("outsider").get(f"/api/v1/webhooks/{hook.id}").status_code == 404


def test_the_delivery_log_and_a_redelivery(client_for, project):
    hook = Subscription.objects.create(project=project, url=PUBLIC, secret="s", events=["asset.done"])
    sent = Delivery.objects.create(subscription=hook, event="asset.done", payload={"event": "asset.done"},
                                   status="failed", attempts=3, response_code=503, response_ms=12)
    manager = client_for("manager")
    log = manager.get(f"/api/v1/webhooks/{hook.id}/deliveries").json()
    assert log["count"] == 1
    assert {k: log["results"][0][k] for k in ("status", "attempts", "response_code", "response_ms")} == {
        "status": "failed", "attempts": 3, "response_code": 503, "response_ms": 12}
    again = manager.post(f"/api/v1/webhooks/{hook.id}/deliveries/{sent.id}/redeliver")
    assert again.status_code == 202
    body = again.json()
    assert (body["status"], body["attempts"], body["event_id"]) == ("pending", 0, str(sent.event_id))
    assert manager.get(f"/api/v1/webhooks/{hook.id}/deliveries").json()["count"] == 2
    other = Subscription.objects.create(project=project, url=PUBLIC, secret="s", events=["asset.done"])
    assert manager.post(f"/api/v1/webhooks/{other.id}/deliveries/{sent.id}/redeliver").status_code == 404


def test_a_blank_secret_is_refused_on_update(client_for, project):
    hook = Subscription.objects.create(project=project, url=PUBLIC, secret="whsec_kept", events=["asset.done"])
    answer = client_for("manager").patch(f"/api/v1/webhooks/{hook.id}", {"secret": ""}, format="json")
    assert answer.status_code == 400 and "secret" in answer.json()
    hook.refresh_from_db()
    assert hook.secret == "whsec_kept"
