"""Project scoping and roles in one place.

Every project-bound view derives from ProjectScopedView: it resolves the project
(from the URL or from the object the URL names), checks the caller's role for the
HTTP method, and answers 404 to outsiders so project ids do not leak.
"""

from typing import Any, ClassVar

from django.db import models
from django.shortcuts import get_object_or_404
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.request import Request
from rest_framework.views import APIView

from labelplatform.projects.models import Membership, Project, Role

ANY_MEMBER = frozenset(Role)
EDITORS = frozenset({Role.MANAGER, Role.REVIEWER, Role.LABELER})
MANAGERS = frozenset({Role.MANAGER})


def role_of(user: Any, project: Project) -> Role | None:
    """The caller's role; staff act as managers everywhere."""
    if not user.is_authenticated:
        return None
    if user.is_staff:
        return Role.MANAGER
    role = (
        Membership.objects.filter(project=project, user=user).values_list("role", flat=True).first()
    )
    return Role(role) if role else None


def check_project_access(user: Any, project: Project, allowed: frozenset[Role]) -> Role:
    role = role_of(user, project)
    if role is None:
        raise NotFound("project not found")
    if role not in allowed:
        raise PermissionDenied(f"your role '{role}' may not do this in project {project.pk}")
    return role


def visible_projects(user: Any) -> models.QuerySet[Project]:
    if user.is_staff:
        return Project.objects.all()
    return Project.objects.filter(memberships__user=user)


class ProjectScopedView(APIView):
    """Subclasses set `roles` (method -> allowed roles) and implement `resolve_project`."""

    roles: ClassVar[dict[str, frozenset[Role]]] = {"GET": ANY_MEMBER}

    def resolve_project(self, **kwargs: Any) -> Project:
        return get_object_or_404(Project, pk=kwargs["project_id"])

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)
        allowed = self.roles.get(request.method or "GET")
        if allowed is None:
            self.http_method_not_allowed(request)
        self.project = self.resolve_project(**kwargs)
        self.role = check_project_access(request.user, self.project, allowed or ANY_MEMBER)
