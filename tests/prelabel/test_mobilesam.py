"""The built-in MobileSAM backend with the real exported model (installed by scripts/models under MODELS_ROOT)."""

from pathlib import Path

import cv2
import numpy as np
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from labelplatform.assets.services import assets_upload
from labelplatform.jobs.models import Job
from labelplatform.jobs.services import job_run
from labelplatform.masks import decode
from labelplatform.masks.regions import iou_ignoring
from labelplatform.prelabel.builtin import mobilesam
from labelplatform.prelabel.builtin.manifest import manifest_read, sha256_of
from labelplatform.prelabel.engines.clicks import next_click

pytestmark = pytest.mark.django_db
GRABCUT = Path(__file__).resolve().parents[3] / "shared" / "data" / "grabcut" / "GrabCut"


@pytest.fixture
def photo(project, users):  # type: ignore[no-untyped-def]
    """Upload one photo of the GrabCut set; returns a function giving (asset, truth, ignored band)."""
    if not GRABCUT.is_dir():
        pytest.skip(f"{GRABCUT} is not here")

    def make(name: str):  # type: ignore[no-untyped-def]
        path = GRABCUT / "data_GT" / f"{name}.jpg"
        upload = SimpleUploadedFile(path.name, path.read_bytes(), content_type="image/jpeg")
        asset = assets_upload(project=project, user=users["manager"], files=[upload])[0]
        gt = cv2.imread(str(GRABCUT / "boundary_GT" / f"{name}.bmp"), cv2.IMREAD_GRAYSCALE)
        return asset, gt > 128, gt == 128

    return make


def segment(client, asset, body):  # type: ignore[no-untyped-def]
    return client.post(f"/api/v1/assets/{asset.pk}/segment", body, format="json")


