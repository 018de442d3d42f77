from labelplatform.assets.models import Asset
from labelplatform.workflow.models import Submission
from tests.workflow.helpers import car_label, label_body, make_assets, rect, set_settings


def labeled_and_sampled(client_for, project):
    """Given a project that reviews everything and a labeler who submitted one asset."""
    set_settings(project, review_fraction=1.0)
    (asset,) = make_assets(project, 1)
    labeler = client_for("labeler")
    claim = labeler.post(f"/api/v1/projects/{project.id}/queue/next").json()
    label = labeler.post(f"/api/v1/assets/{asset.id}/labels", car_label(), format="json").json()
    assert claim["asset"]["id"] == asset.id
    return asset, label


def test_a_rejection_goes_back_to_its_author_first_and_acceptance_finishes(client_for, project):
    asset, label = labeled_and_sampled(client_for, project)
    assert Asset.objects.get(pk=asset.pk).status == "in_review"
    assert client_for("manager").get(f"/api/v1/projects/{project.id}/assets?status=in_review").json()["count"] == 1
    (other,) = make_assets(project, 1)  # new work exists, but rework comes first
    reviewer = client_for("reviewer")
    served = reviewer.post(f"/api/v1/projects/{project.id}/queue/next").json()
    assert served["stage"] == "review" and served["label"]["id"] == label["id"]
    rejected = reviewer.post(f"/api/v1/labels/{label['id']}/review", {
        "decision": "reject", "comment": "the car is cut short",
        "pins": [{"x": 14.5, "y": 6, "text": "extend here"}]}, format="json")
    assert rejected.status_code == 201, rejected.json()
    assert rejected.json()["pins"] == [{"x": 14.5, "y": 6.0, "text": "extend here"}]
    assert Asset.objects.get(pk=asset.pk).status == "rework"
    assert reviewer.post(f"/api/v1/projects/{project.id}/queue/next?stage=review").status_code == 204
    labeler = client_for("labeler")
    rework = labeler.post(f"/api/v1/projects/{project.id}/queue/next").json()
    assert rework["rework"] is True and rework["asset"]["id"] == asset.id and rework["label"]["id"] == label["id"]
    reviews = labeler.get(f"/api/v1/labels/{label['id']}/reviews").json()
    assert reviews[0]["decision"] == "reject" and reviews[0]["reviewer"]["username"] == "reviewer"
    fixed_body = {**label_body((1, rect(2, 12, 3, 18))), "revision": 1}
    assert labeler.put(f"/api/v1/labels/{label['id']}", fixed_body, format="json").status_code == 200
    assert Asset.objects.get(pk=asset.pk).status == "in_review"
    assert labeler.post(f"/api/v1/projects/{project.id}/queue/next").json()["asset"]["id"] == other.id
    again = reviewer.post(f"/api/v1/projects/{project.id}/queue/next?stage=review").json()
    assert again["label"]["revision"] == 2
    accepted = reviewer.post(f"/api/v1/labels/{label['id']}/review", {"decision": "accept"}, format="json")
    assert accepted.json()["fixed"] is False
    assert Asset.objects.get(pk=asset.pk).status == "done"


def test_fix_and_accept_records_the_fix(client_for, project):
    asset, label = labeled_and_sampled(client_for, project)
    reviewer = client_for("reviewer")
    reviewer.post(f"/api/v1/projects/{project.id}/queue/next")
    put = reviewer.put(f"/api/v1/labels/{label['id']}", {**label_body((1, rect(2, 11, 3, 15))), "revision": 1},
                       format="json")
    assert put.status_code == 200
    assert Submission.objects.get(label_id=label["id"]).review_state == "pending"  # the fix is not a resubmit
    accepted = reviewer.post(f"/api/v1/labels/{label['id']}/review", {"decision": "accept"}, format="json")
    assert accepted.json()["fixed"] is True and accepted.json()["revision"] == 2
    assert Asset.objects.get(pk=asset.pk).status == "done"


