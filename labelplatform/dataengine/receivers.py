"""Project.engine_trained_at (read by a label save) follows the versions' rows; a deleted project's engine
files leave with it."""

from typing import Any

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from labelplatform.dataengine import storage
from labelplatform.dataengine.models import EngineVersion
from labelplatform.dataengine.services import engine_trained_at_refresh
from labelplatform.projects.models import Project


@receiver(post_save, sender=EngineVersion, dispatch_uid="dataengine.trained_at.save")
@receiver(post_delete, sender=EngineVersion, dispatch_uid="dataengine.trained_at.delete")
def _on_version_change(sender: type[EngineVersion], instance: EngineVersion, **_: Any) -> None:
    engine_trained_at_refresh(instance.project_id)


@receiver(post_delete, sender=Project, dispatch_uid="dataengine.files.delete")
def _on_project_delete(sender: type[Project], instance: Project, **_: Any) -> None:
    project_id = instance.pk
    transaction.on_commit(lambda: storage.project_files_delete(project_id))