def embed(client, asset, body):  # type: ignore[no-untyped-def]
    """The not-ready flow: the first call starts the embedding job (202 naming it); run it as a worker would."""
    first = segment(client, asset, body)
    job = Job.objects.get(kind="prelabel", params__backend=mobilesam.NAME, params__asset_ids=[asset.pk])
    assert first.status_code == 202 and first.json()["job"] == job.pk, first.json()
    assert f"being computed by job {job.pk}" in first.json()["detail"] and first["Retry-After"] == "1"
    job_run(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == "succeeded", job.error


def test_the_export_check_ran_and_the_files_match_the_manifest(installed):
    manifest = manifest_read(installed)
    assert manifest.name == "mobilesam" and manifest.version == mobilesam.VERSION
    assert manifest.document["source"]["checkpoint_sha256"] == mobilesam.CHECKPOINT_SHA256
    errors = manifest.document["check_max_abs_error"]
    assert set(errors) == {"embedding", "scores", "masks"}
    assert all(errors[k] <= mobilesam.TOLERANCE[k] for k in errors)
    for entry in manifest.files.values():
        assert sha256_of(entry.path) == entry.sha256 and entry.path.stat().st_size == entry.bytes


def test_one_click_on_a_photo_segments_the_object(installed, photo, client_for):
    asset, truth, ignore = photo("227092")
    click = next_click(truth, None, ignore)
    assert click is not None
    body = {"points": [[click.x, click.y, 1]]}  # no backend: MobileSAM, as it is installed
    labeler = client_for("labeler")
    embed(labeler, asset, body)
    response = segment(labeler, asset, body)
    assert response.status_code == 200, response.json()
    answer = response.json()
    assert answer["backend"] == "mobilesam" and 0.5 < answer["score"] <= 1.0
    mask = decode(answer["mask"])
    assert mask.shape == truth.shape
    assert iou_ignoring(mask, truth, ignore) > 0.9
    assert iou_ignoring(mask, truth, None) > 0.9


def test_clicks_are_replayed_with_the_previous_logits(installed, photo, client_for):
    # given a photo where one click picks the wrong part (the robot user's first click)
    asset, truth, ignore = photo("124080")
    labeler = client_for("labeler")
    points: list[list[int]] = []
    ious = []
    predicted = None
    for step in range(4):
        click = next_click(truth, predicted, ignore)
        assert click is not None
        points.append([click.x, click.y, int(click.positive)])
        body = {"backend": "mobilesam", "points": points}
        if step == 0:
            embed(labeler, asset, body)
        response = segment(labeler, asset, body)
        assert response.status_code == 200, response.json()
        predicted = decode(response.json()["mask"])
        ious.append(iou_ignoring(predicted, truth, ignore))
    # then the corrections help: the last mask is far better than the first one
    assert ious[0] < 0.5 and ious[-1] > 0.85, ious
    # and the endpoint is stateless: the same clicks again give the same mask
    again = decode(segment(labeler, asset, {"backend": "mobilesam", "points": points}).json()["mask"])
    assert np.array_equal(again, predicted)


def test_a_box_and_a_click_segment_the_object(installed, photo, client_for):
    asset, truth, ignore = photo("227092")
    ys, xs = np.nonzero(truth)
    box = [int(xs.min()), int(ys.min()), int(xs.max() - xs.min()), int(ys.max() - ys.min())]
    labeler = client_for("labeler")
    embed(labeler, asset, {"backend": "mobilesam", "box": box})
    click = next_click(truth, None, ignore)
    response = segment(labeler, asset, {"backend": "mobilesam", "box": box, "points": [[click.x, click.y, 1]]})
    assert response.status_code == 200, response.json()
    assert iou_ignoring(decode(response.json()["mask"]), truth, ignore) > 0.9


def test_the_browser_gets_the_embedding_and_the_decoder(installed, photo, client_for):
    asset, truth, ignore = photo("227092")
    viewer = client_for("viewer")
    url = f"/api/v1/assets/{asset.pk}/embedding?backend=mobilesam"
    first = viewer.get(url)
    job = Job.objects.get(kind="prelabel", params__backend="mobilesam")
    assert first.status_code == 202 and first.json()["job"] == job.pk and first["Retry-After"] == "1"
    assert first["Content-Type"] == "application/json" and "being computed by job" in first.json()["detail"]
    job_run(job_id=job.pk)
    response = viewer.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/octet-stream"
    assert response["X-Embedding-Shape"] == "1,256,64,64" and response["X-Encoder-Input-Size"] == "1024,1024"
    assert (asset.width, asset.height) == (321, 481)
    assert response["X-Resized-Size"] == "1024,683"  # longest side 1024, then padded to 1024x1024
    embedding = np.frombuffer(response.content, "<f4")
    assert embedding.size == 256 * 64 * 64 and np.isfinite(embedding).all()
    assert client_for("outsider").get(url).status_code == 404
    listed = viewer.get("/api/v1/prelabel/builtin").json()
    assert listed["default_segment_backend"] == "mobilesam"
    (model,) = listed["models"]
    assert model["installed"] and model["version"] == mobilesam.VERSION
    decoder = viewer.get(model["decoder"]["url"])
    assert decoder.status_code == 200
    body = b"".join(decoder.streaming_content)
    assert len(body) == model["decoder"]["bytes"]
    assert viewer.get(model["decoder"]["url"], HTTP_IF_NONE_MATCH=decoder["ETag"]).status_code == 304


def test_a_new_model_version_or_a_deleted_asset_drops_the_cached_embedding(installed, photo, client_for, settings,
                                                                          django_capture_on_commit_callbacks):
    from labelplatform.prelabel.storage import embeddings_drop_stale

    asset, truth, ignore = photo("227092")
    embed(client_for("labeler"), asset, {"points": [[200, 200, 1]]})
    (stored,) = (settings.MEDIA_ROOT / "prelabel" / "embeddings").rglob("*.npy")
    assert mobilesam.VERSION in stored.parent.name
    assert embeddings_drop_stale(mobilesam.NAME, mobilesam.VERSION) == []  # the current version stays
    with django_capture_on_commit_callbacks(execute=True):
        asset.delete()
    assert not stored.exists()
    old = settings.MEDIA_ROOT / "prelabel" / "embeddings" / "builtin-mobilesam-0.9-export1"
    old.mkdir(parents=True)
    (old / "7-abc.npy").write_bytes(b"x")
    assert embeddings_drop_stale(mobilesam.NAME, mobilesam.VERSION) == [old.name]
    assert not old.exists()


def _cosine(a: np.ndarray, b: np.ndarray) -> float:
    a, b = a.ravel().astype(np.float64), b.ravel().astype(np.float64)
    return float(a @ b / (np.linalg.norm(a) * np.linalg.norm(b)))


def test_the_int8_encoder_is_the_default_and_the_float_one_a_setting_away(installed, settings):
    from labelplatform.prelabel.backends import builtin_pair, sam_session
    from labelplatform.prelabel.engines.sam import sam_embed

    manifest = manifest_read(installed)
    assert manifest.document["int8"]["op_types"] == ["MatMul"]
    assert manifest.document["int8"]["embedding_cosine"] >= mobilesam.INT8_MIN_COSINE
    image = cv2.cvtColor(cv2.imread(str(GRABCUT / "data_GT" / "227092.jpg")), cv2.COLOR_BGR2RGB)
    settings.MOBILESAM_ENCODER = "int8"
    int8 = builtin_pair(mobilesam.NAME)
    settings.MOBILESAM_ENCODER = "float"
    float_ = builtin_pair(mobilesam.NAME)
    # each setting runs its own file, and their embeddings are stored apart (the browser sees the version)
    assert int8.files["encoder"] == str(manifest.files[mobilesam.INT8_ROLE].path)
    assert float_.files["encoder"] == str(manifest.files["encoder"].path)
    assert int8.files["decoder"] == float_.files["decoder"]
    assert (int8.version, float_.version) == (f"{mobilesam.VERSION}-int8", mobilesam.VERSION)
    assert int8.key != float_.key
    quantized = sam_embed(sam_session(int8, "encoder"), int8.config, image)
    exact = sam_embed(sam_session(float_, "encoder"), float_.config, image)
    assert not np.array_equal(quantized, exact) and _cosine(quantized, exact) > 0.99


def test_a_big_jpeg_is_decoded_at_a_reduced_scale_for_the_encoder(installed, settings):
    from labelplatform.prelabel.backends import builtin_pair, sam_session
    from labelplatform.prelabel.engines.sam import encoder_input_size, sam_embed
    from labelplatform.prelabel.images import decoded_rgb

    image = cv2.imread(str(GRABCUT / "data_GT" / "227092.jpg"))  # 321x481, upscaled 5x: 1605x2405
    big = cv2.resize(image, (image.shape[1] * 5, image.shape[0] * 5), interpolation=cv2.INTER_CUBIC)
    jpeg = cv2.imencode(".jpg", big, [cv2.IMWRITE_JPEG_QUALITY, 92])[1].tobytes()
    pair = builtin_pair(mobilesam.NAME)
    height, width = big.shape[:2]
    input_h, input_w = encoder_input_size(pair.config, height, width)
    reduced = decoded_rgb(jpeg, at_least=(input_w, input_h))
    full = decoded_rgb(jpeg)
    # half the size each way (the smallest DCT scale still covering 683x1024), never smaller than the input
    assert full.shape == (2405, 1605, 3) and reduced.shape == (1203, 803, 3)
    assert reduced.shape[0] >= input_h and reduced.shape[1] >= input_w
    encoder = sam_session(pair, "encoder")
    from_reduced = sam_embed(encoder, pair.config, reduced, (height, width))
    assert _cosine(from_reduced, sam_embed(encoder, pair.config, full)) > 0.995


@pytest.mark.parametrize("encoder", ["int8", "float"])
def test_the_worker_runs_the_encoder_in_two_parts_with_the_same_embedding(installed, settings, encoder):
    from labelplatform.prelabel.backends import builtin_pair, sam_session
    from labelplatform.prelabel.engines.onnx_models import load_session
    from labelplatform.prelabel.engines.sam import sam_embed
    from labelplatform.prelabel.engines.sam_split import SplitEncoder

    manifest = manifest_read(installed)
    assert manifest.document["split"]["max_abs_error"] == {"encoder": 0.0, mobilesam.INT8_ROLE: 0.0}
    settings.MOBILESAM_ENCODER = encoder
    pair = builtin_pair(mobilesam.NAME)
    parts = sam_session(pair, "encoder")
    assert isinstance(parts, SplitEncoder)
    whole = load_session(pair.files["encoder"])
    photo = cv2.cvtColor(cv2.imread(str(GRABCUT / "data_GT" / "227092.jpg")), cv2.COLOR_BGR2RGB)  # 321x481
    big = cv2.resize(photo, (2405, 1605), interpolation=cv2.INTER_CUBIC)
    tall = np.ascontiguousarray(photo.transpose(1, 0, 2))
    for image in (photo, big, tall):  # upscaled, downscaled and portrait into the encoder: every strip layout
        assert np.array_equal(sam_embed(parts, pair.config, image), sam_embed(whole, pair.config, image))
