"""Bring your own model server: a real HTTP server in a thread answers the documented protocol."""

import base64
import io
import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import numpy as np
import pytest
from PIL import Image

from labelplatform.jobs.models import Job
from labelplatform.jobs.services import job_run
from labelplatform.masks import decode, encode, iou
from labelplatform.prelabel.models import Prediction

pytestmark = pytest.mark.django_db


class ModelServer(BaseHTTPRequestHandler):
    """/good finds red pixels; other paths misbehave in the way their name says."""

    requests: list[dict] = []

    def do_POST(self) -> None:  # noqa: N802 (http.server's naming)
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        ModelServer.requests.append({"path": self.path, "body": body, "auth": self.headers.get("Authorization")})
        pixels = np.asarray(Image.open(io.BytesIO(base64.b64decode(body["image"]["base64"]))).convert("RGB"))
        red = (pixels[:, :, 0].astype(int) - pixels[:, :, 1]) > 80
        answer: object = {"model_version": "srv-3", "objects": [{"class": "car", "mask": encode(red), "score": 0.8}]}
        if self.path == "/wrong-size":
            answer = {"objects": [{"class": "car", "mask": encode(red[:-1]), "score": 0.8}]}
        elif self.path == "/no-objects-list":
            answer = {"masks": []}
        elif self.path == "/slow":
            time.sleep(2)
        elif self.path == "/error":
            self.send_response(500)
            self.end_headers()
            self.wfile.write(b"model crashed")
            return
        data = json.dumps(answer).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(autouse=True)
def _loopback_allowed(settings):  # type: ignore[no-untyped-def]
    settings.OUTBOUND_ALLOW_NETWORKS = ["127.0.0.1/32"]  # the model server lives on 127.0.0.1


@pytest.fixture
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), ModelServer)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    ModelServer.requests = []
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def register(client, project, url, **extra):  # type: ignore[no-untyped-def]
    config = {"url": url, "timeout_s": 1, "headers": {"Authorization": "Bearer s3cret"}, "classes": {"car": 1},
              **extra}
    response = client.post(f"/api/v1/projects/{project.pk}/models",
                           {"name": "server", "kind": "http", "config": config}, format="json")
    assert response.status_code == 201, response.json()
    return response.json()


def prelabel(client, project, backend):  # type: ignore[no-untyped-def]
    job_id = client.post(f"/api/v1/projects/{project.pk}/prelabel", {"backend": backend}, format="json").json()["id"]
    job_run(job_id=job_id)
    return Job.objects.get(pk=job_id)


def test_the_server_answer_becomes_a_prediction(client_for, project, scene_asset, server):
    manager = client_for("manager")
    model = register(manager, project, server + "/good")
    assert model["config"]["headers"] == {"Authorization": "***"}  # the key is not shown back
    job = prelabel(manager, project, model["backend"])
    assert job.status == "succeeded", job.error
    (sent,) = ModelServer.requests
    assert sent["auth"] == "Bearer s3cret"
    assert sent["body"]["asset"] == {"id": scene_asset.pk, "name": scene_asset.name,
                                     "width": scene_asset.width, "height": scene_asset.height}
    (prediction,) = manager.get(f"/api/v1/assets/{scene_asset.pk}/predictions").json()
    assert (prediction["source"], prediction["model_version"]) == (model["backend"], "srv-3")
    (car,) = prediction["objects"]
    assert car["class"] == 1 and car["score"] == 0.8
    assert iou(decode(car["mask"]), scene_asset.truth) > 0.9


@pytest.mark.parametrize("path, message", [
    ("/wrong-size", "objects[0].mask: size [119, 160] does not match the image [120, 160]"),
    ("/no-objects-list", "must be a JSON object with an 'objects' list"),
    ("/slow", "did not answer within 1 s"),
    ("/error", "answered HTTP 500"),
])
def test_a_bad_answer_fails_the_job_and_stores_nothing(client_for, project, upload, server, path, message):
    from tests.prelabel.conftest import scene

    for seed in (1, 2):
        upload(scene(seed)[0], f"{seed}.png")
    manager = client_for("manager")
    model = register(manager, project, server + path)
    job = prelabel(manager, project, model["backend"])
    assert job.status == "failed"
    assert message in job.error, job.error
    assert not Prediction.objects.exists()


def test_an_unreachable_server_fails_clearly(client_for, project, scene_asset):
    manager = client_for("manager")
    model = register(manager, project, "http://127.0.0.1:9/")
    job = prelabel(manager, project, model["backend"])
    assert job.status == "failed" and "unreachable" in job.error


@pytest.mark.parametrize("config, message", [
    ({"url": "ftp://x"}, "config.url must be an http(s) URL"),
    ({"url": "http://x", "timeout_s": 0}, "config.timeout_s"),
    ({"url": "http://x", "headers": {"a": 1}}, "config.headers"),
])
def test_a_bad_server_config_is_a_400(client_for, project, config, message):
    response = client_for("manager").post(f"/api/v1/projects/{project.pk}/models",
                                          {"name": "s", "kind": "http", "config": config}, format="json")
    assert response.status_code == 400 and message in response.json()["detail"], response.json()
