from labelplatform.projects.models import OntologyVersion


def test_get_gives_classes_with_stable_ids(client_for, project):
    body = client_for("labeler").get(f"/api/v1/projects/{project.id}/ontology").json()
    assert body["version"] == 2
    assert [(c["id"], c["name"], c["archived"]) for c in body["classes"]] == [(1, "car", False), (2, "road", False)]


def test_put_makes_a_new_version_and_archives_removed_classes(client_for, project):
    url = f"/api/v1/projects/{project.id}/ontology"
    doc = {"classes": [{"id": 2, "name": "road", "color": "#00ff00", "kind": "stuff"},
                       {"name": "person", "color": "#0000ff", "parent": None}]}
    body = client_for("manager").put(url, doc, format="json").json()
    assert body["version"] == 3
    by_name = {c["name"]: c for c in body["classes"]}
    assert by_name["person"]["id"] == 3  # ids are never reused
    assert by_name["car"]["archived"] is True
    assert OntologyVersion.objects.filter(project=project).count() == 3
    old = OntologyVersion.objects.get(project=project, version=2)
    assert [c["name"] for c in old.document["classes"]] == ["car", "road"]  # versions are immutable


def test_put_rejects_bad_documents_and_keeps_the_current_version(client_for, project):
    url = f"/api/v1/projects/{project.id}/ontology"
    bad = [
        {"classes": [{"name": "a", "color": "red"}]},
        {"classes": [{"name": "a", "color": "#000000"}, {"name": "A", "color": "#000001"}]},
        {"classes": [{"id": 99, "name": "a", "color": "#000000"}]},
        {"classes": [{"name": "a", "color": "#000000", "parent": 42}]},
        {"classes": [{"name": "a", "color": "#000000", "attributes": [{"name": "x", "type": "radio"}]}]},
        {"classes": "nope"},
    ]
    for doc in bad:
        response = client_for("manager").put(url, doc, format="json")
        assert response.status_code == 400, doc
        assert response.json()["detail"]
    assert client_for("manager").get(url).json()["version"] == 2


def test_only_managers_edit_the_ontology(client_for, project):
    url = f"/api/v1/projects/{project.id}/ontology"
    response = client_for("reviewer").put(url, {"classes": []}, format="json")
    assert response.status_code == 403
