"""Reads on projects and ontologies."""

from datetime import datetime
from functools import lru_cache

from django.db.models import Count, QuerySet

from labelplatform.projects.models import Membership, OntologyVersion, Project


def ontology_current(project: Project) -> OntologyVersion:
    version = project.ontology_versions.first()
    assert version is not None, "project_create always makes version 1"
    return version


@lru_cache(maxsize=512)
def _ontology_version(project_id: int, created_at: datetime, version: int) -> OntologyVersion:
    return OntologyVersion.objects.get(project_id=project_id, version=version)


def ontology_of_row(project: Project) -> OntologyVersion:
    """The version `project.ontology_version` names, from a per-process cache (versions never change).

    For hot paths that loaded the project row in this request; treat the answer as read-only.
    """
    # created_at in the key: a database rebuilt under a running process may reuse a project id
    return _ontology_version(project.pk, project.created_at, project.ontology_version)


def active_class_ids(ontology: OntologyVersion) -> set[int]:
    return {c["id"] for c in ontology.document["classes"] if not c.get("archived")}


def members_of(project: Project) -> QuerySet[Membership]:
    return project.memberships.select_related("user").order_by("user__username")


def with_asset_counts(projects: QuerySet[Project]) -> QuerySet[Project]:
    return projects.annotate(asset_count=Count("assets", distinct=True)).order_by("-created_at", "-id")
