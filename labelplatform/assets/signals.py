"""Stored files leave with their asset row."""

from typing import Any

from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver

from labelplatform.assets.external import is_external
from labelplatform.assets.models import Asset


@receiver(post_delete, sender=Asset)
def delete_files(sender: type[Asset], instance: Asset, **_: Any) -> None:
    # An external file (a customer's bucket object) is not ours to delete; its thumbnail is.
    paths = [p for p in (instance.file, instance.thumbnail) if p and not is_external(p)]

    def remove() -> None:
        for p in paths:
            default_storage.delete(p)

    transaction.on_commit(remove)
