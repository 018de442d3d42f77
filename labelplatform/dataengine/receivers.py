"""The cached newest engine version (services.newest_trained) follows the versions' rows."""

from typing import Any

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from labelplatform.dataengine.models import EngineVersion
from labelplatform.dataengine.services import newest_trained_forget


@receiver(post_save, sender=EngineVersion, dispatch_uid="dataengine.newest_cache.save")
@receiver(post_delete, sender=EngineVersion, dispatch_uid="dataengine.newest_cache.delete")
def _on_version_change(sender: type[EngineVersion], instance: EngineVersion, **_: Any) -> None:
    newest_trained_forget(instance.project_id)
