from rest_framework.test import APIClient

from tests.conftest import PASSWORD


def test_token_is_issued_for_right_credentials(users):
    response = APIClient().post("/api/v1/auth/token", {"username": "labeler", "password": PASSWORD}, format="json")
    assert response.status_code == 200
    token = response.json()["token"]
    client = APIClient(HTTP_AUTHORIZATION=f"Token {token}")
    assert client.get("/api/v1/auth/me").json()["username"] == "labeler"


def test_unknown_tokens_and_inactive_users_are_401(users):
    token = APIClient().post("/api/v1/auth/token", {"username": "labeler", "password": PASSWORD},
                             format="json").json()["token"]
    unknown = APIClient(HTTP_AUTHORIZATION="Token " + "0" * 40).get("/api/v1/auth/me")
    assert unknown.status_code == 401 and unknown.json()["detail"] == "Invalid token."
    users["labeler"].is_active = False
    users["labeler"].save(update_fields=["is_active"])
    inactive = APIClient(HTTP_AUTHORIZATION=f"Token {token}").get("/api/v1/auth/me")
    assert inactive.status_code == 401 and inactive.json()["detail"] == "User inactive or deleted."


def test_token_is_refused_for_wrong_password(users):
    response = APIClient().post("/api/v1/auth/token", {"username": "labeler", "password": "nope"}, format="json")
    assert response.status_code == 400
    assert response.json()["detail"] == "wrong username or password"


def test_session_login_then_me_then_logout(users):
    client = APIClient(enforce_csrf_checks=True)
    response = client.post("/api/v1/auth/login", {"username": "manager", "password": PASSWORD}, format="json")
    assert response.status_code == 200
    assert client.get("/api/v1/auth/me").json()["username"] == "manager"
    csrf = client.get("/api/v1/auth/csrf").json()["csrf_token"]
    assert client.post("/api/v1/auth/logout").status_code == 403  # no CSRF header: refused
    assert client.post("/api/v1/auth/logout", HTTP_X_CSRFTOKEN=csrf).status_code == 204
    assert client.get("/api/v1/auth/me").status_code in (401, 403)


def test_anonymous_callers_get_no_data(db):
    response = APIClient().get("/api/v1/projects")
    assert response.status_code in (401, 403)
    assert "detail" in response.json()


def test_malformed_json_is_a_400(users):
    response = APIClient().post("/api/v1/auth/token", "{not json", content_type="application/json")
    assert response.status_code == 400
    assert "JSON" in response.json()["detail"]


def test_session_answers_null_before_login_and_the_user_after(users):
    client = APIClient()
    before = client.get("/api/v1/auth/session")
    assert before.status_code == 200  # not 401: nobody signed in is a state, not an error
    assert before.json() == {"user": None}
    client.force_login(users["labeler"])
    after = client.get("/api/v1/auth/session").json()["user"]
    assert after["username"] == "labeler"
    assert after == client.get("/api/v1/auth/me").json()
