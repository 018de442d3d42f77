"""Gold assets are held out of the pre-labelers' training and of synthesis, and the data engine pre-labels
them as unlabeled assets: a model trained on the reference would hand it to the labeler, and a gold asset
without the pre-labels the others get would say it is gold (docs/workflow.md, "What a labeler sees of gold")."""

from labelplatform.dataengine.examples import training_labels
from labelplatform.dataengine.selectors import prelabel_targets
from labelplatform.dataengine.synthesis import _newest_human
from labelplatform.prelabel.training import submitted_labels
from tests.quality.test_scores import CAR_TRUTH, ROAD_TRUTH, post_label
from tests.quality.test_scores import gold_asset as gold_asset  # noqa: F401  a fixture, used by name
from tests.workflow.helpers import make_assets, set_settings


def test_gold_labels_train_nothing_and_the_gold_asset_is_pre_labeled(client_for, project, gold_asset):
    set_settings(project, gold_fraction=1.0, review_fraction=0.0)
    ordinary, unlabeled = make_assets(project, 2)
    on_ordinary = post_label(client_for("labeler"), ordinary, (1, CAR_TRUTH), (2, ROAD_TRUTH))
    post_label(client_for("labeler"), gold_asset, (1, CAR_TRUTH), (2, ROAD_TRUTH))

    assert [label.pk for label in submitted_labels(project)] == [on_ordinary["id"]]
    assert [label.pk for label in training_labels(project, synthetic=True)] == [on_ordinary["id"]]
    assert [label.pk for label in _newest_human(project)] == [on_ordinary["id"]]  # what synthesis copies
    assert sorted(prelabel_targets(project, None).values_list("pk", flat=True)) == sorted([gold_asset.pk,
                                                                                          unlabeled.pk])
