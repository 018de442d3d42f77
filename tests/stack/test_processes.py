"""gunicorn serves the app the way docker-compose.yml runs it."""

import urllib.request

import pytest

from tests.stack.processes import free_port, gunicorn, require_services, stack_env, wait_for_port

pytestmark = pytest.mark.django_db(transaction=True)


def test_gunicorn_serves_health_schema_and_docs(tmp_path, settings):
    require_services()
    port = free_port()
    with gunicorn(stack_env(settings.MEDIA_ROOT), port, tmp_path / "web.log") as process:
        wait_for_port(port, process)
        base = f"http://127.0.0.1:{port}"
        assert urllib.request.urlopen(f"{base}/healthz").read() == b"ok"
        schema = urllib.request.urlopen(f"{base}/api/v1/schema/").read().decode()
        assert "openapi: 3" in schema and "/api/v1/labels/{label_id}" in schema
        docs = urllib.request.urlopen(f"{base}/api/v1/docs/").read().decode()
        assert "/static/drf_spectacular_sidecar/swagger-ui-dist/" in docs  # served by us, no CDN
        asset_js = urllib.request.urlopen(
            f"{base}/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js")
        assert asset_js.status == 200
