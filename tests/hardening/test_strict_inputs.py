"""Values of the wrong type are refused where the schema names a type (schemathesis' negative checks).

DRF took `page_size=null` as "no page size", the number 0 as the e-mail "0" or version name "0",
and 0 or "yes" as a boolean; a generated client sending those has a bug the answer should name.
"""

import pytest
from django.contrib.auth.models import User
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("page_size", ["null", "0", "-1", "2.5", "abc", "٣"])
def test_a_page_size_that_is_not_a_whole_number_is_refused(client_for, project, page_size):
    answer = client_for("manager").get("/api/v1/projects", {"page_size": page_size})
    assert answer.status_code == 400, answer.content
    assert "page_size" in answer.json()


def test_a_page_size_is_taken_and_capped_at_500(client_for, project):
    client = client_for("manager")
    assert client.get("/api/v1/projects", {"page_size": "1"}).json()["count"] == 1
    assert client.get("/api/v1/projects", {"page_size": "100000"}).status_code == 200


def test_a_password_reset_email_must_be_a_string():
    client = APIClient()
    refused = client.post("/api/v1/auth/password-reset", {"email": 0}, format="json")
    assert refused.status_code == 400 and "email" in refused.json()
    taken = client.post("/api/v1/auth/password-reset", {"email": "nobody@example.com"}, format="json")
    assert taken.status_code == 202


@pytest.mark.parametrize("compress", [0, 1, "true", "yes", None])
def test_export_switches_must_be_json_booleans(client_for, project, compress):
    answer = client_for("manager").post(f"/api/v1/projects/{project.pk}/exports",
                                        {"format": "coco", "compress": compress}, format="json")
    assert answer.status_code == 400, answer.content
    assert "compress" in answer.json()


def test_compared_versions_are_named_by_strings(client_for, project):
    answer = client_for("manager").post(f"/api/v1/projects/{project.pk}/versions/compare",
                                        {"a": "v1", "b": 0}, format="json")
    assert answer.status_code == 400 and "b" in answer.json()


def test_a_member_is_named_by_user_name_or_by_id_as_a_number(client_for, project, users):
    # documented as string or integer: the id a client holds is a number
    client = client_for("manager")
    by_id = client.delete(f"/api/v1/projects/{project.pk}/members?user={users['viewer'].pk}")
    assert by_id.status_code == 204
    added = client.post(f"/api/v1/projects/{project.pk}/members", {"user": users["viewer"].pk, "role": "viewer"},
                        format="json")
    assert added.status_code in (201, 202), added.content


def test_a_member_named_by_a_fraction_or_a_boolean_is_refused(client_for, project):
    for user in (2.5, True):
        answer = client_for("manager").post(f"/api/v1/projects/{project.pk}/members", {"user": user, "role": "viewer"},
                                            format="json")
        assert answer.status_code == 400 and "user" in answer.json(), (user, answer.content)


@pytest.mark.parametrize("day", ["20261206", "2026-W49-1", "2026-12-6", "x"])
def test_report_dates_are_yyyy_mm_dd(client_for, project, day):
    answer = client_for("manager").get(f"/api/v1/projects/{project.pk}/stats", {"to": day})
    assert answer.status_code == 400 and "to" in answer.json()
    assert client_for("manager").get(f"/api/v1/projects/{project.pk}/stats", {"to": "2026-12-06"}).status_code == 200


def test_the_label_stream_checks_its_page_size(client_for, project):
    client = client_for("manager")
    assert client.get(f"/api/v1/projects/{project.pk}/labels", {"page_size": "0"}).status_code == 400
    assert client.get(f"/api/v1/projects/{project.pk}/labels", {"page_size": "1"}).status_code == 200


@pytest.mark.parametrize("body", [{"name": "x", "description": 1}, {"name": 1}])
def test_names_and_descriptions_are_strings(client_for, project, body):
    # a version's description, and (below) an ontology option's value and label
    answer = client_for("manager").post(f"/api/v1/projects/{project.pk}/versions", body, format="json")
    assert answer.status_code == 400, answer.content


