from django.conf import settings as conf
from django.db import models


def default_settings() -> dict[str, object]:
    # Labelers see only what is handed to them unless a manager opens the project up.
    return {"labels_per_asset": 1, "review_fraction": 0.0, "gold_fraction": 0.0, "labelers_see_all": False}


class Role(models.TextChoices):
    MANAGER = "manager"
    REVIEWER = "reviewer"
    LABELER = "labeler"
    VIEWER = "viewer"


class Project(models.Model):
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True, default="")
    settings = models.JSONField(default=default_settings)
    created_by = models.ForeignKey(conf.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(auto_now_add=True)
    # Class ids are never reused, so the counter lives on the project, not the version.
    next_class_id = models.PositiveIntegerField(default=1)
    # The current OntologyVersion.version, kept by ontology_save: label checks find the (immutable,
    # cached) ontology from the project row they already loaded.
    ontology_version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    project = models.ForeignKey(Project, related_name="memberships", on_delete=models.CASCADE)
    user = models.ForeignKey(conf.AUTH_USER_MODEL, related_name="memberships", on_delete=models.CASCADE)
    role = models.CharField(max_length=16, choices=Role.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["project", "user"], name="one_role_per_member")]


class OntologyVersion(models.Model):
    """An immutable ontology document; saving makes a new version."""

    project = models.ForeignKey(Project, related_name="ontology_versions", on_delete=models.CASCADE)
    version = models.PositiveIntegerField()
    document = models.JSONField()
    created_by = models.ForeignKey(conf.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-version"]
        constraints = [
            models.UniqueConstraint(fields=["project", "version"], name="one_ontology_version_number")
        ]
