"""The people page: staff see everyone, a manager the people of the projects they manage."""

from django.contrib.auth.models import User
from rest_framework.test import APIClient

from labelplatform.projects.models import Membership
from labelplatform.projects.services import project_create


def _roles(people: list[dict]) -> dict[str, list[tuple[str, str]]]:  # type: ignore[type-arg]
    return {p["username"]: [(r["name"], r["role"]) for r in p["projects"]] for p in people}


def test_staff_see_everyone_with_every_project_and_role(users, project):
    project_create(user=users["outsider"], name="Other", description="", settings={})
    staff = APIClient()
    staff.force_authenticate(User.objects.create_user("staff", is_staff=True))
    people = _roles(staff.get("/api/v1/people").json())
    assert people == {
        "labeler": [("Streets", "labeler")], "labeler2": [("Streets", "labeler")],
        "manager": [("Streets", "manager")], "outsider": [("Other", "manager")],
        "reviewer": [("Streets", "reviewer")], "staff": [], "viewer": [("Streets", "viewer")],
    }


def test_a_manager_sees_only_their_projects_people_and_roles(client_for, users, project):
    other = project_create(user=users["outsider"], name="Other", description="", settings={})
    Membership.objects.create(project=other, user=users["labeler"], role="reviewer")
    people = _roles(client_for("manager").get("/api/v1/people").json())
    assert people == {
        "labeler": [("Streets", "labeler")], "labeler2": [("Streets", "labeler")],
        "manager": [("Streets", "manager")], "reviewer": [("Streets", "reviewer")],
        "viewer": [("Streets", "viewer")],
    }


def test_someone_who_manages_nothing_sees_nobody(client_for, project):
    assert client_for("labeler").get("/api/v1/people").json() == []