def test_an_invitation_names_its_user_by_a_string(client_for, project):
    answer = client_for("manager").post(f"/api/v1/projects/{project.pk}/invitations", {"user": 0, "role": "viewer"},
                                        format="json")
    assert answer.status_code == 400 and "user" in answer.json()


def test_a_project_name_and_description_are_strings(client_for, project):
    client = client_for("manager")
    assert client.post("/api/v1/projects", {"name": 1}, format="json").status_code == 400
    answer = client.patch(f"/api/v1/projects/{project.pk}", {"description": 0}, format="json")
    assert answer.status_code == 400 and "description" in answer.json()


def test_import_switches_in_json_are_booleans(client_for, project):
    answer = client_for("manager").post(f"/api/v1/projects/{project.pk}/imports", {"urls": [], "add_classes": 0},
                                        format="json")
    assert answer.status_code == 400 and "add_classes" in answer.json()


# The full schemathesis run's negative_data_rejection failures: data the schema refuses, answered 2xx.

@pytest.mark.parametrize("path", ["quality", "reviews", "stats"])
@pytest.mark.parametrize("parameter", ["from", "to"])
def test_an_empty_report_date_is_not_a_date(client_for, project, path, parameter):
    client = client_for("manager")
    answer = client.get(f"/api/v1/projects/{project.pk}/{path}", {parameter: ""})
    assert answer.status_code == 400 and parameter in answer.json()
    assert client.get(f"/api/v1/projects/{project.pk}/{path}", {parameter: "2026-12-06"}).status_code == 200


@pytest.mark.parametrize("since", ["", "2025-01-31", "2025-01-31T12:00:00", "2025-01-31T12:00Z", "20250131T120000Z",
                                   "2025-01-31 12:00:00Z", "2025-01-31T12:00:00 01:00", "2025-02-30T12:00:00Z"])
def test_the_label_stream_takes_only_rfc_3339_times(client_for, project, since):
    answer = client_for("manager").get(f"/api/v1/projects/{project.pk}/labels", {"since": since})
    assert answer.status_code == 400 and "RFC 3339" in answer.json()["since"][0]


@pytest.mark.parametrize("since", ["2025-01-31T12:00:00Z", "2025-01-31t12:00:00.5z", "2025-01-31T12:00:00+01:00",
                                   "2025-01-31T12:00:00.123456-05:30"])
def test_the_label_stream_takes_rfc_3339_times(client_for, project, since):
    assert client_for("manager").get(f"/api/v1/projects/{project.pk}/labels", {"since": since}).status_code == 200


def test_an_empty_label_stream_status_is_none_of_the_values(client_for, project):
    answer = client_for("manager").get(f"/api/v1/projects/{project.pk}/labels", {"status": ""})
    assert answer.status_code == 400 and "status" in answer.json()


@pytest.mark.parametrize("value", ["1", "0", "yes", "on", "True", ""])
def test_import_switches_in_a_form_are_the_text_true_or_false(client_for, project, value):
    answer = client_for("manager").post(f"/api/v1/projects/{project.pk}/imports",
                                        {"path": "x", "add_classes": value}, format="multipart")
    assert answer.status_code == 400 and "add_classes" in answer.json()


def test_import_switches_in_a_form_take_true_and_false(client_for, project, settings, tmp_path):
    settings.IMPORT_ROOTS = [str(tmp_path)]
    for value in ("true", "false"):
        answer = client_for("manager").post(f"/api/v1/projects/{project.pk}/imports",
                                            {"path": str(tmp_path), "add_classes": value, "predictions": value},
                                            format="multipart")
        assert answer.status_code == 202, answer.json()
        assert answer.json()["params"]["add_classes"] is (value == "true")


@pytest.mark.parametrize("settings_value", [[], "", 0, False])
def test_project_settings_that_are_no_object_are_a_400(client_for, settings_value):
    answer = client_for("manager").post("/api/v1/projects", {"name": "p", "settings": settings_value}, format="json")
    assert answer.status_code == 400 and answer.json()["settings"] == ["must be an object"]


