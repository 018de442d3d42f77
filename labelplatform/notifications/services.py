"""Writing notifications: one per recipient, and an e-mail for the kinds people asked to get by mail."""

from collections.abc import Iterable

from django.conf import settings
from django.contrib.auth.models import User
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from labelplatform.notifications.models import Kind, Notification
from labelplatform.projects.models import Project


def notify(*, users: Iterable[User], kind: Kind, text: str, link: str = "", project: Project | None = None,
           actor: User | None = None) -> list[Notification]:
    """Tell each of `users` (once each, never the `actor` who caused it, never an inactive account)."""
    seen: set[int] = set()
    recipients = []
    for user in users:
        if user.pk in seen or not user.is_active or (actor is not None and user.pk == actor.pk):
            continue
        seen.add(user.pk)
        recipients.append(user)
    made = Notification.objects.bulk_create(
        Notification(user=u, kind=kind, text=text[:500], link=link[:300], project=project) for u in recipients)
    if kind in settings.NOTIFICATION_EMAIL_KINDS:
        mailed = [(u.email, text, link) for u in recipients if u.email]
        transaction.on_commit(lambda: _mail(mailed))
    return made


def _mail(mailed: list[tuple[str, str, str]]) -> None:
    site = settings.SITE_URL.rstrip("/")
    for address, text, link in mailed:
        send_mail(subject=text[:78], message=f"{text}\n\n{site}{link}\n" if link else f"{text}\n",
                  from_email=None, recipient_list=[address], fail_silently=True)


def notifications_mark_read(*, user: User, ids: list[int] | None) -> int:
    """Mark the user's notifications read (`ids`: these only; None: all); returns how many changed."""
    rows = Notification.objects.filter(user=user, read_at__isnull=True)
    if ids is not None:
        rows = rows.filter(pk__in=ids)
    return rows.update(read_at=timezone.now())
