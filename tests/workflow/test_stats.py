from datetime import UTC, datetime, timedelta

from labelplatform.labels.models import LabelRevision
from labelplatform.workflow.models import Review, Submission
from tests.workflow.helpers import label_body, make_assets, rect, set_settings

DAY1 = datetime(2031, 3, 1, 10, 0, tzinfo=UTC)
DAY2 = DAY1 + timedelta(days=1)


def test_stats_per_labeler_and_per_day_within_a_date_range(client_for, project):
    set_settings(project, review_fraction=1.0)
    a, b, c = make_assets(project, 3)
    labeler, labeler2 = client_for("labeler"), client_for("labeler2")
    two_objects = label_body((1, rect(0, 5, 0, 5)), (2, rect(10, 20, 0, 40)), time_spent_s=30)
    first = labeler.post(f"/api/v1/assets/{a.id}/labels", {**two_objects, "status": "draft", "time_spent_s": 20},
                         format="json").json()
    labeler.put(f"/api/v1/labels/{first['id']}", {**two_objects, "revision": 1}, format="json")
    second = labeler.post(f"/api/v1/assets/{b.id}/labels", label_body((1, rect(0, 5, 0, 5)), time_spent_s=50),
                          format="json").json()
    labeler2.post(f"/api/v1/assets/{c.id}/labels", label_body((1, rect(0, 5, 0, 5)), time_spent_s=5), format="json")
    reviewer = client_for("reviewer")
    reviewer.post(f"/api/v1/labels/{first['id']}/review", {"decision": "reject", "comment": "x"}, format="json")
    reviewer.post(f"/api/v1/labels/{second['id']}/review", {"decision": "accept"}, format="json")
    # given: the first label was done on day 1, everything else on day 2
    LabelRevision.objects.update(created_at=DAY2)
    Submission.objects.update(submitted_at=DAY2)
    Review.objects.update(created_at=DAY2)
    LabelRevision.objects.filter(label_id=first["id"]).update(created_at=DAY1)
    Submission.objects.filter(label_id=first["id"]).update(submitted_at=DAY1)

    url = f"/api/v1/projects/{project.id}/stats"
    stats = client_for("manager").get(url).json()
    rows = {row["user"]["username"]: row for row in stats["labelers"]}
    mine = rows["labeler"]
    assert (mine["assets_labeled"], mine["objects"], mine["productive_time_s"]) == (2, 3, 100.0)
    assert mine["time_per_asset_s"] == 50.0 and mine["rejection_rate"] == 0.5
    assert rows["labeler2"]["productive_time_s"] == 5.0 and rows["labeler2"]["rejection_rate"] is None
    assert rows["reviewer"]["reviews_done"] == 2
    assert stats["totals"]["assets_labeled"] == 3
    assert [(d["date"], d["assets_labeled"], d["productive_time_s"]) for d in stats["days"]] == [
        ("2031-03-01", 1, 50.0), ("2031-03-02", 2, 55.0)]

    day1 = client_for("manager").get(f"{url}?from=2031-03-01&to=2031-03-01").json()
    assert {r["user"]["username"]: r["productive_time_s"] for r in day1["labelers"]} == {"labeler": 50.0}
    assert day1["from"] == day1["to"] == "2031-03-01"
    own = client_for("labeler2").get(url).json()
    assert [r["user"]["username"] for r in own["labelers"]] == ["labeler2"]
    assert client_for("manager").get(f"{url}?from=2031-03-02&to=2031-03-01").status_code == 400
    assert client_for("manager").get(f"{url}?from=yesterday").status_code == 400