def test_nobody_reviews_their_own_label_and_labelers_do_not_review(client_for, project):
    set_settings(project, review_fraction=1.0)
    (asset,) = make_assets(project, 1)
    own = client_for("reviewer").post(f"/api/v1/assets/{asset.id}/labels", car_label(), format="json").json()
    assert client_for("reviewer").post(f"/api/v1/projects/{project.id}/queue/next?stage=review").status_code == 204
    response = client_for("reviewer").post(f"/api/v1/labels/{own['id']}/review", {"decision": "accept"},
                                           format="json")
    assert response.status_code == 403 and "own" in response.json()["detail"]
    assert client_for("labeler").post(f"/api/v1/labels/{own['id']}/review", {"decision": "accept"},
                                      format="json").status_code == 403
    assert Submission.objects.get(label_id=own["id"]).review_state == "pending"


def test_bad_reviews_are_400_and_store_nothing(client_for, project):
    asset, label = labeled_and_sampled(client_for, project)
    url = f"/api/v1/labels/{label['id']}/review"
    reviewer = client_for("reviewer")
    for bad, word in [({"decision": "reject"}, "comment"), ({"decision": "maybe"}, "decision"),
                      ({"decision": "reject", "pins": [{"x": 400, "y": 2}]}, "outside"),
                      ({"decision": "reject", "pins": [{"y": 2}]}, "x")]:
        response = reviewer.post(url, bad, format="json")
        assert response.status_code == 400 and word in response.json()["detail"], response.json()
    assert reviewer.get(f"/api/v1/labels/{label['id']}/reviews").json() == []
    assert Asset.objects.get(pk=asset.pk).status == "in_review"


def test_drafts_are_not_reviewed(client_for, project):
    (asset,) = make_assets(project, 1)
    draft = client_for("labeler").post(f"/api/v1/assets/{asset.id}/labels", car_label(status="draft"),
                                       format="json").json()
    response = client_for("reviewer").post(f"/api/v1/labels/{draft['id']}/review", {"decision": "accept"},
                                           format="json")
    assert response.status_code == 409


def test_unsampled_labels_skip_review(client_for, project):
    set_settings(project, review_fraction=0.0)
    (asset,) = make_assets(project, 1)
    client_for("labeler").post(f"/api/v1/assets/{asset.id}/labels", car_label(), format="json")
    assert Asset.objects.get(pk=asset.pk).status == "labeled"
    assert client_for("reviewer").post(f"/api/v1/projects/{project.id}/queue/next?stage=review").status_code == 204


def test_the_project_review_list_filters_and_shows_labelers_their_own(client_for, project):
    set_settings(project, review_fraction=1.0)
    first, second = make_assets(project, 2)
    labels = {
        name: client_for(name).post(f"/api/v1/assets/{asset.id}/labels", car_label(), format="json").json()
        for name, asset in (("labeler", first), ("labeler2", second))
    }
    reviewer = client_for("reviewer")
    assert reviewer.post(f"/api/v1/labels/{labels['labeler']['id']}/review",
                         {"decision": "reject", "comment": "too loose"}, format="json").status_code == 201
    assert reviewer.post(f"/api/v1/labels/{labels['labeler2']['id']}/review",
                         {"decision": "accept"}, format="json").status_code == 201
    url = f"/api/v1/projects/{project.id}/reviews"

    everything = client_for("manager").get(url).json()
    assert everything["count"] == 2
    newest, oldest = everything["results"]
    assert (newest["decision"], newest["asset"], newest["author"]["username"]) == ("accept", second.id, "labeler2")
    assert (oldest["comment"], oldest["reviewer"]["username"], oldest["label"]) == (
        "too loose", "reviewer", labels["labeler"]["id"])

    def decisions(client, query=""):
        response = client.get(url + query)
        assert response.status_code == 200, response.json()
        return [r["decision"] for r in response.json()["results"]]

    manager = client_for("manager")
    assert decisions(manager, "?decision=reject") == ["reject"]
    assert decisions(manager, "?author=labeler2") == ["accept"]
    assert decisions(manager, "?reviewer=manager") == []
    assert decisions(manager, "?from=2000-01-01&to=2000-12-31") == []
    assert decisions(client_for("viewer")) == ["accept", "reject"]
    assert decisions(client_for("labeler")) == ["reject"]  # only reviews of their own labels
    assert manager.get(url + "?decision=maybe").status_code == 400
    assert client_for("outsider").get(url).status_code == 404
