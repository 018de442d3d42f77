"""Events of the apps below, turned into notifications: a rejected label (rework for its author), a
finished job (for whoever started it), an invitation to an existing account."""

from typing import Any

from django.contrib.auth.models import User
from django.db.models.signals import post_save
from django.dispatch import receiver

from labelplatform.common.events import JOB_FINISHED, LABEL_REVIEWED, project_event
from labelplatform.jobs.models import Job
from labelplatform.labels.models import Label
from labelplatform.notifications.models import Kind
from labelplatform.notifications.services import notify
from labelplatform.projects.models import Invitation, InvitationStatus


@receiver(project_event)
def on_project_event(sender: str, project_id: int, data: dict[str, Any], **_: Any) -> None:
    if sender == LABEL_REVIEWED and data["review"]["decision"] == "reject":
        _rework(data["review"])
    elif sender == JOB_FINISHED:
        _job_finished(data["job"])


def _rework(review: dict[str, Any]) -> None:
    label = Label.objects.select_related("asset__project", "author").filter(pk=review["label"]).first()
    if label is None:
        return
    reviewer = User.objects.filter(pk=review["reviewer"]).first()
    asset = label.asset
    notify(users=[label.author], kind=Kind.REWORK, project=asset.project, actor=reviewer,
           text=f"{reviewer.username if reviewer else 'A reviewer'} sent your label of {asset.name} back for rework",
           link=f"/projects/{asset.project_id}/assets/{asset.pk}/label")


def _job_finished(data: dict[str, Any]) -> None:
    job = Job.objects.select_related("created_by", "project").filter(pk=data["id"]).first()
    if job is None or job.created_by is None:
        return
    outcome = "finished" if data["status"] == "succeeded" else "failed"
    notify(users=[job.created_by], kind=Kind.JOB_FINISHED, project=job.project,
           text=f"Your {job.kind} job #{job.pk} {outcome}", link=f"/projects/{job.project_id}")


@receiver(post_save, sender=Invitation)
def on_invitation(sender: type[Invitation], instance: Invitation, created: bool, **_: Any) -> None:
    # A re-invitation (update_or_create of a pending one) tells the account again, with the new role.
    if instance.user is None or instance.status != InvitationStatus.PENDING:
        return
    by = instance.invited_by.username if instance.invited_by else "A manager"
    notify(users=[instance.user], kind=Kind.INVITATION, project=instance.project, actor=instance.invited_by,
           text=f"{by} invited you to {instance.project.name} as {instance.role}", link="/invitations")
