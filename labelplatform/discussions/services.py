"""Writing threads and comments; mentions and replies become notifications.

Callers (apis.py) have checked the caller's role and that the asset, label or thread is visible to them."""

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone
from rest_framework.exceptions import ValidationError

from labelplatform.assets.models import Asset
from labelplatform.discussions.mentions import mentioned_names
from labelplatform.discussions.models import BODY_MAX, Comment, Thread, ThreadStatus
from labelplatform.labels.models import Label
from labelplatform.notifications.models import Kind
from labelplatform.notifications.services import notify
from labelplatform.projects.models import Membership


def _checked_body(body: str) -> str:
    body = body.strip()
    if not body:
        raise ValidationError({"body": ["write something"]})
    if len(body) > BODY_MAX:
        raise ValidationError({"body": [f"at most {BODY_MAX} characters"]})
    return body


def _checked_point(asset: Asset, x: float | None, y: float | None) -> None:
    if (x is None) != (y is None):
        raise ValidationError({"x": ["give both x and y for a pinned point, or neither"]})
    if x is not None and y is not None and not (0 <= x <= asset.width and 0 <= y <= asset.height):
        raise ValidationError({"x": [f"the point must lie on the image (0..{asset.width}, 0..{asset.height})"]})


@transaction.atomic
def thread_create(*, asset: Asset, user: User, body: str, label: Label | None = None, x: float | None = None,
                  y: float | None = None) -> Thread:
    body = _checked_body(body)
    if label is not None and label.asset_id != asset.pk:
        raise ValidationError({"label": [f"label {label.pk} is not on asset {asset.pk}"]})
    _checked_point(asset, x, y)
    thread = Thread.objects.create(project_id=asset.project_id, asset=asset, label=label, x=x, y=y, created_by=user)
    _comment_add(thread, user, body)
    return thread


@transaction.atomic
def comment_add(*, thread: Thread, user: User, body: str) -> Comment:
    return _comment_add(thread, user, _checked_body(body))


def _comment_add(thread: Thread, user: User, body: str) -> Comment:
    names = mentioned_names(body)
    mentioned = list(User.objects.filter(
        username__in=names, is_active=True,
        pk__in=Membership.objects.filter(project_id=thread.project_id).values("user")))
    earlier = list(User.objects.filter(comments__thread=thread).distinct())
    comment = Comment.objects.create(thread=thread, author=user, body=body)
    comment.mentions.set(mentioned)
    asset = thread.asset
    link = f"/projects/{thread.project_id}/assets/{asset.pk}?thread={thread.pk}"
    excerpt = body if len(body) <= 120 else body[:119] + "…"
    notify(users=mentioned, kind=Kind.MENTION, project=thread.project, actor=user, link=link,
           text=f"{user.username} mentioned you on {asset.name}: {excerpt}")
    told = {u.pk for u in mentioned}
    notify(users=[u for u in earlier if u.pk not in told], kind=Kind.REPLY, project=thread.project, actor=user,
           link=link, text=f"{user.username} replied on {asset.name}: {excerpt}")
    return comment


def thread_set_status(*, thread: Thread, user: User, resolved: bool) -> Thread:
    """Resolve or reopen; doing it twice is no error (the same state)."""
    if resolved and thread.status != ThreadStatus.RESOLVED:
        thread.status, thread.resolved_by, thread.resolved_at = ThreadStatus.RESOLVED, user, timezone.now()
    elif not resolved and thread.status != ThreadStatus.OPEN:
        thread.status, thread.resolved_by, thread.resolved_at = ThreadStatus.OPEN, None, None
    thread.save(update_fields=["status", "resolved_by", "resolved_at"])
    return thread
