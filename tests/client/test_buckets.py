"""The SDK's bucket sources against gunicorn, a real Celery worker and moto_server: attach, list, sync and
wait, detach."""

import pytest

from labelplatform.client import BadRequest, Client, Conflict
from tests.conftest import image_bytes
from tests.stack.s3 import ACCESS_KEY, SECRET_KEY, client, new_bucket

pytestmark = [pytest.mark.worker, pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def local_endpoints_allowed(monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("OUTBOUND_ALLOW_HOSTS", "127.0.0.1")  # read by the server and worker started after it


def test_sdk_attaches_syncs_and_detaches_a_bucket(local_endpoints_allowed, live_url, manager_token,
                                                  s3_endpoint) -> None:  # type: ignore[no-untyped-def]
    bucket = new_bucket(s3_endpoint)
    for name in ("a.png", "b.jpg"):
        client(s3_endpoint).put_object(Bucket=bucket, Key=f"in/{name}",
                                       Body=image_bytes(30, 20, "JPEG" if name.endswith("jpg") else "PNG"))
    with Client(live_url, manager_token) as lp:
        project = lp.projects.create("Buckets by SDK")["id"]
        with pytest.raises(BadRequest) as refused:
            lp.buckets.attach(project, "x", "no-such-bucket-here", ACCESS_KEY, SECRET_KEY, endpoint_url=s3_endpoint)
        assert "does not exist" in refused.value.detail
        source = lp.buckets.attach(project, "field", bucket, ACCESS_KEY, SECRET_KEY, endpoint_url=s3_endpoint,
                                   prefix="in/")
        assert "secret_access_key" not in source
        assert [s["id"] for s in lp.buckets.list(project)] == [source["id"]]

        job = lp.buckets.sync(source["id"], wait=True, timeout=90)
        assert job["status"] == "succeeded" and job["result"]["registered"] == 2
        assert sorted(a["name"] for a in lp.assets.list(project)) == ["a.png", "b.jpg"]
        assert lp.buckets.sync(source["id"], wait=True, timeout=90)["result"]["registered"] == 0
        assert lp.buckets.get(source["id"])["object_count"] == 2

        with pytest.raises(Conflict):
            lp.buckets.detach(source["id"])
        lp.buckets.detach(source["id"], delete_assets=True)
        assert lp.buckets.list(project) == [] and list(lp.assets.list(project)) == []
