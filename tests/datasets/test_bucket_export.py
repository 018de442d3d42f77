"""A real `celery worker` syncs a customer's bucket and writes an export's result to a prefix of it."""

import io
import zipfile

import pytest
from django.db import transaction

from labelplatform.assets.models import Asset
from labelplatform.buckets.services import source_attach, sync_start
from labelplatform.datasets.services import ExportRequest, export_start
from tests.conftest import image_bytes
from tests.datasets.conftest import HEIGHT, WIDTH, label_asset, scene
from tests.stack.processes import celery_worker, require_services, stack_env, wait_for_job
from tests.stack.s3 import ACCESS_KEY, REGION, SECRET_KEY, client, keys, new_bucket

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def test_a_worker_syncs_a_bucket_and_exports_into_it(labeled, users, client_for, s3_endpoint, tmp_path, settings):
    require_services()
    env = {**stack_env(settings.MEDIA_ROOT), "OUTBOUND_ALLOW_HOSTS": "127.0.0.1"}
    settings.SECRET_KEY = env["SECRET_KEY"]  # the worker unseals the secret sealed here
    settings.OUTBOUND_ALLOW_HOSTS = ["127.0.0.1"]
    bucket = new_bucket(s3_endpoint)
    photo = image_bytes(WIDTH, HEIGHT)
    client(s3_endpoint).put_object(Bucket=bucket, Key="in/cam1.png", Body=photo)
    source = source_attach(project=labeled, user=users["manager"], name="customer", endpoint_url=s3_endpoint,
                           bucket=bucket, prefix="in/", region=REGION, access_key_id=ACCESS_KEY,
                           secret_access_key=SECRET_KEY)
    log = tmp_path / "worker.log"
    with celery_worker(env, log):
        # when the worker syncs the bucket
        with transaction.atomic():
            sync = sync_start(source=source, user=users["manager"])
        wait_for_job(sync, log, 90)
        assert sync.status == "succeeded", sync.error
        assert sync.result["registered"] == 1
        # and the bucket's image is labeled, then the project exported with images to the bucket's out/ prefix
        asset = Asset.objects.get(project=labeled, name="cam1.png")
        label_asset(asset, users["manager"], scene(7))
        with transaction.atomic():
            job = export_start(project=labeled, user=users["manager"], request=ExportRequest(
                format="ndjson", include_images=True, bucket=source.pk, bucket_prefix="out/"))
        wait_for_job(job, log, 90)

    # then the zip is in the bucket under the prefix, the same bytes as the download
    assert job.status == "succeeded", job.error
    expected = f"out/job-{job.pk}-ndjson.zip"
    assert job.result["bucket_key"] == expected
    assert keys(s3_endpoint, bucket, "out/") == [expected]
    stored = client(s3_endpoint).get_object(Bucket=bucket, Key=expected)["Body"].read()
    downloaded = b"".join(client_for("manager").get(f"/api/v1/jobs/{job.pk}/result").streaming_content)
    assert stored == downloaded
    # and it holds the bucket's image, read from the bucket by the worker (never copied to media)
    archive = zipfile.ZipFile(io.BytesIO(stored))
    assert archive.read("images/cam1.png") == photo
    assert len(archive.read("labels.ndjson").splitlines()) == 5
    assert keys(s3_endpoint, bucket, "in/") == ["in/cam1.png"]


def test_an_export_to_another_projects_bucket_is_a_400(labeled, users, client_for, s3_endpoint, settings):
    settings.OUTBOUND_ALLOW_HOSTS = ["127.0.0.1"]
    from labelplatform.projects.services import project_create

    elsewhere = project_create(user=users["outsider"], name="Elsewhere")
    source = source_attach(project=elsewhere, user=users["outsider"], name="theirs", endpoint_url=s3_endpoint,
                           bucket=new_bucket(s3_endpoint), region=REGION, access_key_id=ACCESS_KEY,
                           secret_access_key=SECRET_KEY)
    manager = client_for("manager")
    response = manager.post(f"/api/v1/projects/{labeled.pk}/exports",
                            {"format": "ndjson", "bucket": source.pk}, format="json")
    assert response.status_code == 400 and "no bucket source" in response.json()["detail"]
    bad_prefix = manager.post(f"/api/v1/projects/{labeled.pk}/exports",
                              {"format": "ndjson", "bucket": source.pk, "bucket_prefix": "../x/"}, format="json")
    assert bad_prefix.status_code == 400
