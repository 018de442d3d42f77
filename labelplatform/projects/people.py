"""Who a caller may see on the people page, each with their projects and roles.

Staff see every account and every membership. Anyone else sees the members of the projects they
manage, with only those projects' roles: a manager learns nothing about projects they do not run.
"""

from dataclasses import dataclass

from django.contrib.auth.models import User
from django.db.models import Prefetch

from labelplatform.projects.models import Membership, Role


@dataclass(frozen=True)
class Person:
    user: User
    memberships: list[Membership]


def managed_project_ids(user: User) -> list[int]:
    return list(Membership.objects.filter(user=user, role=Role.MANAGER).values_list("project_id", flat=True))


def people_visible_to(user: User) -> list[Person]:
    """Staff: everyone. Others: the people of the projects they manage (empty if they manage none)."""
    memberships = Membership.objects.select_related("project").order_by("project__name", "project_id")
    if user.is_staff:
        users = User.objects.all()
    else:
        managed = managed_project_ids(user)
        memberships = memberships.filter(project_id__in=managed)
        users = User.objects.filter(memberships__project_id__in=managed).distinct()
    users = users.order_by("username").prefetch_related(Prefetch("memberships", queryset=memberships,
                                                                  to_attr="visible_memberships"))
    return [Person(user=u, memberships=u.visible_memberships) for u in users]

