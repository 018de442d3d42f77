"""Reading a user's notifications."""

from django.contrib.auth.models import User
from django.db.models import QuerySet

from labelplatform.notifications.models import Notification


def notifications_of(*, user: User, unread_only: bool = False) -> QuerySet[Notification]:
    rows = Notification.objects.filter(user=user).select_related("project")
    return rows.filter(read_at__isnull=True) if unread_only else rows


def unread_count(*, user: User) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).count()
