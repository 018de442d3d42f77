"""Cached embeddings leave with their asset, once the delete commits."""

from typing import Any

from django.db import transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver

from labelplatform.assets.models import Asset
from labelplatform.prelabel import storage


@receiver(post_delete, sender=Asset)
def delete_embeddings(sender: type[Asset], instance: Asset, **_: Any) -> None:
    asset_id, sha256 = instance.pk, instance.sha256
    transaction.on_commit(lambda: storage.asset_embeddings_delete(asset_id, sha256))
