"""Input alone never makes a 500: deep JSON, NUL characters, oversized bodies, unknown paths (issue 14, item 3)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db

DEEP = "[" * 100000 + "]" * 100000


def assert_json_error(response, status: int) -> None:  # type: ignore[no-untyped-def]
    assert response.status_code == status, (response.status_code, response.content[:200])
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["detail"]


def test_deep_json_is_a_400_for_anyone(users):
    response = APIClient().post("/api/v1/auth/token", DEEP, content_type="application/json")
    assert_json_error(response, 400)
    assert "nested deeper than 64 levels" in response.json()["detail"]


def test_json_just_inside_the_depth_limit_is_parsed(client_for, project):
    settings = {"x": [[[[[[[[1]]]]]]]]}
    response = client_for("manager").patch(f"/api/v1/projects/{project.pk}", {"settings": settings}, format="json")
    assert response.status_code == 200, response.json()


def test_a_nul_in_a_key_is_a_400_naming_the_field(client_for, project):
    response = client_for("manager").patch(f"/api/v1/projects/{project.pk}", '{"settings": {"x\\u0000": 1}}',
                                           content_type="application/json")
    assert_json_error(response, 400)
    assert response.json()["detail"] == "settings: a key contains a NUL character"


def test_a_nul_in_a_model_header_is_a_400_naming_the_field(client_for, project):
    config = {"url": "http://198.51.100.9/", "headers": {"Authorization": "Bearer a\u0000b"}}
    response = client_for("manager").post(f"/api/v1/projects/{project.pk}/models",
                                          {"name": "s", "kind": "http", "config": config}, format="json")
    assert_json_error(response, 400)
    assert response.json()["detail"] == "config.headers.Authorization: contains a NUL character"


def test_a_lone_surrogate_is_a_400(client_for, project):
    response = client_for("manager").patch(f"/api/v1/projects/{project.pk}", '{"name": "a\\ud800"}',
                                           content_type="application/json")
    assert_json_error(response, 400)


@pytest.mark.parametrize("path", [
    "projects/{id}/reviews?author=%00",
    "projects/{id}/versions/a%00b",
    "projects/{id}/jobs?kind=%00",
])
def test_a_nul_in_the_query_or_path_is_a_400(client_for, project, path):
    response = client_for("manager").get("/api/v1/" + path.format(id=project.pk))
    assert_json_error(response, 400)
    assert "NUL" in response.json()["detail"]


def test_a_nul_in_a_delete_query_is_a_400(client_for, project):
    response = client_for("manager").delete(f"/api/v1/projects/{project.pk}/members?user=%00")
    assert_json_error(response, 400)


def test_a_json_body_over_the_limit_is_a_413(client_for, project, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    body = '{"settings": {"x": "' + "a" * 2000 + '"}}'
    response = client_for("manager").patch(f"/api/v1/projects/{project.pk}", body, content_type="application/json")
    assert_json_error(response, 413)


def test_too_many_files_is_json(client_for, project, settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FILES = 3
    files = [SimpleUploadedFile(f"{i}.png", b"x") for i in range(4)]
    response = client_for("manager").post(f"/api/v1/projects/{project.pk}/assets", {"files": files},
                                          format="multipart")
    assert_json_error(response, 413)


def test_an_unknown_api_path_is_a_json_404(client_for):
    assert_json_error(client_for("manager").get("/api/v1/no-such-thing"), 404)


def test_a_wrong_method_is_a_json_405(client_for, project):
    assert_json_error(client_for("manager").put("/api/v1/auth/token", {}, format="json"), 405)
