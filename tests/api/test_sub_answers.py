"""Nested sub-questions: option sub-questions fold into their field's value, text and number ones
have a path key of their own ("field/option/sub-question")."""

import pytest
from rest_framework.exceptions import ValidationError

from labelplatform.labels.attributes import check_values

PLATE = {"name": "plate", "type": "text", "required": True}
SEATS = {"name": "seats", "type": "number"}
BODY = {"name": "body", "type": "radio", "required": True,
        "options": [{"value": "sedan"}, {"value": "van", "children": [SEATS]}]}
VEHICLE = {"name": "vehicle", "type": "radio", "required": True,
           "options": [{"value": "car", "children": [BODY, PLATE]}, {"value": "bike"}]}
TAGS = {"name": "tags", "type": "checklist",
        "options": [{"value": "damaged", "children": [{"name": "where", "type": "text"}]}, {"value": "parked"}]}
FIELDS = [VEHICLE, TAGS]


def check(values, submitted=True):
    return check_values(values, FIELDS, "attributes", submitted)


def detail(values, submitted=True) -> str:
    with pytest.raises(ValidationError) as error:
        check(values, submitted)
    return str(error.value.detail["detail"])


def test_sub_answers_at_every_depth_are_kept_as_sent():
    values = {"vehicle": "van", "vehicle/car/plate": "AB-123", "vehicle/car/body/van/seats": 7,
              "tags": ["damaged", "parked"], "tags/damaged/where": "left door"}
    assert check(values) == values
    assert check({"vehicle": "bike"}) == {"vehicle": "bike"}  # a closed option asks nothing


def test_an_answer_under_an_option_not_chosen_is_refused():
    message = detail({"vehicle": "bike", "vehicle/car/plate": "AB-123"})
    assert "'vehicle/car/plate' answers option 'car', which is not chosen in 'vehicle'" in message
    assert "not chosen" in detail({"vehicle": "sedan", "vehicle/car/plate": "X", "vehicle/car/body/van/seats": 2})
    assert "not chosen" in detail({"tags": ["parked"], "tags/damaged/where": "roof"}, submitted=False)


def test_required_sub_questions_must_be_answered_at_submit_only():
    assert "'vehicle/car/plate' is required once 'car' is chosen" in detail({"vehicle": "sedan"})
    assert "'vehicle/car/body' is required once 'car' is chosen" in detail({"vehicle": "car", "vehicle/car/plate": "A"})
    assert check({"vehicle": "car"}, submitted=False) == {"vehicle": "car"}  # drafts may be incomplete


def test_sub_answers_are_type_checked_and_unknown_paths_refused():
    assert "must be text" in detail({"vehicle": "sedan", "vehicle/car/plate": 5})
    assert "must be a number" in detail({"vehicle": "van", "vehicle/car/plate": "A", "vehicle/car/body/van/seats": "7"})
    assert "unknown fields ['vehicle/car/colour']" in detail({"vehicle": "sedan", "vehicle/car/colour": "red"})
    # option sub-questions fold into the top-level value; they have no key of their own
    assert "unknown fields ['vehicle/car/body']" in detail({"vehicle": "car", "vehicle/car/body": "van"})
