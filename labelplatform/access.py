"""Project scoping and roles in one place, above the apps whose rows it scopes.

Every project-bound view derives from ProjectScopedView: it resolves the project
(from the URL or from the object the URL names), checks the caller's role for the
HTTP method, and answers 404 to outsiders so project ids do not leak. Its views read
project-bound rows through `scoped(Model)`: the project filter and what a restricted
labeler may see are applied there, not by hand in each view.
"""

from typing import Any, ClassVar, TypeVar

from django.contrib.auth.models import User
from django.db import models
from django.shortcuts import get_object_or_404
from rest_framework.exceptions import NotAuthenticated, NotFound, PermissionDenied
from rest_framework.request import Request
from rest_framework.views import APIView

from labelplatform.assets.models import Asset
from labelplatform.common.joined_row import Extras
from labelplatform.jobs.models import Job
from labelplatform.labels.models import Label
from labelplatform.projects.models import Membership, Project, Role
from labelplatform.quality.models import GoldStandard
from labelplatform.workflow.selectors import own_work_view

ANY_MEMBER = frozenset(Role)
EDITORS = frozenset({Role.MANAGER, Role.REVIEWER, Role.LABELER})
MANAGERS = frozenset({Role.MANAGER})
REVIEWERS = frozenset({Role.MANAGER, Role.REVIEWER})


UNKNOWN: Any = object()  # "look the role up"


def signed_in(request: Request) -> User:
    """The caller as a User: every API view but login requires authentication (settings), so an
    anonymous caller here is refused the same way."""
    if not isinstance(request.user, User):
        raise NotAuthenticated()
    return request.user


def role_of(user: Any, project: Project, known: str | None = UNKNOWN) -> Role | None:
    """The caller's role; staff act as managers everywhere. `known`: read with the row (with_caller)."""
    if not user.is_authenticated:
        return None
    if user.is_staff:
        return Role.MANAGER
    role = known if known is not UNKNOWN else (
        Membership.objects.filter(project=project, user=user).values_list("role", flat=True).first()
    )
    return Role(role) if role else None


def check_project_access(user: Any, project: Project, allowed: frozenset[Role], known: str | None = UNKNOWN) -> Role:
    role = role_of(user, project, known)
    if role is None:
        raise NotFound("project not found")
    if role not in allowed:
        raise PermissionDenied(f"your role '{role}' may not do this in project {project.pk}")
    return role


def visible_projects(user: Any) -> models.QuerySet[Project]:
    if user.is_staff:
        return Project.objects.all()
    return Project.objects.filter(memberships__user=user)


# What a labeler may see. A project with settings["labelers_see_all"] false hands each labeler
# only the assets they claimed or labeled, and only their own labels. Every asset- or
# label-bound view gets the check from ProjectScopedView.initial; lists use the filters.


def labeler_restricted(role: Role | None, project: Project) -> bool:
    return role == Role.LABELER and not project.settings.get("labelers_see_all", False)


QS = models.QuerySet[Any]


def visible_assets(assets: QS, user: Any, role: Role | None, project: Project) -> QS:
    if not labeler_restricted(role, project):
        return assets
    handed = models.Q(labels__author=user) | models.Q(claims__user=user)
    return assets.filter(pk__in=assets.model.objects.filter(handed, project=project).values("pk"))


def visible_labels(labels: QS, user: Any, role: Role | None, project: Project) -> QS:
    if labeler_restricted(role, project):
        return labels.filter(author=user)
    return gold_others_hidden(labels, user, role)


def gold_others_hidden(labels: QS, user: Any, role: Role | None) -> QS:
    """For a labeler, `labels` less those of others on gold assets: a gold asset holds only their own work
    for them (labeler_gold_view). Where others' labels count without being shown (a sequence's tracks)."""
    if role == Role.LABELER:
        return labels.exclude(models.Q(asset__gold__isnull=False) & ~models.Q(author=user))
    return labels


def visible_jobs(jobs: QS, user: Any, role: Role | None, project: Project) -> QS:
    """A restricted labeler sees only the jobs they started: others' parameters and results name
    assets, labels and versions beyond what was handed to them."""
    return jobs.filter(created_by=user) if labeler_restricted(role, project) else jobs


def caller_columns(user: Any, project: str, asset: str | None = None) -> tuple[Extras, tuple[Any, ...]]:
    """Extra columns for joined_row: the caller's role in the row's project (`caller_role`) and,
    given the asset's alias, whether that asset was handed to them (`caller_handed`). The hot
    label paths then check access with no round trips of their own."""
    extras: list[tuple[str, str]] = [("caller_role", "(SELECT m.role FROM projects_membership m "
                                                     f"WHERE m.project_id = {{{project}}}.id AND m.user_id = %s)")]
    params: list[Any] = [user.pk]
    if asset is not None:
        extras.append(("caller_handed",
                       f"(EXISTS (SELECT 1 FROM labels_label l WHERE l.asset_id = {{{asset}}}.id AND l.author_id = %s)"
                       f" OR EXISTS (SELECT 1 FROM workflow_claim c WHERE c.asset_id = {{{asset}}}.id"
                       " AND c.user_id = %s))"))
        params += [user.pk, user.pk]
    return tuple(extras), tuple(params)


