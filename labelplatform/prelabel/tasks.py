"""Beat task: retrain every project's pre-labeler that has enough new labels."""

from celery import shared_task

from labelplatform.prelabel.services import maybe_retrain
from labelplatform.projects.models import Project


@shared_task(name="prelabel.retrain_due")
def retrain_due() -> int:
    """Cheap per project (two counts); schedule every few minutes. Returns the jobs started."""
    return sum(maybe_retrain(project) is not None for project in Project.objects.all().iterator())
