"""Work distribution: leases on assets (claims), the review state of submitted labels, and reviews."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone


class Stage(models.TextChoices):
    LABEL = "label"
    REVIEW = "review"


class ClaimEnd(models.TextChoices):
    SUBMITTED = "submitted"
    RELEASED = "released"
    SKIPPED = "skipped"
    EXPIRED = "expired"
    REVIEWED = "reviewed"


class Claim(models.Model):
    """A lease: `user` works on `asset` until `expires_at` unless renewed; ended claims stay as history.

    A label-stage claim with `label` set is rework of that (rejected) label; a review-stage
    claim always names the label under review.
    """

    project = models.ForeignKey("projects.Project", related_name="claims", on_delete=models.CASCADE)
    asset = models.ForeignKey("assets.Asset", related_name="claims", on_delete=models.CASCADE)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, related_name="claims", on_delete=models.CASCADE)
    stage = models.CharField(max_length=8, choices=Stage.choices, default=Stage.LABEL)
    # Indexed below only where set: most claims have no label, and every index costs each claim an insert.
    label = models.ForeignKey("labels.Label", null=True, blank=True, related_name="claims", on_delete=models.CASCADE,
                              db_index=False)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    ended_at = models.DateTimeField(null=True, blank=True)
    end_reason = models.CharField(max_length=16, choices=ClaimEnd.choices, blank=True, default="")
    skip_reason = models.TextField(blank=True, default="")

    class Meta:
        ordering = ["id"]
        indexes = [
            # Open leases of an asset: the claim query counts them per candidate asset.
            models.Index(fields=["asset"], condition=Q(ended_at__isnull=True), name="claim_open_by_asset"),
            models.Index(fields=["label"], condition=Q(label__isnull=False), name="claim_by_label"),
            models.Index(fields=["user", "project"], condition=Q(ended_at__isnull=True), name="claim_open_by_user"),
            # Skipped assets are never offered again to the same person.
            models.Index(fields=["user", "asset"], condition=Q(end_reason="skipped"), name="claim_skipped"),
        ]

    @property
    def is_active(self) -> bool:
        return self.ended_at is None and self.expires_at > timezone.now()


class ReviewState(models.TextChoices):
    NOT_SAMPLED = "not_sampled"
    PENDING = "pending"
    ACCEPTED = "accepted"
    REJECTED = "rejected"


class Submission(models.Model):
    """Workflow state of a label once it was submitted: it counts toward labels_per_asset from then on."""

    label = models.OneToOneField("labels.Label", related_name="submission", on_delete=models.CASCADE)
    project = models.ForeignKey("projects.Project", related_name="submissions", on_delete=models.CASCADE)
    asset = models.ForeignKey("assets.Asset", related_name="submissions", on_delete=models.CASCADE)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, related_name="submissions", on_delete=models.CASCADE)
    review_state = models.CharField(max_length=16, choices=ReviewState.choices, default=ReviewState.NOT_SAMPLED)
    submitted_at = models.DateTimeField(default=timezone.now, help_text="first submit")
    resubmitted_at = models.DateTimeField(null=True, blank=True)
    reviewed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["id"]
        indexes = [
            # The review queue: pending submissions of a project, oldest first.
            models.Index(fields=["project", "id"], condition=Q(review_state="pending"), name="submission_review_queue"),
            models.Index(fields=["author", "project"], condition=Q(review_state="rejected"),
                         name="submission_rework"),
            models.Index(fields=["project", "submitted_at"]),
        ]


class Decision(models.TextChoices):
    ACCEPT = "accept"
    REJECT = "reject"


class Review(models.Model):
    label = models.ForeignKey("labels.Label", related_name="reviews", on_delete=models.CASCADE)
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, related_name="reviews", on_delete=models.PROTECT)
    decision = models.CharField(max_length=8, choices=Decision.choices)
    comment = models.TextField(blank=True, default="")
    pins = models.JSONField(default=list, help_text="[{x, y, text}] in image pixels")
    revision = models.PositiveIntegerField(help_text="label revision the decision was made on")
    fixed = models.BooleanField(default=False, help_text="the reviewer edited the label before accepting")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["created_at"])]
