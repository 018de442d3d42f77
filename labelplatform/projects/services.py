"""Writes on projects, members and ontologies."""

from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from rest_framework.exceptions import ValidationError

from labelplatform.common.events import MEMBER_ADDED, event_raise
from labelplatform.projects.config import check_workflow_settings
from labelplatform.projects.models import Membership, OntologyVersion, Project, Role, default_settings
from labelplatform.projects.ontology import check_classes

SETTING_RULES: dict[str, tuple[type, float, float]] = {
    "labels_per_asset": (int, 1, 20),
    "review_fraction": (float, 0.0, 1.0),
}


def clean_settings(raw: Any, base: dict[str, Any] | None = None) -> dict[str, Any]:
    if not isinstance(raw, dict):
        raise ValidationError({"settings": ["must be an object"]})
    merged = {**default_settings(), **(base or {}), **raw}
    for key, (kind, low, high) in SETTING_RULES.items():
        value = merged[key]
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not low <= value <= high:
            raise ValidationError({"settings": [f"{key} must be a number from {low} to {high}"]})
        if kind is int and int(value) != value:
            raise ValidationError({"settings": [f"{key} must be a whole number"]})
        merged[key] = kind(value)
    check_workflow_settings(merged)
    return merged


@transaction.atomic
def project_create(*, user: User, name: str, description: str = "", settings: Any = None) -> Project:
    project = Project.objects.create(
        name=name, description=description, created_by=user,
        settings=clean_settings({} if settings is None else settings),  # [] or "" is no object: a 400
    )
    Membership.objects.create(project=project, user=user, role=Role.MANAGER)
    OntologyVersion.objects.create(
        project=project, version=1, document={"classes": [], "classifications": []}, created_by=user
    )
    return project


def project_update(
    *, project: Project, name: str | None = None, description: str | None = None, settings: Any = None
) -> Project:
    """A partial update: what is None stays as it is (ProjectPatchSerializer lets no field be null)."""
    if name is not None:
        project.name = name
    if description is not None:
        project.description = description
    if settings is not None:
        project.settings = clean_settings(settings, base=project.settings)
    # Only the fields a manager edits: the kept ones (events_wanted, engine_trained_at) may have
    # changed since this row was read.
    project.save(update_fields=["name", "description", "settings"])
    return project


def member_set(*, project: Project, user: User, role: str) -> Membership:
    membership, created = Membership.objects.update_or_create(
        project=project, user=user, defaults={"role": role}
    )
    if created:
        member_added(membership)
    return membership


def member_added(membership: Membership) -> None:
    """The member.added event (webhooks) for a new membership."""
    event_raise(MEMBER_ADDED, project_id=membership.project_id, data={"member": {
        "user": membership.user_id, "username": membership.user.username, "role": membership.role}})


@transaction.atomic
def member_remove(*, project: Project, user: User) -> None:
    remaining = Membership.objects.filter(project=project, role=Role.MANAGER).exclude(user=user)
    is_manager = Membership.objects.filter(project=project, user=user, role=Role.MANAGER).exists()
    if is_manager and not remaining.exists():
        raise ValidationError({"user": ["a project keeps at least one manager"]})
    Membership.objects.filter(project=project, user=user).delete()


@transaction.atomic
def ontology_save(*, project: Project, user: User, document: dict[str, Any]) -> OntologyVersion:
    """Store a new immutable version. Classes left out are archived, never deleted."""
    given, project = project, Project.objects.select_for_update().get(pk=project.pk)
    current = project.ontology_versions.first()
    previous = {c["id"]: c for c in current.document["classes"]} if current else {}
    classes = [dict(c) for c in document["classes"]]
    check_classes(classes, set(previous))
    for cls in classes:
        if cls.get("id") is None:
            cls["id"] = project.next_class_id
            project.next_class_id += 1
        cls["archived"] = False
    kept = {c["id"] for c in classes}
    archived = [{**c, "archived": True} for cid, c in previous.items() if cid not in kept]
    version = (current.version + 1) if current else 1
    project.ontology_version = given.ontology_version = version  # the caller's row stays current too
    project.save(update_fields=["next_class_id", "ontology_version"])
    return OntologyVersion.objects.create(
        project=project,
        version=version,
        document={"classes": classes + archived, "classifications": document["classifications"]},
        created_by=user,
    )