def check_asset_visible(user: Any, role: Role | None, asset: Asset, handed: bool | None = None) -> None:
    """`handed`: whether the asset was handed to the caller, when read with it (caller_columns)."""
    if not labeler_restricted(role, asset.project):
        return
    if handed is None:
        handed = asset.labels.filter(author=user).exists() or asset.claims.filter(user=user).exists()
    if not handed:
        raise NotFound("asset not found")


def check_label_visible(user: Any, role: Role | None, label: Label) -> None:
    if role != Role.LABELER or label.author_id == user.pk:
        return
    if labeler_restricted(role, label.asset.project) or GoldStandard.objects.filter(asset_id=label.asset_id).exists():
        raise NotFound("label not found")


def check_job_visible(user: Any, role: Role | None, job: Job, project: Project) -> None:
    if labeler_restricted(role, project) and job.created_by_id != user.pk:
        raise NotFound("job not found")


# Gold standards are the managers' secret (docs/workflow.md#quality): a labeler is shown a gold asset as an
# ordinary one holding only their own work, whatever labelers_see_all says. Reviewers and managers see it as is.


def labeler_gold_view(user: Any, role: Role | None, project: Project,
                      asset_ids: list[int] | None = None) -> dict[int, tuple[str, int]]:
    """For a labeler: gold asset id (of `asset_ids`, or the whole project) -> (status, label_count) shown to
    them; empty for every other role."""
    if role != Role.LABELER:
        return {}
    gold = GoldStandard.objects.filter(project=project)
    if asset_ids is not None:
        gold = gold.filter(asset_id__in=asset_ids)
    return own_work_view(asset_ids=list(gold.values_list("asset_id", flat=True)), user=user)


def gold_masked(rows: Any, seen: dict[int, tuple[str, int]]) -> Any:
    """Serialized assets (a dict or a list of them) with labeler_gold_view's status and label_count put in."""
    for row in [rows] if isinstance(rows, dict) else rows:
        if row["id"] in seen:
            row["status"], row["label_count"] = seen[row["id"]]
    return rows


M = TypeVar("M", bound=models.Model)


def _project_path(model: type[models.Model]) -> str:
    names = {f.name for f in model._meta.get_fields()}
    if "project" in names:
        return "project"
    if "asset" in names:
        return "asset__project"
    raise TypeError(f"{model.__name__} is not bound to a project")


class ProjectScopedView(APIView):
    """Subclasses set `roles` (method -> allowed roles) and implement `resolve_project`, which may set
    `caller_role` (read with the row) and `asset` or `label` (checked here for visibility)."""

    roles: ClassVar[dict[str, frozenset[Role]]] = {"GET": ANY_MEMBER}
    project: Project
    role: Role
    user: User  # the caller, signed in
    caller_role: str | None  # set by resolve_project when the caller's role came with the row
    caller_handed: bool | None = None  # likewise, whether the asset was handed to the caller

    def resolve_project(self, **kwargs: Any) -> Project:
        return get_object_or_404(Project, pk=kwargs["project_id"])

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)
        allowed = self.roles.get(request.method or "GET")
        if allowed is None:
            self.http_method_not_allowed(request)
        self.user = signed_in(request)
        self.project = self.resolve_project(**kwargs)
        self.role = check_project_access(self.user, self.project, allowed or ANY_MEMBER,
                                         getattr(self, "caller_role", UNKNOWN))
        # Object-level visibility, so no asset or label view can forget it.
        asset = getattr(self, "asset", None)
        if asset is not None:
            check_asset_visible(self.user, self.role, asset, self.caller_handed)
        label = getattr(self, "label", None)
        if label is not None:
            check_label_visible(self.user, self.role, label)
        job = getattr(self, "job", None)
        if job is not None:
            check_job_visible(self.user, self.role, job, self.project)

    def scoped(self, model: type[M]) -> "models.QuerySet[M]":
        """`model`'s rows in this project that the caller may see (a restricted labeler: only the
        assets handed to them, their own labels and the jobs they started)."""
        rows: models.QuerySet[Any] = model._default_manager.filter(**{_project_path(model): self.project})
        if model is Asset:
            rows = visible_assets(rows, self.request.user, self.role, self.project)
        elif model is Label:
            rows = visible_labels(rows, self.request.user, self.role, self.project)
        elif model is Job:
            rows = visible_jobs(rows, self.request.user, self.role, self.project)
        return rows
