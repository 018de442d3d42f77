"""Project.engine_trained_at (read by a label save) follows the versions' rows."""

from typing import Any

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from labelplatform.dataengine.models import EngineVersion
from labelplatform.dataengine.services import engine_trained_at_refresh


@receiver(post_save, sender=EngineVersion, dispatch_uid="dataengine.trained_at.save")
@receiver(post_delete, sender=EngineVersion, dispatch_uid="dataengine.trained_at.delete")
def _on_version_change(sender: type[EngineVersion], instance: EngineVersion, **_: Any) -> None:
    engine_trained_at_refresh(instance.project_id)
