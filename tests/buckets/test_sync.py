"""Syncing a bucket: its images become assets whose bytes stay in the bucket, served after the access check."""

import urllib.parse
import urllib.request

from labelplatform.assets.models import Asset
from labelplatform.buckets.models import BucketObject, BucketSource
from labelplatform.buckets.sealing import seal
from tests.buckets.conftest import PREFIX, other_project, put, sync
from tests.conftest import image_bytes
from tests.stack.s3 import client, keys


def test_a_sync_registers_the_images_without_copying_them(attach, client_for, project, s3_endpoint,
                                                          customer_bucket, settings):
    # given images under the prefix, beside a text file, a folder marker, a corrupt "image", an image outside
    # the prefix and hostile names
    images = {f"{PREFIX}a.png": image_bytes(64, 48), f"{PREFIX}sub/b.jpg": image_bytes(40, 30, "JPEG"),
              f"{PREFIX}c.PNG": image_bytes(20, 10)}
    for key, data in images.items():
        put(s3_endpoint, customer_bucket, key, data)
    put(s3_endpoint, customer_bucket, f"{PREFIX}notes.txt", b"not an image")
    put(s3_endpoint, customer_bucket, f"{PREFIX}folder/", b"")
    put(s3_endpoint, customer_bucket, f"{PREFIX}broken.png", b"\x89PNG not really")
    put(s3_endpoint, customer_bucket, f"{PREFIX}x/../escape.png", image_bytes())
    put(s3_endpoint, customer_bucket, f"{PREFIX}{'n' * 400}.png", image_bytes())
    put(s3_endpoint, customer_bucket, f"{PREFIX}rotated.jpg", image_bytes(30, 20, "JPEG", exif_orientation=6))
    put(s3_endpoint, customer_bucket, "elsewhere/d.png", image_bytes())
    before = keys(s3_endpoint, customer_bucket)
    source = attach()

    # when a manager syncs it
    job = sync(client_for("manager"), source["id"])

    # then the three images are assets that name their keys, and nothing else was registered
    assert job.status == "succeeded", job.error
    result = job.result
    assert result["registered"] == 3 and result["not_images"] == 1 and result["skipped"] == 4, result
    reasons = {entry["key"][:40]: entry["reason"] for entry in result["skipped_keys"]}
    assert "not a readable image" in reasons[f"{PREFIX}broken.png"]
    assert "not a plain relative path" in reasons[f"{PREFIX}x/../escape.png"]
    assert "longer than 400" in reasons[f"{PREFIX}{'n' * 33}"]
    assert "EXIF orientation" in reasons[f"{PREFIX}rotated.jpg"]
    assets = {a.name: a for a in Asset.objects.filter(project=project)}
    assert sorted(assets) == ["a.png", "c.PNG", "sub/b.jpg"]
    assert assets["a.png"].file == f"bucket:{source['id']}/{PREFIX}a.png"
    assert (assets["a.png"].width, assets["a.png"].height, assets["sub/b.jpg"].mime_type) == (64, 48, "image/jpeg")
    # no byte was copied: the media storage holds only the thumbnails, the bucket is as it was
    assert not (settings.MEDIA_ROOT / "assets").exists()
    assert all(a.thumbnail and (settings.MEDIA_ROOT / a.thumbnail).exists() for a in assets.values())
    assert keys(s3_endpoint, customer_bucket) == before
    shown = client_for("manager").get(f"/api/v1/buckets/{source['id']}").json()
    assert shown["object_count"] == 3 and shown["last_sync"]["id"] == job.pk
    assert shown["last_sync"]["result"]["registered"] == 3


def test_members_get_the_bytes_through_the_access_check_and_others_do_not(attach, client_for, project, users,
                                                                          s3_endpoint, customer_bucket, settings):
    data = image_bytes(64, 48)
    put(s3_endpoint, customer_bucket, f"{PREFIX}a.png", data)
    source = attach()
    sync(client_for("manager"), source["id"])
    asset = Asset.objects.get(project=project)

    # signed (the default): a short-lived presigned URL to the customer's bucket
    response = client_for("labeler").get(f"/api/v1/assets/{asset.pk}/image")
    assert response.status_code == 302
    location = response["Location"]
    assert location.startswith(f"{s3_endpoint}/{customer_bucket}/{PREFIX}a.png?")
    query = urllib.parse.parse_qs(urllib.parse.urlsplit(location).query)
    assert query["X-Amz-Expires"] == [str(settings.MEDIA_SIGNED_URL_SECONDS)]
    with urllib.request.urlopen(location, timeout=10) as fetched:
        assert fetched.read() == data and fetched.headers["Content-Type"] == "image/png"

    # proxy: the server streams the object
    settings.BUCKET_SERVE = "proxy"
    streamed = client_for("viewer").get(f"/api/v1/assets/{asset.pk}/image")
    assert streamed.status_code == 200 and b"".join(streamed.streaming_content) == data
    assert client_for("labeler").get(f"/api/v1/assets/{asset.pk}/thumbnail").status_code == 200

    # the manager of another project gets a 404 and no URL, in either mode
    other_project(users["outsider"])
    refused = client_for("outsider").get(f"/api/v1/assets/{asset.pk}/image")
    assert refused.status_code == 404 and "Location" not in refused
    settings.BUCKET_SERVE = "signed"
    refused = client_for("outsider").get(f"/api/v1/assets/{asset.pk}/image")
    assert refused.status_code == 404 and "Location" not in refused

    # a bucket the server cannot reach any more is a 502 that says so, not a 500
    settings.BUCKET_SERVE = "proxy"
    BucketSource.objects.filter(pk=source["id"]).update(endpoint_url="http://127.0.0.1:9")
    unreachable = client_for("labeler").get(f"/api/v1/assets/{asset.pk}/image")
    assert unreachable.status_code == 502 and "cannot reach the endpoint" in unreachable.json()["detail"]


