"""Reads on projects and ontologies."""

from django.db.models import Count, QuerySet

from labelplatform.projects.models import Membership, OntologyVersion, Project


def ontology_current(project: Project) -> OntologyVersion:
    version = project.ontology_versions.first()
    assert version is not None, "project_create always makes version 1"
    return version


def active_class_ids(ontology: OntologyVersion) -> set[int]:
    return {c["id"] for c in ontology.document["classes"] if not c.get("archived")}


def members_of(project: Project) -> QuerySet[Membership]:
    return project.memberships.select_related("user").order_by("user__username")


def with_asset_counts(projects: QuerySet[Project]) -> QuerySet[Project]:
    return projects.annotate(asset_count=Count("assets", distinct=True)).order_by("-created_at", "-id")
