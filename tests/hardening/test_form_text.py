"""NUL and lone surrogates in form and multipart fields: a 400 naming the field (issue 14, item 3).

The report: JSON text in a multipart field (a model's `config`, a project's `settings` or a
label's `objects` sent as a form) was decoded by DRF's JSONField with `json.loads`: `\\u0000`
reached PostgreSQL (a 500), and deep nesting raised RecursionError (a 500). Plain text fields
were safe only where they were DRF CharFields; a form body's declared charset picks the codec
(`unicode_escape` turns the text `\\ud800` into a lone surrogate). JSON bodies are checked by the
JSON parser (test_hostile_requests.py); here the form parsers and the JSON field every view uses.
"""

from pathlib import Path

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from rest_framework import parsers

from labelplatform.assets.models import Asset
from labelplatform.common.parsers import FormParser, MultiPartParser
from labelplatform.jobs.models import Job
from labelplatform.labels.models import Label
from labelplatform.prelabel.models import RegisteredModel
from tests.hardening.test_hostile_requests import assert_json_error

pytestmark = pytest.mark.django_db
BOUNDARY = "hardeningboundary"


def multipart(fields: dict[str, str], files: dict[str, tuple[str, bytes]] | None = None) -> bytes:
    parts = [f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode("latin-1")
             for name, value in fields.items()]
    for name, (file_name, content) in (files or {}).items():
        parts.append(f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{name}"; filename="{file_name}"\r\n'
                     f"Content-Type: application/octet-stream\r\n\r\n".encode() + content + b"\r\n")
    return b"".join(parts) + f"--{BOUNDARY}--\r\n".encode()


def post_multipart(client, url: str, body: bytes, charset: str = "unicode_escape"):  # type: ignore[no-untyped-def]
    return client.generic("POST", url, body,
                          content_type=f"multipart/form-data; boundary={BOUNDARY}; charset={charset}")


def test_the_report_json_text_in_a_multipart_field_is_checked_like_a_json_body(client_for, project):
    config = '{"url": "http://93.184.216.34/", "headers": {"Authorization": "Bearer a\\u0000b"}}'
    body = multipart({"name": "m", "kind": "http", "config": config})
    response = post_multipart(client_for("manager"), f"/api/v1/projects/{project.pk}/models", body, "utf-8")
    assert_json_error(response, 400)
    assert response.json()["detail"] == "config: headers.Authorization: contains a NUL character"
    assert not RegisteredModel.objects.filter(project=project).exists()


def test_project_settings_as_a_form_field_are_checked(client_for, project):
    body = multipart({"settings": '{"x\\u0000": 1}'})
    response = client_for("manager").generic("PATCH", f"/api/v1/projects/{project.pk}", body,
                                             content_type=f"multipart/form-data; boundary={BOUNDARY}")
    assert_json_error(response, 400)
    assert response.json()["detail"] == "settings: a key contains a NUL character"


def test_deep_label_objects_in_a_form_are_a_400(client_for, project):
    asset = Asset.objects.create(project=project, name="a.png", file="", width=4, height=4, size_bytes=1,
                                 sha256="0" * 64, mime_type="image/png")
    body = multipart({"objects": "[" * 100000 + "]" * 100000, "status": "draft"})
    response = post_multipart(client_for("manager"), f"/api/v1/assets/{asset.pk}/labels", body, "utf-8")
    assert_json_error(response, 400)
    assert "nested deeper than" in response.json()["detail"]
    assert not Label.objects.filter(asset=asset).exists()


@pytest.mark.parametrize(("field", "text", "reason"), [
    ("model_version", "v\\ud800", "contains a lone surrogate (not valid Unicode)"),
    ("source", "s\\x00", "contains a NUL character"),
])
def test_bad_text_in_an_import_field_is_a_400_naming_it(client_for, project, field, text, reason):
    body = multipart({field: text}, {"file": ("x.json", b"{}")})
    response = post_multipart(client_for("manager"), f"/api/v1/projects/{project.pk}/imports", body)
    assert_json_error(response, 400)
    assert response.json()["detail"] == f"{field}: {reason}"
    assert not Job.objects.filter(project=project).exists()


def test_a_lone_surrogate_in_an_upload_field_is_a_400(client_for, project):
    body = multipart({"name": "a\\udfff"}, {"files": ("a.png", b"not read")})
    response = post_multipart(client_for("manager"), f"/api/v1/projects/{project.pk}/assets", body)
    assert_json_error(response, 400)
    assert response.json()["detail"] == "name: contains a lone surrogate (not valid Unicode)"


def test_a_nul_in_a_field_name_is_a_400(client_for, project):
    body = multipart({"format\\x00": "auto"}, {"file": ("x.json", b"{}")})
    response = post_multipart(client_for("manager"), f"/api/v1/projects/{project.pk}/imports", body)
    assert_json_error(response, 400)
    assert response.json()["detail"] == "fields: a key contains a NUL character"


def test_a_url_encoded_form_is_checked_too(client_for, project):
    response = client_for("manager").generic("POST", f"/api/v1/projects/{project.pk}/imports", b"path=p%5Cud800",
                                             content_type="application/x-www-form-urlencoded; charset=unicode_escape")
    assert_json_error(response, 400)
    assert response.json()["detail"] == "path: contains a lone surrogate (not valid Unicode)"


def test_clean_fields_in_an_exotic_charset_still_work(client_for, project):
    body = multipart({"source": "caf\\xe9", "model_version": ""}, {"file": ("x.json", b"{}")})
    response = post_multipart(client_for("manager"), f"/api/v1/projects/{project.pk}/imports", body)
    assert response.status_code == 202, response.json()
    assert Job.objects.get(pk=response.json()["id"]).params["source"] == "café"


def _views(resolver: URLResolver):  # type: ignore[no-untyped-def]
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            yield from _views(entry)
        elif isinstance(entry, URLPattern):
            yield getattr(entry.callback, "cls", None)


def test_no_view_reads_a_form_with_drfs_unchecked_parsers():
    unchecked = {parsers.FormParser, parsers.MultiPartParser}
    found = {view.__name__: [p.__name__ for p in view.parser_classes]
             for view in _views(get_resolver()) if view is not None and hasattr(view, "parser_classes")
             and unchecked & set(view.parser_classes)}
    assert found == {}
    assert {FormParser, MultiPartParser} <= {p for view in _views(get_resolver()) if view is not None
                                            for p in getattr(view, "parser_classes", [])}


def test_no_serializer_uses_drfs_json_field():
    root = Path(__file__).resolve().parents[2] / "labelplatform"
    users = [str(path.relative_to(root)) for path in root.rglob("*.py")
             if "serializers.JSONField" in path.read_text() and path.name != "fields.py"]
    assert users == []
