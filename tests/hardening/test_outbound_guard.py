"""Model servers and URL imports cannot reach internal addresses, nor read their answers (issue 14, item 2)."""

import http.server
import threading
from collections.abc import Iterator

import pytest

from labelplatform.common import outbound
from labelplatform.jobs.models import Job
from labelplatform.jobs.services import job_run

SECRET = b"internal-secret-token-42"


class Internal(http.server.BaseHTTPRequestHandler):
    """An internal service: answers its secret to anyone, errors carry it too, /hop redirects to /internal."""

    def do_POST(self) -> None:  # noqa: N802
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        self.do_GET()

    def do_GET(self) -> None:  # noqa: N802
        if self.path == "/hop":
            self.send_response(302)
            self.send_header("Location", f"http://127.0.0.1:{self.server.server_address[1]}/internal")
            self.end_headers()
            return
        self.send_response(500 if self.path == "/broken" else 200)
        self.send_header("Content-Length", str(len(SECRET)))
        self.end_headers()
        self.wfile.write(SECRET)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def internal() -> Iterator[int]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Internal)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server.server_address[1]
    server.shutdown()
    server.server_close()


@pytest.mark.parametrize("url", [
    "http://127.0.0.1/internal", "http://127.1.2.3/", "http://localhost/", "http://10.0.0.1/", "http://172.16.0.1/",
    "http://192.168.1.1/", "http://169.254.169.254/latest/meta-data/", "http://100.100.100.200/", "http://0.0.0.0/",
    "http://224.0.0.1/", "http://240.0.0.1/", "http://[::1]/", "http://[::]/", "http://[fe80::1]/",
    "http://[fd00:ec2::254]/", "http://[::ffff:127.0.0.1]/", "http://[::ffff:169.254.169.254]/",
    "http://[64:ff9b::a9fe:a9fe]/", "http://[2002:7f00:1::]/", "http://2130706433/",
])
def test_internal_addresses_are_refused_by_default(url):
    with pytest.raises(outbound.OutboundRefused, match="private, local or reserved"):
        outbound.resolve(url)


def test_a_public_address_passes():
    assert outbound.resolve("https://8.8.8.8:8443/a?b=1") == outbound.Target("https", "8.8.8.8", 8443, "/a?b=1",
                                                                              "8.8.8.8")


def test_the_allow_list_opens_named_networks_and_hosts(settings):
    settings.OUTBOUND_ALLOW_NETWORKS = ["10.0.0.0/8"]
    settings.OUTBOUND_ALLOW_HOSTS = ["localhost"]
    assert outbound.resolve("http://10.1.2.3/").address == "10.1.2.3"
    assert outbound.resolve("http://localhost:8080/").address in ("127.0.0.1", "::1")
    with pytest.raises(outbound.OutboundRefused):
        outbound.resolve("http://192.168.1.1/")


def test_a_name_is_resolved_once_and_the_connection_goes_to_that_address(settings, internal):
    # given a name that resolves to loopback, refused by default
    with pytest.raises(outbound.OutboundRefused, match=r"localhost \(127.0.0.1\)|localhost \(::1\)"):
        outbound.fetch(f"http://localhost:{internal}/internal", timeout_s=2, max_bytes=100)
    # when the name is allowed, the request reaches the address it resolved to, with the name as Host
    settings.OUTBOUND_ALLOW_HOSTS = ["localhost"]
    target = outbound.resolve(f"http://localhost:{internal}/internal")
    assert target.host_header == f"localhost:{internal}"
    if target.address == "127.0.0.1":
        assert outbound.fetch(f"http://localhost:{internal}/internal", timeout_s=2, max_bytes=100) == SECRET


def test_a_redirect_to_an_internal_address_is_refused(settings, internal):
    settings.OUTBOUND_ALLOW_HOSTS = ["localhost"]  # the first hop is allowed by name, the second is by address
    with pytest.raises(outbound.OutboundRefused, match="127.0.0.1 is a private"):
        outbound.fetch(f"http://localhost:{internal}/hop", timeout_s=2, max_bytes=100)


def test_answers_are_bounded_and_errors_never_carry_the_body(settings, internal):
    settings.OUTBOUND_ALLOW_NETWORKS = ["127.0.0.1/32"]
    with pytest.raises(outbound.OutboundError, match="over the 10 byte limit") as too_big:
        outbound.fetch(f"http://127.0.0.1:{internal}/internal", timeout_s=2, max_bytes=10)
    with pytest.raises(outbound.OutboundStatus) as failed:
        outbound.fetch(f"http://127.0.0.1:{internal}/broken", timeout_s=2, max_bytes=100)
    assert str(failed.value) == "HTTP 500 Internal Server Error"
    assert SECRET.decode() not in str(too_big.value) + str(failed.value)


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["http://127.0.0.1:{port}/internal", "http://169.254.169.254/latest/meta-data/",
                                 "http://localhost:{port}/", "http://[::ffff:127.0.0.1]:{port}/"])
def test_registering_a_model_server_at_an_internal_address_is_a_400(client_for, project, url, internal):
    response = client_for("manager").post(f"/api/v1/projects/{project.pk}/models", {
        "name": "s", "kind": "http", "config": {"url": url.format(port=internal)}}, format="json")
    assert response.status_code == 400
    assert response.json()["detail"].startswith("config: config.url: "), response.json()


@pytest.mark.django_db
def test_a_model_server_answer_never_reaches_the_job_error(client_for, project, asset, settings, internal):
    # given an allowed server whose answers are not our protocol (an internal service behind it, say)
    settings.OUTBOUND_ALLOW_NETWORKS = ["127.0.0.1/32"]
    manager = client_for("manager")
    errors = []
    for path in ("/internal", "/broken"):
        model = manager.post(f"/api/v1/projects/{project.pk}/models", {
            "name": path, "kind": "http", "config": {"url": f"http://127.0.0.1:{internal}{path}"}}, format="json")
        assert model.status_code == 201, model.json()
        job_id = manager.post(f"/api/v1/projects/{project.pk}/prelabel", {"backend": model.json()["backend"]},
                              format="json").json()["id"]
        job_run(job_id=job_id)
        errors.append(Job.objects.get(pk=job_id).error)
    # then the jobs fail with our words only
    assert "not usable JSON" in errors[0] and "answered HTTP 500" in errors[1], errors
    assert not any(SECRET.decode() in error for error in errors)
