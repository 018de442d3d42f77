import io

import pytest
from django.core.files.storage import default_storage
from django.db import connection
from django.test.utils import CaptureQueriesContext
from PIL import Image

from labelplatform.assets.models import Asset
from labelplatform.jobs.models import Job
from tests.conftest import image_bytes


def upload(client, project, *files):
    parts = [io.BytesIO(data) for _, data in files]
    for part, (name, _) in zip(parts, files, strict=True):
        part.name = name
    return client.post(f"/api/v1/projects/{project.id}/assets", {"files": parts}, format="multipart")


def test_it_uploads_many_images_at_once(client_for, project):
    response = upload(client_for("manager"), project, ("a.png", image_bytes(64, 48)),
                      ("b.jpg", image_bytes(30, 20, "JPEG")))
    assert response.status_code == 201
    body = response.json()
    assert [(a["name"], a["width"], a["height"], a["status"]) for a in body] == [
        ("a.png", 64, 48, "new"), ("b.jpg", 30, 20, "new")]
    assert all(len(a["sha256"]) == 64 for a in body)
    job = Job.objects.get(kind="thumbnails")
    assert job.params == {"asset_ids": [a["id"] for a in body]}


def test_an_upload_s_queries_do_not_grow_with_its_files(client_for, project):
    # given two uploads into the same project, of 1 file and of 6 (the project's first upload is made before)
    client = client_for("manager")
    upload(client, project, ("first.png", image_bytes(20, 10)))
    counts = []
    for files in (1, 6):
        with CaptureQueriesContext(connection) as queries:
            response = upload(client, project, *[(f"{files}-{n}.png", image_bytes(20 + n, 10)) for n in range(files)])
        assert response.status_code == 201
        assert [a["label_count"] for a in response.json()] == [0] * files
        counts.append(len(queries))
    # then the rows go in together and the answer counts no labels per new asset
    assert counts[0] == counts[1], counts


def test_exif_orientation_is_applied(client_for, project):
    # Orientation 6 = rotate 90°: a 40x20 sensor image is shown (and stored) as 20x40.
    response = upload(client_for("manager"), project, ("phone.jpg", image_bytes(40, 20, "JPEG", 6)))
    asset = response.json()[0]
    assert (asset["width"], asset["height"]) == (20, 40)
    stored = Asset.objects.get(pk=asset["id"])
    with default_storage.open(stored.file) as handle, Image.open(handle) as image:
        assert image.size == (20, 40)


def test_a_non_image_stores_nothing(client_for, project):
    response = upload(client_for("manager"), project, ("good.png", image_bytes()),
                      ("notes.txt", b"hello, not an image"))
    assert response.status_code == 400
    assert "notes.txt" in response.json()["detail"]
    assert Asset.objects.count() == 0
    assert not default_storage.exists("assets") or default_storage.listdir(f"assets/{project.id}")[1] == []