def test_a_second_sync_adds_nothing_and_a_later_one_finds_new_and_removed_objects(attach, client_for, project,
                                                                                  s3_endpoint, customer_bucket,
                                                                                  settings):
    manager = client_for("manager")
    put(s3_endpoint, customer_bucket, f"{PREFIX}a.png", image_bytes(64, 48))
    put(s3_endpoint, customer_bucket, f"{PREFIX}b.png", image_bytes(32, 24))
    source = attach()
    assert sync(manager, source["id"]).result["registered"] == 2

    again = sync(manager, source["id"])
    assert again.result["registered"] == 0 and again.result["missing"] == 0
    assert Asset.objects.filter(project=project).count() == BucketObject.objects.count() == 2

    # a new object appears, one is deleted, one is overwritten with other bytes
    put(s3_endpoint, customer_bucket, f"{PREFIX}new.png", image_bytes(16, 12))
    client(s3_endpoint).delete_object(Bucket=customer_bucket, Key=f"{PREFIX}b.png")
    put(s3_endpoint, customer_bucket, f"{PREFIX}a.png", image_bytes(10, 10))
    later = sync(manager, source["id"])
    assert later.result["registered"] == 1 and later.result["missing"] == 1 and later.result["changed"] == 1
    assert sorted(Asset.objects.filter(project=project).values_list("name", flat=True)) == ["a.png", "b.png",
                                                                                           "new.png"]
    # the removed object's asset (and any labels) stays; its image is gone
    settings.BUCKET_SERVE = "proxy"
    gone = Asset.objects.get(name="b.png")
    assert manager.get(f"/api/v1/assets/{gone.pk}/image").status_code == 404
    assert manager.get(f"/api/v1/buckets/{source['id']}").json()["missing_count"] == 1
    # and it comes back when the key does
    put(s3_endpoint, customer_bucket, f"{PREFIX}b.png", image_bytes(32, 24))
    assert sync(manager, source["id"]).result["missing"] == 0


def test_a_sync_registers_at_most_the_cap_and_the_next_goes_on(attach, client_for, project, s3_endpoint,
                                                               customer_bucket, settings):
    settings.BUCKET_SYNC_MAX_OBJECTS = 2
    for i in range(3):
        put(s3_endpoint, customer_bucket, f"{PREFIX}{i}.png", image_bytes(20 + i, 10))
    source = attach()
    first = sync(client_for("manager"), source["id"])
    assert first.result["registered"] == 2 and first.result["capped"] is True
    second = sync(client_for("manager"), source["id"])
    assert second.result["registered"] == 1 and second.result["capped"] is False
    assert Asset.objects.filter(project=project).count() == 3


def test_credentials_that_stopped_working_fail_the_sync_with_the_reason(client_for, project, strict_s3, settings):
    settings.OUTBOUND_ALLOW_HOSTS = ["127.0.0.1"]
    endpoint, bucket, key_id, secret = strict_s3
    client_kwargs = {"endpoint_url": endpoint, "region_name": "us-east-1", "aws_access_key_id": key_id,
                     "aws_secret_access_key": secret}
    import boto3

    boto3.client("s3", **client_kwargs).put_object(Bucket=bucket, Key=f"{PREFIX}a.png", Body=image_bytes())
    manager = client_for("manager")
    response = manager.post(f"/api/v1/projects/{project.pk}/buckets", {
        "name": "strict", "endpoint_url": endpoint, "bucket": bucket, "prefix": PREFIX,
        "access_key_id": key_id, "secret_access_key": secret}, format="json")
    assert response.status_code == 201, response.json()
    # the customer rotates the secret: the stored one no longer signs
    BucketSource.objects.filter(pk=response.json()["id"]).update(secret_sealed=seal("rotated-away"))
    job = sync(manager, response.json()["id"])
    assert job.status == "failed" and "refused the credentials" in job.error
    assert Asset.objects.filter(project=project).count() == 0


def test_one_sync_at_a_time(attach, client_for):
    source = attach()
    manager = client_for("manager")
    first = manager.post(f"/api/v1/buckets/{source['id']}/sync")
    assert first.status_code == 202
    second = manager.post(f"/api/v1/buckets/{source['id']}/sync")
    assert second.status_code == 409 and "already" in second.json()["detail"]


def test_detaching_keeps_registered_assets_unless_asked(attach, client_for, project, s3_endpoint, customer_bucket):
    put(s3_endpoint, customer_bucket, f"{PREFIX}a.png", image_bytes())
    source = attach()
    manager = client_for("manager")
    sync(manager, source["id"])
    refused = manager.delete(f"/api/v1/buckets/{source['id']}")
    assert refused.status_code == 409 and Asset.objects.filter(project=project).count() == 1
    assert manager.delete(f"/api/v1/buckets/{source['id']}?delete_assets=true").status_code == 204
    assert Asset.objects.filter(project=project).count() == 0 and BucketSource.objects.count() == 0
    assert keys(s3_endpoint, customer_bucket) == [f"{PREFIX}a.png"]  # the customer's object is not ours to delete
