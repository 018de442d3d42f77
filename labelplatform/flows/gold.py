"""Gold references: quality keeps the reference and its scores, the workflow moves the asset's status."""

from django.contrib.auth.models import User
from django.db import transaction

from labelplatform.assets.models import Asset
from labelplatform.quality.models import GoldStandard
from labelplatform.quality.services import gold_remove, gold_set
from labelplatform.workflow.services import asset_status_refresh


@transaction.atomic
def asset_gold_set(*, asset: Asset, label_id: int, user: User) -> GoldStandard:
    gold = gold_set(asset=asset, label_id=label_id, user=user)
    asset_status_refresh(asset_id=asset.pk, is_gold=True)
    return gold


@transaction.atomic
def asset_gold_remove(*, asset: Asset) -> None:
    gold_remove(asset=asset)
    asset_status_refresh(asset_id=asset.pk, is_gold=False)
