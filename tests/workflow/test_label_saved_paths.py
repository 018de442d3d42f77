"""The two paths of workflow.services.label_saved write the same rows.

On PostgreSQL a submit's bookkeeping runs as one function (migration 0005); SQLite keeps the
ORM path. Both play the same history here, in two projects, and every workflow row they leave
behind (asset status, claims, submissions, scores, pre-label acceptance) must match.
"""

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from labelplatform.assets.models import Asset
from labelplatform.prelabel.models import PredictionAcceptance
from labelplatform.prelabel.services import prediction_store
from labelplatform.projects.models import Membership, Project, Role
from labelplatform.projects.services import ontology_save, project_create
from labelplatform.quality.models import Score
from labelplatform.workflow import services
from labelplatform.workflow.models import Claim, Submission
from tests.conftest import CLASSES
from tests.workflow.helpers import car_label, label_body, make_assets, rect, rle, set_settings


def new_project(users: dict[str, Any]) -> Project:
    project = project_create(user=users["manager"], name="paths", settings={"labelers_see_all": True})
    for name, role in [("reviewer", Role.REVIEWER), ("labeler", Role.LABELER), ("labeler2", Role.LABELER)]:
        Membership.objects.create(project=project, user=users[name], role=role)
    ontology_save(project=project, user=users["manager"], document={"classes": CLASSES, "classifications": [
        {"name": "weather", "type": "radio", "options": [{"value": "sun"}, {"value": "rain"}]}]})
    return project


def ok(response: Any, code: int) -> dict[str, Any]:
    assert response.status_code == code, response.content[:300]
    return response.json()


def play(project: Project, client_for: Any) -> list[Asset]:
    """Drafts, claims, sampling, rejection and resubmission, a reviewer's fix, gold, consensus, a prediction."""
    labeler, labeler2, reviewer, manager = (client_for(n) for n in ("labeler", "labeler2", "reviewer", "manager"))
    assets = make_assets(project, 5)
    queue = f"/api/v1/projects/{project.pk}/queue/next"

    # A draft under an open claim, then the submit ends the claim (nothing sampled).
    assert ok(labeler.post(queue), 200)["asset"]["id"] == assets[0].pk
    draft = ok(labeler.post(f"/api/v1/assets/{assets[0].pk}/labels", car_label("draft"), format="json"), 201)
    ok(labeler.put(f"/api/v1/labels/{draft['id']}", {**car_label(), "revision": 1}, format="json"), 200)

    # Sampled for review, rejected, resubmitted by its author, then fixed by the reviewer.
    set_settings(project, review_fraction=1.0)
    assert ok(labeler2.post(queue), 200)["asset"]["id"] == assets[1].pk
    sampled = ok(labeler2.post(f"/api/v1/assets/{assets[1].pk}/labels", car_label(), format="json"), 201)
    ok(reviewer.post(f"/api/v1/labels/{sampled['id']}/review", {"decision": "reject", "comment": "short"},
                     format="json"), 201)
    ok(labeler2.put(f"/api/v1/labels/{sampled['id']}", {**car_label(), "revision": 1}, format="json"), 200)
    ok(reviewer.put(f"/api/v1/labels/{sampled['id']}", {**car_label(), "revision": 2}, format="json"), 200)

    # Gold: sampled for review as any label (review_fraction is 1), scored against the reference, the asset is done.
    reference = ok(manager.post(f"/api/v1/assets/{assets[2].pk}/labels",
                                label_body((1, rect(0, 10, 0, 10)), (2, rect(20, 30, 0, 40))), format="json"), 201)
    ok(manager.post(f"/api/v1/assets/{assets[2].pk}/gold", {"label": reference["id"]}, format="json"), 201)
    ok(labeler.post(f"/api/v1/assets/{assets[2].pk}/labels",
                    label_body((1, rect(0, 10, 0, 5)), (2, rect(20, 30, 0, 40))), format="json"), 201)

    # Consensus: in progress after the first of two labels, labeled after the second, scored pairwise.
    set_settings(project, review_fraction=0.0, labels_per_asset=2)
    ok(labeler.post(f"/api/v1/assets/{assets[3].pk}/labels", car_label(), format="json"), 201)
    ok(labeler2.post(f"/api/v1/assets/{assets[3].pk}/labels", label_body((1, rect(2, 10, 3, 12))),
                     format="json"), 201)

    # A pre-labeled asset: the submit records what the labeler changed.
    prediction_store(asset=assets[4], objects=[{"class": 1, "mask": rle(rect(2, 10, 3, 10)), "score": 0.9}],
                     source="import")
    ok(labeler.post(f"/api/v1/assets/{assets[4].pk}/labels", car_label(), format="json"), 201)
    return assets


def rows(assets: list[Asset]) -> list[Any]:
    """What the workflow wrote, per asset in play order, without ids or times."""
    out = []
    for asset in assets:
        out.append({
            "status": Asset.objects.get(pk=asset.pk).status,
            "claims": sorted((c.user.username, c.stage, c.end_reason, c.ended_at is None)
                             for c in Claim.objects.filter(asset=asset)),
            "submissions": sorted((s.author.username, s.review_state, s.resubmitted_at is None, s.reviewed_at is None)
                                  for s in Submission.objects.filter(asset=asset)),
            "scores": sorted((s.author.username, s.kind, s.class_id or 0, round(s.iou, 6), s.revision)
                             for s in Score.objects.filter(asset=asset)),
            "acceptance": sorted((a.label.author.username, a.objects_predicted, a.objects_submitted, a.pixels_changed)
                                 for a in PredictionAcceptance.objects.filter(label__asset=asset)),
        })
    return out


def test_the_database_function_and_the_orm_path_leave_the_same_rows(client_for, users, monkeypatch):
    with CaptureQueriesContext(connection) as queries:
        by_function = rows(play(new_project(users), client_for))
    used = any("workflow_label_saved" in q["sql"] for q in queries.captured_queries)
    assert used == (connection.vendor == "postgresql")

    monkeypatch.setattr(services, "USE_DB_FUNCTION", False)
    with CaptureQueriesContext(connection) as queries:
        by_orm = rows(play(new_project(users), client_for))
    assert not any("workflow_label_saved" in q["sql"] for q in queries.captured_queries)

    assert by_function == by_orm
    statuses = [asset["status"] for asset in by_function]
    assert statuses == ["labeled", "in_review", "done", "labeled", "in_progress"]
    assert by_function[1]["submissions"] == [("labeler2", "pending", False, False)]
    assert by_function[0]["claims"] == [("labeler", "label", "submitted", False)]
    assert {s[1] for s in by_function[2]["scores"]} == {"gold"} and by_function[3]["scores"]
    assert by_function[4]["acceptance"] == [("labeler", 1, 1, 40)]


@pytest.mark.parametrize("use_function", [True, False])
def test_a_draft_after_a_submit_keeps_the_submission(client_for, project, monkeypatch, use_function):
    monkeypatch.setattr(services, "USE_DB_FUNCTION", use_function)
    (asset,) = make_assets(project, 1)
    labeler = client_for("labeler")
    label = ok(labeler.post(f"/api/v1/assets/{asset.pk}/labels", car_label(), format="json"), 201)
    ok(labeler.put(f"/api/v1/labels/{label['id']}", {**car_label("draft"), "revision": 1}, format="json"), 200)
    assert Submission.objects.filter(label_id=label["id"]).count() == 1
    assert Asset.objects.get(pk=asset.pk).status == "labeled"  # the submission still counts
