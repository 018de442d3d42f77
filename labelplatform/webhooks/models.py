"""Per-project webhook subscriptions and the log of every delivery made for them."""

import uuid

from django.conf import settings
from django.db import models


class Subscription(models.Model):
    """Where a project's events go. The secret signs every delivery; the API never shows it again."""

    project = models.ForeignKey("projects.Project", related_name="webhooks", on_delete=models.CASCADE)
    url = models.URLField(max_length=2000)
    secret = models.CharField(max_length=200)
    events = models.JSONField(default=list)  # names from common.events.EVENTS
    active = models.BooleanField(default=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]


class DeliveryStatus(models.TextChoices):
    PENDING = "pending"  # waiting for its first or next attempt
    SUCCEEDED = "succeeded"  # the receiver answered 2xx
    FAILED = "failed"  # a 4xx, a refused address, or no attempts left


class Delivery(models.Model):
    """One event for one subscription: what was sent, and how each attempt went (the last one's answer)."""

    subscription = models.ForeignKey(Subscription, related_name="deliveries", on_delete=models.CASCADE)
    event = models.CharField(max_length=40)
    event_id = models.UUIDField(default=uuid.uuid4)  # the same on every attempt and redelivery: receivers dedupe on it
    payload = models.JSONField()
    status = models.CharField(max_length=16, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    response_code = models.PositiveIntegerField(null=True, blank=True)
    response_ms = models.PositiveIntegerField(null=True, blank=True)
    error = models.CharField(max_length=500, blank=True, default="")
    next_retry_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_attempt_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["subscription", "-created_at"]),
                   models.Index(fields=["next_retry_at"], condition=models.Q(status="pending"),
                                name="webhooks_delivery_pending")]
