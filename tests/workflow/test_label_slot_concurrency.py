"""Two submits racing for an asset's last free slot on PostgreSQL: threads, each with its own
connection, through the API. On PostgreSQL the slot rule runs inside workflow_label_saved, after
the label's insert; the asset row lock must still let only one of them take the slot."""

import pytest
from django.db import connection
from rest_framework.test import APIClient

from labelplatform.assets.models import Asset
from labelplatform.labels.models import Label, LabelObject, LabelRevision
from labelplatform.workflow import services
from labelplatform.workflow.models import Submission
from tests.workflow.helpers import car_label, make_assets, run_together

RACERS = ("labeler", "labeler2")


def race(users, path: str, bodies: dict[str, dict]) -> dict[str, tuple[int, dict]]:
    """Each user's request to `path` (formatted with their entry; POST for a new label, else PUT),
    all sent at once: each user's status code and JSON answer."""
    answers: dict[str, tuple[int, dict]] = {}

    def save(name: str) -> None:
        client = APIClient()
        client.force_authenticate(users[name])
        method = client.post if path.startswith("/api/v1/assets") else client.put
        response = method(path.format(**bodies[name]), bodies[name]["body"], format="json")
        answers[name] = (response.status_code, response.json())

    run_together(save, bodies)
    return answers


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("use_function", [True, False], ids=["in the function", "before the write"])
def test_two_submits_for_the_last_slot_one_lands_and_the_other_stores_nothing(project, users, monkeypatch,
                                                                              use_function):
    monkeypatch.setattr(services, "USE_DB_FUNCTION", use_function)
    assert connection.vendor == "postgresql", "this test needs PostgreSQL; set DATABASE_URL"
    (asset,) = make_assets(project, 1)  # labels_per_asset 1: one free slot, nobody holds a claim

    answers = race(users, f"/api/v1/assets/{asset.pk}/labels",
                   {name: {"body": car_label()} for name in RACERS})

    assert sorted(code for code, _ in answers.values()) == [201, 409]
    (winner,) = [name for name, (code, _) in answers.items() if code == 201]
    (loser,) = [name for name in RACERS if name != winner]
    assert "has all its 1 label(s) or open claims" in answers[loser][1]["detail"]
    (label,) = Label.objects.filter(asset=asset)
    assert label.author == users[winner] and label.pk == answers[winner][1]["id"]
    assert list(Submission.objects.filter(asset=asset).values_list("label_id", flat=True)) == [label.pk]
    assert not LabelRevision.objects.filter(label__author=users[loser]).exists()
    assert LabelObject.objects.filter(revision__label__asset=asset).count() == 1
    assert Asset.objects.get(pk=asset.pk).status == "labeled"


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("use_function", [True, False], ids=["in the function", "before the write"])
def test_two_drafts_submitted_for_the_last_slot_one_lands_and_the_other_stays_a_draft(project, users, client_for,
                                                                                     monkeypatch, use_function):
    monkeypatch.setattr(services, "USE_DB_FUNCTION", use_function)
    assert connection.vendor == "postgresql", "this test needs PostgreSQL; set DATABASE_URL"
    (asset,) = make_assets(project, 1)
    drafts = {name: client_for(name).post(f"/api/v1/assets/{asset.pk}/labels", car_label(status="draft"),
                                          format="json").json() for name in RACERS}
    assert all("id" in draft for draft in drafts.values()), drafts  # drafts take no slot

    answers = race(users, "/api/v1/labels/{id}",
                   {name: {"id": d["id"], "body": {**car_label(), "revision": d["revision"]}}
                    for name, d in drafts.items()})

    assert sorted(code for code, _ in answers.values()) == [200, 409]
    (loser,) = [name for name, (code, _) in answers.items() if code == 409]
    stored = Label.objects.get(pk=drafts[loser]["id"])
    assert (stored.status, stored.revision) == ("draft", 1)
    assert LabelRevision.objects.filter(label=stored).count() == 1
    assert Submission.objects.filter(asset=asset).count() == 1
    assert Asset.objects.get(pk=asset.pk).status == "labeled"
