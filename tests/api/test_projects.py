
def test_it_creates_a_project_owned_by_the_caller(client_for):
    response = client_for("outsider").post(
        "/api/v1/projects", {"name": "Cells", "settings": {"labels_per_asset": 3}}, format="json"
    )
    assert response.status_code == 201
    body = response.json()
    assert body["my_role"] == "manager"
    # every submitted label reaches Review unless the request says otherwise
    assert body["settings"] == {"labels_per_asset": 3, "review_fraction": 1.0, "gold_fraction": 0.0,
                                "labelers_see_all": False}
    members = client_for("outsider").get(f"/api/v1/projects/{body['id']}/members").json()
    assert members == [{"user": {"id": members[0]["user"]["id"], "username": "outsider"}, "role": "manager"}]


def test_a_given_review_share_is_kept(client_for):
    response = client_for("outsider").post(
        "/api/v1/projects", {"name": "Sampled", "settings": {"review_fraction": 0.2}}, format="json"
    )
    assert response.status_code == 201
    assert response.json()["settings"]["review_fraction"] == 0.2


def test_it_rejects_bad_settings(client_for):
    response = client_for("manager").post(
        "/api/v1/projects", {"name": "x", "settings": {"review_fraction": 2}}, format="json"
    )
    assert response.status_code == 400
    assert "review_fraction" in response.json()["detail"]


def test_list_shows_only_my_projects(client_for, project):
    assert [p["id"] for p in client_for("labeler").get("/api/v1/projects").json()["results"]] == [project.id]
    assert client_for("outsider").get("/api/v1/projects").json()["results"] == []


def test_outsiders_get_404_not_403(client_for, project):
    assert client_for("outsider").get(f"/api/v1/projects/{project.id}").status_code == 404


def test_only_managers_patch_and_delete(client_for, project):
    url = f"/api/v1/projects/{project.id}"
    assert client_for("labeler").patch(url, {"name": "mine"}, format="json").status_code == 403
    assert client_for("manager").patch(url, {"name": "Roads"}, format="json").json()["name"] == "Roads"
    assert client_for("reviewer").delete(url).status_code == 403
    assert client_for("manager").delete(url).status_code == 204


def test_members_are_invited_by_username_and_removed(client_for, project, users):
    url = f"/api/v1/projects/{project.id}/members"
    invited = client_for("manager").post(url, {"user": "outsider", "role": "labeler"}, format="json")
    assert invited.status_code == 202  # an invitation (tests/api/test_invitations.py)
    assert client_for("outsider").post(f"/api/v1/invitations/{invited.json()['id']}/accept").status_code == 200
    assert client_for("outsider").get(f"/api/v1/projects/{project.id}").status_code == 200
    assert client_for("manager").delete(f"{url}?user=outsider").status_code == 204
    assert client_for("outsider").get(f"/api/v1/projects/{project.id}").status_code == 404


def test_the_last_manager_cannot_leave(client_for, project):
    response = client_for("manager").delete(f"/api/v1/projects/{project.id}/members?user=manager")
    assert response.status_code == 400
    assert "at least one manager" in response.json()["detail"]


def test_an_unknown_role_is_400(client_for, project):
    url = f"/api/v1/projects/{project.id}/members"
    assert client_for("manager").post(url, {"user": "outsider", "role": "boss"}, format="json").status_code == 400


def test_labelers_cannot_add_members(client_for, project):
    url = f"/api/v1/projects/{project.id}/members"
    assert client_for("labeler").post(url, {"user": "outsider", "role": "manager"}, format="json").status_code == 403
