"""queue_upcoming: the items the label queue would hand a labeler next, read without claiming anything."""

from labelplatform.assets.models import Asset
from labelplatform.workflow.models import Claim
from labelplatform.workflow.queue import queue_next, queue_upcoming
from tests.workflow.helpers import make_assets


def test_it_lists_the_next_items_in_queue_order_without_the_served_one(project, users):
    assets = make_assets(project, 5)
    Asset.objects.filter(pk=assets[3].pk).update(priority=9)
    Asset.objects.filter(pk=assets[1].pk).update(priority=5)
    served = queue_next(project=project, user=users["labeler"], stages=["label"])
    assert served is not None and served.claim.asset_id == assets[3].pk
    upcoming = queue_upcoming(project=project, user=users["labeler"], served=served.claim, limit=3)
    assert [a.pk for a in upcoming] == [assets[1].pk, assets[0].pk, assets[2].pk]
    claims = Claim.objects.count()
    assert claims == 1  # read only: nothing else was claimed


def test_it_leaves_out_items_someone_else_holds_and_asks_for_none_at_zero(project, users):
    assets = make_assets(project, 3)
    other = queue_next(project=project, user=users["labeler2"], stages=["label"])
    assert other is not None and other.claim.asset_id == assets[0].pk
    served = queue_next(project=project, user=users["labeler"], stages=["label"])
    assert served is not None and served.claim.asset_id == assets[1].pk
    assert [a.pk for a in queue_upcoming(project=project, user=users["labeler"], served=served.claim,
                                         limit=5)] == [assets[2].pk]
    assert queue_upcoming(project=project, user=users["labeler"], served=served.claim, limit=0) == []