def test_truncated_images_are_refused(client_for, project):
    data = image_bytes(200, 200)
    response = upload(client_for("manager"), project, ("cut.png", data[: len(data) // 2]))
    assert response.status_code == 400
    assert "cut.png" in response.json()["detail"]


def test_oversized_files_are_refused(client_for, project, settings):
    settings.MAX_UPLOAD_BYTES = 1000
    response = upload(client_for("manager"), project, ("big.png", image_bytes(200, 200)))
    assert response.status_code == 400
    assert "byte limit" in response.json()["detail"]


def test_decompression_bombs_are_refused(client_for, project, settings):
    settings.MAX_IMAGE_PIXELS = 10_000
    bomb = io.BytesIO()
    Image.new("L", (5000, 5000)).save(bomb, "PNG")  # tiny file, 25 MP of pixels
    response = upload(client_for("manager"), project, ("bomb.png", bomb.getvalue()))
    assert response.status_code == 400
    assert "pixel limit" in response.json()["detail"]


def test_an_empty_upload_is_a_400(client_for, project):
    response = client_for("manager").post(f"/api/v1/projects/{project.id}/assets", {}, format="multipart")
    assert response.status_code == 400
    assert "files" in response.json()["detail"]


NO_NAME = "names no file once path parts and unprintable characters are removed"


@pytest.mark.parametrize(("file_name", "detail"), [
    (b"caf\xe9.png", "files: the file name 'caf\\xe9.png' is not UTF-8 text; send it UTF-8 encoded"),
    (b"..", f"files: the file name '..' {NO_NAME}"),
    (b"shots/..", f"files: the file name 'shots/..' {NO_NAME}"),
])
def test_a_file_name_django_would_drop_is_a_400_naming_it(client_for, project, file_name, detail):
    # found walking: such a file was dropped by the multipart parser and the answer said "send one or more
    # images in the multipart field 'files'" about a request that sent one
    boundary = "namesboundary"
    body = (f"--{boundary}\r\n".encode() + b'Content-Disposition: form-data; name="files"; filename="' + file_name
            + b'"\r\nContent-Type: image/png\r\n\r\n' + image_bytes() + f"\r\n--{boundary}--\r\n".encode())
    response = client_for("manager").generic("POST", f"/api/v1/projects/{project.id}/assets", body,
                                             content_type=f"multipart/form-data; boundary={boundary}")
    assert response.status_code == 400
    assert response.json()["detail"] == detail
    assert not Asset.objects.filter(project=project).exists()
    named = body.replace(b'filename="' + file_name, b'filename="caf\xc3\xa9.png')  # the same file, a UTF-8 name
    response = client_for("manager").generic("POST", f"/api/v1/projects/{project.id}/assets", named,
                                             content_type=f"multipart/form-data; boundary={boundary}")
    assert response.status_code == 201
    assert response.json()[0]["name"] == "caf\u00e9.png"


def test_labelers_and_outsiders_cannot_upload(client_for, project):
    assert upload(client_for("labeler"), project, ("a.png", image_bytes())).status_code == 403
    assert upload(client_for("outsider"), project, ("a.png", image_bytes())).status_code == 404


def test_image_bytes_only_for_members(client_for, asset):
    response = client_for("viewer").get(f"/api/v1/assets/{asset.id}/image")
    assert response.status_code == 200
    assert b"".join(response.streaming_content)[:4] == b"\x89PNG"
    assert client_for("outsider").get(f"/api/v1/assets/{asset.id}/image").status_code == 404
    assert client_for("outsider").get(f"/api/v1/assets/{asset.id}").status_code == 404


def test_thumbnail_is_404_until_made_then_served(client_for, asset):
    from labelplatform.assets.services import thumbnail_make

    assert client_for("labeler").get(f"/api/v1/assets/{asset.id}/thumbnail").json()["detail"] == "thumbnail not ready"
    thumbnail_make(asset=asset)
    response = client_for("labeler").get(f"/api/v1/assets/{asset.id}/thumbnail")
    assert response.status_code == 200
    assert client_for("outsider").get(f"/api/v1/assets/{asset.id}/thumbnail").status_code == 404


def test_nginx_mode_answers_x_accel_redirect(client_for, asset, settings):
    settings.MEDIA_SERVE = "nginx"
    response = client_for("viewer").get(f"/api/v1/assets/{asset.id}/image")
    assert response["X-Accel-Redirect"] == f"/protected-media/{asset.file}"


def test_assets_list_filters_by_status(client_for, project, asset):
    url = f"/api/v1/projects/{project.id}/assets"
    assert client_for("labeler").get(url).json()["count"] == 1
    assert client_for("labeler").get(f"{url}?status=done").json()["count"] == 0
    assert client_for("labeler").get(f"{url}?status=bogus").status_code == 400


def test_project_jobs_filter_by_kind(client_for, project, asset):
    url = f"/api/v1/projects/{project.id}/jobs"
    assert [j["kind"] for j in client_for("viewer").get(f"{url}?kind=thumbnails").json()["results"]] == ["thumbnails"]
    assert client_for("viewer").get(f"{url}?kind=export,import").json()["count"] == 0


def test_an_upload_s_jobs_go_in_with_one_insert_and_fail_with_it(project, users, django_capture_on_commit_callbacks):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from labelplatform.assets.services import assets_upload

    def files() -> list[SimpleUploadedFile]:
        return [SimpleUploadedFile(f"{n}.png", image_bytes(20 + n, 10)) for n in range(2)]

    def more(assets):  # type: ignore[no-untyped-def]  what flows/embeddings.py adds: the embedding jobs
        return [Job(kind="thumbnails", project=project, params={"asset_ids": [assets[-1].pk], "extra": True})]

    # when an upload stores its thumbnails job with another job
    with django_capture_on_commit_callbacks(execute=True) as hooks, CaptureQueriesContext(connection) as queries:
        assets = assets_upload(project=project, user=users["manager"], files=files(), more_jobs=more)
    # then both go in with one INSERT and are sent together after commit
    inserts = [q["sql"] for q in queries.captured_queries if q["sql"].startswith('INSERT INTO "jobs_job"')]
    assert len(inserts) == 1 and len(hooks) == 1
    assert Job.objects.filter(project=project, enqueued_at__isnull=False).count() == 2
    assert Job.objects.get(params__extra=True).params["asset_ids"] == [assets[-1].pk]

    # and a failure making the extra jobs stores no asset, no job and no file
    def broken(assets):  # type: ignore[no-untyped-def]
        raise RuntimeError("no jobs")

    before = set(default_storage.listdir(f"assets/{project.pk}")[1])
    with pytest.raises(RuntimeError, match="no jobs"):
        assets_upload(project=project, user=users["manager"], files=files(), more_jobs=broken)
    assert Asset.objects.filter(project=project).count() == 2 and Job.objects.filter(project=project).count() == 2
    assert set(default_storage.listdir(f"assets/{project.pk}")[1]) == before


def test_a_request_over_the_memory_size_goes_through_temporary_files_intact(client_for, project, settings):
    # given images of random pixels (incompressible), over a MiB each: the body is read 1 MiB at a time,
    # so files and boundaries straddle the reads, and the request is over FILE_UPLOAD_MAX_MEMORY_SIZE
    import hashlib

    files = [(f"big{n}.png", image_bytes(700 + n, 600)) for n in range(4)]
    assert all(len(data) > 1 << 20 for _, data in files)
    assert sum(len(data) for _, data in files) > settings.FILE_UPLOAD_MAX_MEMORY_SIZE
    response = upload(client_for("manager"), project, *files)
    # then every file is stored byte for byte
    assert response.status_code == 201
    for answer, (name, data) in zip(response.json(), files, strict=True):
        assert answer["name"] == name and answer["sha256"] == hashlib.sha256(data).hexdigest()
        with default_storage.open(Asset.objects.get(pk=answer["id"]).file) as stored:
            assert stored.read() == data