def test_a_form_without_a_switch_takes_its_default(client_for, project, settings, tmp_path):
    settings.IMPORT_ROOTS = [str(tmp_path)]
    answer = client_for("manager").post(f"/api/v1/projects/{project.pk}/imports", {"path": str(tmp_path)},
                                        format="multipart")
    assert answer.status_code == 202, answer.json()
    assert (answer.json()["params"]["add_classes"], answer.json()["params"]["predictions"]) == (False, False)
    exported = client_for("manager").post(f"/api/v1/projects/{project.pk}/exports", {"format": "coco"},
                                          format="multipart")
    assert exported.status_code == 202, exported.json()
    assert exported.json()["params"]["compress"] is True  # its default, not DRF's False for a missing checkbox


def test_a_blank_import_source_is_the_default_source(client_for, project, settings, tmp_path):
    # the schema said minLength 1 while a form's blank field was taken as not given: now blank is allowed
    settings.IMPORT_ROOTS = [str(tmp_path)]
    answer = client_for("manager").post(f"/api/v1/projects/{project.pk}/imports", {"path": str(tmp_path),
                                        "source": ""}, format="json")
    assert answer.status_code == 202, answer.json()


@pytest.mark.parametrize("flag", [0, 1, "yes", None])
def test_staff_switches_on_accounts_must_be_json_booleans(users, staff, flag):
    patched = staff.patch(f"/api/v1/users/{users['viewer'].pk}", {"is_active": flag}, format="json")
    assert patched.status_code == 400 and "is_active" in patched.json(), patched.content
    made = staff.post("/api/v1/users", {"username": "newbie", "is_staff": flag}, format="json")
    assert made.status_code == 400 and "is_staff" in made.json(), made.content
    users["viewer"].refresh_from_db()
    assert users["viewer"].is_active and not User.objects.filter(username="newbie").exists()


def test_a_user_name_and_a_verification_token_must_be_strings(staff):
    made = staff.post("/api/v1/users", {"username": 0}, format="json")
    assert made.status_code == 400 and "username" in made.json()
    confirmed = APIClient().post("/api/v1/auth/email/verify/confirm", {"token": 5}, format="json")
    assert confirmed.status_code == 400 and "token" in confirmed.json()


# Found walking the API as an attacker (walk3): these text fields took a JSON number and stored its
# text ("comment": 5 became the comment "5", an ontology class named 7 became "7").


def test_an_ontology_class_and_attribute_name_are_strings(client_for, project):
    client = client_for("manager")
    before = client.get(f"/api/v1/projects/{project.pk}/ontology").json()
    for classes in ([{"name": 7, "color": "#0000ff"}],
                    [{"name": "bus", "color": "#0000ff", "attributes": [{"name": 5, "type": "text"}]}]):
        answer = client.put(f"/api/v1/projects/{project.pk}/ontology", {"classes": classes}, format="json")
        assert answer.status_code == 400 and "classes" in answer.json(), answer.content
    assert client.get(f"/api/v1/projects/{project.pk}/ontology").json()["version"] == before["version"]


def test_a_review_comment_pin_text_and_skip_reason_are_strings(client_for, project):
    from labelplatform.workflow.models import Claim, Review
    from tests.workflow.helpers import car_label, make_assets

    first, _ = make_assets(project, 2)
    label = client_for("labeler").post(f"/api/v1/assets/{first.pk}/labels", car_label(), format="json").json()
    reviewer = client_for("reviewer")
    for body, field in (({"decision": "reject", "comment": 5}, "comment"),
                        ({"decision": "reject", "pins": [{"x": 1, "y": 1, "text": 5}]}, "pins")):
        answer = reviewer.post(f"/api/v1/labels/{label['id']}/review", body, format="json")
        assert answer.status_code == 400 and field in answer.json(), answer.content
    assert not Review.objects.exists()
    labeler2 = client_for("labeler2")
    claim = labeler2.post(f"/api/v1/projects/{project.pk}/queue/next").json()["claim"]
    skipped = labeler2.post(f"/api/v1/claims/{claim['id']}/skip", {"reason": 0}, format="json")
    assert skipped.status_code == 400 and "reason" in skipped.json(), skipped.content
    assert Claim.objects.get(pk=claim["id"]).ended_at is None


