"""The SDK's and the command line's bucket sources against gunicorn, a real Celery worker and moto_server:
attach, list, sync and wait, detach."""

import json

import pytest

from labelplatform.client import BadRequest, Client, Conflict
from tests.client.test_live import run_cli
from tests.conftest import image_bytes
from tests.stack.s3 import ACCESS_KEY, SECRET_KEY, client, new_bucket

pytestmark = [pytest.mark.worker, pytest.mark.postgres, pytest.mark.django_db(transaction=True),
              pytest.mark.own_stack]  # OUTBOUND_ALLOW_HOSTS for its server


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


def test_cli_attaches_syncs_and_detaches_a_bucket(local_endpoints_allowed, live_url, manager_token,
                                                  s3_endpoint) -> None:  # type: ignore[no-untyped-def]
    bucket = new_bucket(s3_endpoint)
    client(s3_endpoint).put_object(Bucket=bucket, Key="in/a.png", Body=image_bytes(30, 20))
    with Client(live_url, manager_token) as lp:
        project = lp.projects.create("Buckets by CLI")["id"]

    def cli(*args: str, **env: str) -> tuple[int, str, str]:
        done = run_cli("buckets", *args, "--json", url=live_url, token=manager_token, env=env)
        return done.returncode, done.stdout, done.stderr

    # credentials only from the environment: none there is a clear refusal, nothing attached
    code, out, err = cli("attach", str(project), "field", bucket, "--endpoint-url", s3_endpoint,
                         LABELPLATFORM_BUCKET_ACCESS_KEY_ID="", AWS_ACCESS_KEY_ID="")
    assert code == 1 and "LABELPLATFORM_BUCKET_ACCESS_KEY_ID" in err and out == ""
    keys = {"LABELPLATFORM_BUCKET_ACCESS_KEY_ID": ACCESS_KEY, "LABELPLATFORM_BUCKET_SECRET_ACCESS_KEY": SECRET_KEY}
    code, out, err = cli("attach", str(project), "field", bucket, "--endpoint-url", s3_endpoint, "--prefix", "in/",
                         **keys)
    assert code == 0, err
    source = json.loads(out)
    assert source["bucket"] == bucket and "secret_access_key" not in source and SECRET_KEY not in out

    code, out, _ = cli("list", str(project))
    assert code == 0 and [s["id"] for s in json.loads(out)] == [source["id"]]
    code, out, err = cli("sync", str(source["id"]), "--wait", "--timeout", "90")
    assert code == 0, err
    assert json.loads(out)["status"] == "succeeded" and json.loads(out)["result"]["registered"] == 1
    code, out, _ = cli("update", str(source["id"]), "--name", "renamed")
    assert code == 0 and json.loads(out)["name"] == "renamed"
    code, out, _ = cli("get", str(source["id"]))
    assert code == 0 and json.loads(out)["object_count"] == 1

    code, out, err = cli("detach", str(source["id"]))  # its asset is still there: the server's 409
    assert code == 1 and "409" in err and out == ""
    code, out, err = cli("detach", str(source["id"]), "--delete-assets")
    assert code == 0 and json.loads(out)["detached"] is True, err
    with Client(live_url, manager_token) as lp:
        assert lp.buckets.list(project) == [] and list(lp.assets.list(project)) == []
    code, _, err = cli("sync", "not-a-number")
    assert code == 1 and "BUCKET must be a number" in err
