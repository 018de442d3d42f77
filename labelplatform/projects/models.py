import secrets

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
    # Kept by the apps above from their own rows, so a label save asks them nothing when they have
    # nothing to do (most projects): the project events (common.events) an active webhook
    # subscription wants, and when the newest data-engine version was trained (null: never).
    events_wanted = models.JSONField(default=list, blank=True)
    engine_trained_at = models.DateTimeField(null=True, blank=True)

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


class InvitationStatus(models.TextChoices):
    PENDING = "pending"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    REVOKED = "revoked"


def invitation_token() -> str:
    return secrets.token_urlsafe(32)


class Invitation(models.Model):
    """A manager's offer of a role; membership only once the invited user accepts.

    `invitee` is the user name or e-mail address as the manager typed it. `user` is the account it
    named when it was made; an e-mail address with no account leaves it empty and the invitation
    waits for a user with that address. `token` is for a sign-up link to carry (accounts made from
    an invitation are to come); it is never shown in API answers."""

    project = models.ForeignKey(Project, related_name="invitations", on_delete=models.CASCADE)
    invitee = models.CharField(max_length=254)
    email = models.EmailField(blank=True, default="")
    user = models.ForeignKey(conf.AUTH_USER_MODEL, null=True, blank=True, related_name="invitations",
                             on_delete=models.CASCADE)
    role = models.CharField(max_length=16, choices=Role.choices)
    status = models.CharField(max_length=16, choices=InvitationStatus.choices, default=InvitationStatus.PENDING)
    token = models.CharField(max_length=64, unique=True, default=invitation_token)
    invited_by = models.ForeignKey(conf.AUTH_USER_MODEL, null=True, related_name="+", on_delete=models.SET_NULL)
    created_at = models.DateTimeField(auto_now_add=True)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["project", "invitee"], condition=models.Q(status="pending"),
                                    name="one_pending_invitation_per_invitee"),
        ]
        indexes = [models.Index(fields=["email", "status"], name="invitation_email_status")]