def test_a_thread_and_a_reply_are_strings(client_for, project, asset):
    from labelplatform.discussions.models import Comment

    client = client_for("labeler")
    answer = client.post(f"/api/v1/assets/{asset.pk}/threads", {"body": 12}, format="json")
    assert answer.status_code == 400 and "body" in answer.json(), answer.content
    thread = client.post(f"/api/v1/assets/{asset.pk}/threads", {"body": "is this a van?"}, format="json").json()
    reply = client.post(f"/api/v1/threads/{thread['id']}/comments", {"body": 12}, format="json")
    assert reply.status_code == 400 and "body" in reply.json(), reply.content
    assert Comment.objects.filter(thread_id=thread["id"]).count() == 1


# DRF's IntegerField and FloatField took "1" and true: a label's time "3" was stored as 3 s, an
# asset's priority true as 1, a class id "2" as class 2 (walk-through finding).

@pytest.mark.parametrize("value", ["1", True, "", None, 1.5])
def test_an_asset_priority_is_a_json_whole_number(client_for, project, asset, value):
    answer = client_for("manager").put(f"/api/v1/assets/{asset.pk}/priority", {"priority": value}, format="json")
    assert answer.status_code == 400 and "priority" in answer.json(), answer.content
    asset.refresh_from_db()
    assert asset.priority == 0


def test_an_asset_priority_takes_a_number_and_a_whole_float(client_for, project, asset):
    for value, stored in ((7, 7), (3.0, 3)):
        answer = client_for("manager").put(f"/api/v1/assets/{asset.pk}/priority", {"priority": value}, format="json")
        assert answer.status_code == 200, answer.content
        asset.refresh_from_db()
        assert asset.priority == stored


@pytest.mark.parametrize("field,value", [("time_spent_s", "3"), ("time_spent_s", True), ("class", "1"),
                                         ("class", True)])
def test_a_label_time_and_class_are_json_numbers(client_for, project, asset, field, value):
    from labelplatform.labels.models import Label
    from tests.workflow.helpers import car_label

    body = car_label()
    if field == "class":
        body["objects"][0]["class"] = value
    else:
        body[field] = value
    answer = client_for("labeler").post(f"/api/v1/assets/{asset.pk}/labels", body, format="json")
    assert answer.status_code == 400 and field in str(answer.json()), answer.content
    assert not Label.objects.filter(asset=asset).exists()


def test_an_ontology_class_id_is_a_json_number(client_for, project):
    client = client_for("manager")
    before = client.get(f"/api/v1/projects/{project.pk}/ontology").json()
    classes = [{**c, "id": str(c["id"])} if i == 0 else c for i, c in enumerate(before["classes"])]
    answer = client.put(f"/api/v1/projects/{project.pk}/ontology", {"classes": classes}, format="json")
    assert answer.status_code == 400 and "classes" in answer.json(), answer.content
    assert client.get(f"/api/v1/projects/{project.pk}/ontology").json()["version"] == before["version"]


@pytest.mark.parametrize("count", ["2", True])
def test_a_synthesis_count_is_a_json_number(client_for, project, count):
    from labelplatform.jobs.models import Job

    answer = client_for("manager").post(f"/api/v1/projects/{project.pk}/dataengine/synthesize", {"count": count},
                                        format="json")
    assert answer.status_code == 400 and "count" in answer.json(), answer.content
    assert not Job.objects.exists()


def test_no_loose_drf_number_or_boolean_field_is_left():
    # every serializer takes the strict fields of common/fields.py; the plain DRF ones take "1" and true
    import re
    from pathlib import Path

    import labelplatform

    loose = [f"{path}:{n}" for path in Path(labelplatform.__file__).parent.rglob("*.py")
             if path.parts[-2:] != ("common", "fields.py")
             for n, line in enumerate(path.read_text().splitlines(), 1)
             if re.search(r"serializers\.(IntegerField|FloatField|BooleanField|DecimalField)\b", line)]
    assert loose == []
