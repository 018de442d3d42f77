"""Attaching a customer's bucket: managers only, checked against the bucket, the secret never shown."""

from labelplatform.buckets.models import BucketSource
from labelplatform.buckets.sealing import unseal
from tests.buckets.conftest import PREFIX, attach_body
from tests.stack.s3 import SECRET_KEY


def test_a_manager_attaches_a_bucket_and_the_secret_is_never_shown(attach, client_for, project):
    source = attach()
    assert source["prefix"] == PREFIX and source["object_count"] == 0 and source["last_sync"] is None
    assert "secret_access_key" not in source and SECRET_KEY not in str(source)
    listed = client_for("manager").get(f"/api/v1/projects/{project.pk}/buckets").json()
    assert [s["id"] for s in listed] == [source["id"]] and SECRET_KEY not in str(listed)
    # stored encrypted, readable with the server's key only
    stored = BucketSource.objects.get(pk=source["id"])
    assert SECRET_KEY not in stored.secret_sealed and unseal(stored.secret_sealed) == SECRET_KEY


def test_other_roles_get_403_and_outsiders_404(attach, client_for, project, s3_endpoint, customer_bucket):
    source = attach()
    for role in ("reviewer", "labeler", "viewer"):
        member = client_for(role)
        assert member.get(f"/api/v1/projects/{project.pk}/buckets").status_code == 403
        assert member.get(f"/api/v1/buckets/{source['id']}").status_code == 403
        assert member.post(f"/api/v1/buckets/{source['id']}/sync").status_code == 403
        refused = member.post(f"/api/v1/projects/{project.pk}/buckets",
                              attach_body(s3_endpoint, customer_bucket, name="mine"), format="json")
        assert refused.status_code == 403
    outsider = client_for("outsider")
    assert outsider.get(f"/api/v1/buckets/{source['id']}").status_code == 404
    assert outsider.get(f"/api/v1/projects/{project.pk}/buckets").status_code == 404
    assert BucketSource.objects.count() == 1


def test_wrong_credentials_are_a_400_that_says_so_and_store_nothing(client_for, project, strict_s3, settings):
    settings.OUTBOUND_ALLOW_HOSTS = ["127.0.0.1"]
    endpoint, bucket, key_id, secret = strict_s3
    manager = client_for("manager")
    url = f"/api/v1/projects/{project.pk}/buckets"
    for changes in ({"access_key_id": "AKIANOBODY0000000000"}, {"access_key_id": key_id, "secret_access_key": "wrong"}):
        response = manager.post(url, attach_body(endpoint, bucket, **changes), format="json")
        assert response.status_code == 400, response.json()
        assert "refused the credentials" in response.json()["detail"]
    missing = manager.post(url, attach_body(endpoint, "no-such-bucket-here", access_key_id=key_id,
                                            secret_access_key=secret), format="json")
    assert missing.status_code == 400 and "does not exist" in missing.json()["detail"]
    assert BucketSource.objects.count() == 0
    good = manager.post(url, attach_body(endpoint, bucket, access_key_id=key_id, secret_access_key=secret),
                        format="json")
    assert good.status_code == 201, good.json()


def test_a_private_endpoint_is_refused_unless_allowed(client_for, project, s3_endpoint, customer_bucket, settings):
    settings.OUTBOUND_ALLOW_HOSTS = []
    manager = client_for("manager")
    refused = manager.post(f"/api/v1/projects/{project.pk}/buckets", attach_body(s3_endpoint, customer_bucket),
                           format="json")
    assert refused.status_code == 400
    assert "private, local or reserved" in refused.json()["detail"] and "endpoint_url" in refused.json()["detail"]
    assert BucketSource.objects.count() == 0
    settings.OUTBOUND_ALLOW_NETWORKS = ["127.0.0.0/8"]
    allowed = manager.post(f"/api/v1/projects/{project.pk}/buckets", attach_body(s3_endpoint, customer_bucket),
                           format="json")
    assert allowed.status_code == 201


def test_hostile_input_is_a_400(client_for, project, s3_endpoint, customer_bucket):
    manager = client_for("manager")
    for changes, field in [({"prefix": "a/../b/"}, "prefix"), ({"prefix": "a\u0000b"}, "prefix"),
                           ({"prefix": "/abs/"}, "prefix"), ({"bucket": "Bad_Name!"}, "bucket"),
                           ({"endpoint_url": "file:///etc/passwd"}, "endpoint_url"),
                           ({"prefix": "x" * 401}, "prefix"), ({"region": "eu west\u00e9"}, "region")]:
        response = manager.post(f"/api/v1/projects/{project.pk}/buckets",
                                attach_body(s3_endpoint, customer_bucket, **changes), format="json")
        assert response.status_code == 400, (changes, response.json())
        assert field in response.json()["detail"], (changes, response.json())
    assert BucketSource.objects.count() == 0


def test_a_name_is_unique_per_project(attach, client_for, project, s3_endpoint, customer_bucket):
    attach()
    again = client_for("manager").post(f"/api/v1/projects/{project.pk}/buckets",
                                       attach_body(s3_endpoint, customer_bucket), format="json")
    assert again.status_code == 400 and "named" in again.json()["detail"]


def test_a_new_secret_by_patch_is_checked_and_stored(attach, client_for):
    source = attach()
    manager = client_for("manager")
    moved = manager.patch(f"/api/v1/buckets/{source['id']}", {"bucket": "no-such-bucket-here"}, format="json")
    assert moved.status_code == 400 and BucketSource.objects.get(pk=source["id"]).bucket != "no-such-bucket-here"
    changed = manager.patch(f"/api/v1/buckets/{source['id']}", {"secret_access_key": "another"}, format="json")
    assert changed.status_code == 200 and "another" not in str(changed.json())
    assert unseal(BucketSource.objects.get(pk=source["id"]).secret_sealed) == "another"
