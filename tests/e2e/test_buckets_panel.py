"""The Settings → Buckets panel in Chromium: a manager attaches a bucket on the S3-compatible server (the
credentials are checked; the secret is never shown again), syncs it, and sees what the sync registered."""

import pytest

from labelplatform.assets.models import Asset
from labelplatform.buckets.models import BucketSource
from tests.conftest import image_bytes
from tests.e2e.browser import browser_page, log_in
from tests.stack.s3 import ACCESS_KEY, SECRET_KEY, client, new_bucket

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.own_stack]  # its env


@pytest.fixture
def local_endpoints_allowed(monkeypatch):  # type: ignore[no-untyped-def]
    """The server and worker (started after this) may call moto on 127.0.0.1 through the outbound guard."""
    monkeypatch.setenv("OUTBOUND_ALLOW_HOSTS", "127.0.0.1")


def test_a_manager_attaches_a_bucket_syncs_it_and_sees_the_result(local_endpoints_allowed, stack_url, project,
                                                                  s3_endpoint, tmp_path):
    bucket = new_bucket(s3_endpoint)
    for name in ("a.png", "b.png"):
        client(s3_endpoint).put_object(Bucket=bucket, Key=f"cam/{name}", Body=image_bytes(40, 30))
    client(s3_endpoint).put_object(Bucket=bucket, Key="cam/readme.txt", Body=b"notes")
    with browser_page(tmp_path) as page:
        # given the manager on the Buckets tab
        log_in(page, stack_url, "manager", f"/projects/{project.id}/settings?tab=buckets")
        page.get_by_test_id("buckets-panel").wait_for(timeout=20_000)
        # a wrong bucket is refused with the bucket's reason, and nothing is attached
        fields = {"name": "field", "endpoint_url": s3_endpoint, "bucket": "no-such-bucket-here", "prefix": "cam/",
                  "access_key_id": ACCESS_KEY, "secret_access_key": SECRET_KEY}
        for key, value in fields.items():
            page.get_by_test_id(f"bucket-{key}").fill(value)
        page.get_by_test_id("bucket-attach").click()
        page.get_by_text("does not exist").wait_for(timeout=20_000)
        assert not BucketSource.objects.exists()
        # when they name the right bucket
        page.get_by_test_id("bucket-bucket").fill(bucket)
        page.get_by_test_id("bucket-attach").click()
        row = page.get_by_test_id("bucket-row").filter(has_text="field")
        row.wait_for(timeout=20_000)
        assert "never synced" in row.inner_text()
        assert page.get_by_test_id("bucket-secret_access_key").input_value() == ""
        # and sync it
        row.get_by_test_id("bucket-sync").click()
        # then the last sync shows the two images registered (the worker ran it) and the text file counted
        page.get_by_test_id("bucket-last-sync").filter(has_text="2 new").wait_for(timeout=60_000)
        assert "1 not images" in row.inner_text() and "of 3 listed" in row.inner_text()
    assert sorted(Asset.objects.filter(project=project).values_list("name", flat=True)) == ["a.png", "b.png"]
