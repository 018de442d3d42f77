"""Media on S3-compatible storage: uploads land in the bucket, members get the bytes, nobody else does."""

import urllib.parse
import urllib.request

from labelplatform.assets.models import Asset
from labelplatform.jobs.models import Job
from labelplatform.jobs.services import job_run
from tests.api.test_assets import upload
from tests.conftest import image_bytes
from tests.stack.s3 import client, keys


def test_uploads_and_thumbnails_are_stored_in_the_bucket(client_for, project, s3_media, s3_endpoint, settings):
    data = image_bytes(64, 48)
    response = upload(client_for("manager"), project, ("a.png", data), ("b.jpg", image_bytes(30, 20, "JPEG")))
    assert response.status_code == 201, response.json()
    assets = Asset.objects.order_by("pk")
    assert keys(s3_endpoint, s3_media) == sorted(a.file for a in assets)
    assert not (settings.MEDIA_ROOT / "assets").exists()  # nothing on the local disk

    job_run(job_id=Job.objects.get(kind="thumbnails").pk)
    assert keys(s3_endpoint, s3_media, "thumbnails/") == sorted(a.thumbnail for a in Asset.objects.all())
    first = assets[0]
    viewer = client_for("viewer")
    image = viewer.get(f"/api/v1/assets/{first.pk}/image")
    assert image.status_code == 200 and image["Content-Type"] == "image/png"
    assert b"".join(image.streaming_content) == data
    thumbnail = viewer.get(f"/api/v1/assets/{first.pk}/thumbnail")
    stored = client(s3_endpoint).get_object(Bucket=s3_media, Key=Asset.objects.get(pk=first.pk).thumbnail)
    assert thumbnail.status_code == 200 and b"".join(thumbnail.streaming_content) == stored["Body"].read()
    assert client_for("outsider").get(f"/api/v1/assets/{first.pk}/image").status_code == 404


def test_a_refused_upload_leaves_the_bucket_as_it_was(client_for, project, s3_media, s3_endpoint):
    response = upload(client_for("manager"), project, ("good.png", image_bytes()), ("notes.txt", b"not an image"))
    assert response.status_code == 400 and "notes.txt" in response.json()["detail"]
    assert Asset.objects.count() == 0
    assert keys(s3_endpoint, s3_media) == []


def test_signed_mode_redirects_members_to_a_presigned_url(client_for, project, s3_media, s3_endpoint, settings):
    settings.MEDIA_SERVE = "signed"
    data = image_bytes(64, 48)
    (asset,) = upload(client_for("manager"), project, ("a.png", data)).json()

    # given a member asks for the image, when the storage is S3 in signed mode
    response = client_for("labeler").get(f"/api/v1/assets/{asset['id']}/image")
    # then the answer is a redirect to the bucket, signed and short-lived, that serves the bytes
    assert response.status_code == 302
    location = response["Location"]
    assert location.startswith(f"{s3_endpoint}/{s3_media}/assets/")
    query = urllib.parse.parse_qs(urllib.parse.urlsplit(location).query)
    assert query["X-Amz-Expires"] == ["300"] and query["X-Amz-Signature"]
    assert response["Cache-Control"] == "private, max-age=150"
    with urllib.request.urlopen(location, timeout=10) as fetched:
        assert fetched.read() == data
        assert fetched.headers["Content-Type"] == "image/png"
    # and an outsider gets no URL at all
    outsider = client_for("outsider").get(f"/api/v1/assets/{asset['id']}/image")
    assert outsider.status_code == 404 and "Location" not in outsider
