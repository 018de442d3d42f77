"""The SDK's retries against the live server behind a proxy that answers 503 (or 429, or drops the
connection) first: idempotent calls go through, a POST is never sent twice."""

import pytest

from labelplatform.client import Client, ServerError
from labelplatform.projects.models import OntologyVersion, Project
from tests.client.flaky_proxy import DROP, flaky_proxy
from tests.conftest import CLASSES

pytestmark = [pytest.mark.worker, pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_a_get_is_retried_after_503_then_answered(live_url, manager_token, project) -> None:  # type: ignore[no-untyped-def]
    with flaky_proxy(live_url, {("GET", "/api/v1/projects"): [503, 503]}) as proxy, \
            Client(proxy.url, manager_token, backoff=0.01) as lp:
        names = [p["name"] for p in lp.projects.list()]
    assert names == [project.name]
    assert proxy.seen == [("GET", "/api/v1/projects", 503), ("GET", "/api/v1/projects", 503),
                          ("GET", "/api/v1/projects", 200)]


def test_a_429_and_a_dropped_connection_are_retried(live_url, manager_token, project) -> None:  # type: ignore[no-untyped-def]
    path = f"/api/v1/projects/{project.id}"
    with flaky_proxy(live_url, {("GET", path): [429, DROP]}) as proxy, \
            Client(proxy.url, manager_token, backoff=0.01) as lp:
        assert lp.projects.get(project.id)["name"] == project.name
    assert [status for _, _, status in proxy.seen] == [429, DROP, 200]


def test_a_put_is_retried_and_lands_once(live_url, manager_token, project) -> None:  # type: ignore[no-untyped-def]
    path = f"/api/v1/projects/{project.id}/ontology"
    before = OntologyVersion.objects.filter(project=project).count()
    with flaky_proxy(live_url, {("PUT", path): [503]}) as proxy, Client(proxy.url, manager_token, backoff=0.01) as lp:
        saved = lp.ontology.put(project.id, CLASSES)
    assert {c["name"] for c in saved["classes"]} >= {c["name"] for c in CLASSES}
    assert OntologyVersion.objects.filter(project=project).count() == before + 1
    assert [status for _, _, status in proxy.seen] == [503, 200]


def test_a_post_answered_503_is_not_sent_again(live_url, manager_token) -> None:  # type: ignore[no-untyped-def]
    with flaky_proxy(live_url, {("POST", "/api/v1/projects"): [503]}) as proxy, \
            Client(proxy.url, manager_token, backoff=0.01) as lp:
        with pytest.raises(ServerError) as failed:
            lp.projects.create("Not twice")
        assert failed.value.status == 503
        assert proxy.seen == [("POST", "/api/v1/projects", 503)]
        assert not Project.objects.filter(name="Not twice").exists()
        assert lp.projects.create("Not twice")["name"] == "Not twice"  # the next try goes through, once
    assert Project.objects.filter(name="Not twice").count() == 1
