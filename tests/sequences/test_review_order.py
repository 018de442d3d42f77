"""Review where it drifted: after a propagation, the label queue and the review queue hand out the least
confident frame first, with nothing set by a manager, and say where the frame is and its confidence."""

import numpy as np
from django.db.models import Min

from labelplatform.assets.models import Asset
from labelplatform.jobs.services import job_run
from labelplatform.prelabel.models import Prediction
from labelplatform.prelabel.services import prediction_priorities_set, prediction_store
from labelplatform.sequences.models import Sequence
from tests.sequences.bear import label, start
from tests.sequences.test_davis_export import box
from tests.sequences.test_imports import make_sequence
from tests.workflow.helpers import set_settings


def next_item(client, project, stage: str) -> dict:  # type: ignore[no-untyped-def,type-arg]
    answer = client.post(f"/api/v1/projects/{project.pk}/queue/next?stage={stage}")
    assert answer.status_code == 200, answer.content[:300]
    return answer.json()  # type: ignore[no-any-return]


def confidences(sequence: Sequence) -> dict[int, float]:
    found: dict[int, float] = {}
    for frame in sequence.frames.all():
        newest = Prediction.objects.filter(asset_id=frame.asset_id).order_by("-created_at", "-id").first()
        if newest is not None and newest.score is not None:
            found[frame.index] = newest.score
    return found


def test_the_least_confident_propagated_frame_is_labeled_and_reviewed_first(client_for, project, bear):  # noqa: F811
    sequence, truth = bear
    assert "priority" not in project.settings  # nobody chose an order
    manager = client_for("manager")
    label(manager, sequence, 0, truth[0])
    job = start(manager, sequence, {"from": 0})
    job_run(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == "succeeded", job.error

    scores = confidences(sequence)
    assert sorted(scores) == [1, 2, 3, 4, 5] and len(set(scores.values())) > 1
    least = min(scores, key=lambda i: scores[i])

    served = next_item(client_for("labeler"), project, "label")
    assert served["frame"] == {"sequence": sequence.pk, "sequence_name": sequence.name, "index": least,
                               "confidence": scores[least]}
    assert served["asset"]["id"] == sequence.frames.get(index=least).asset_id

    # The labeler submits two frames, the less confident last: review takes the least confident first.
    set_settings(project, review_fraction=1.0)
    by_confidence = sorted(scores, key=lambda i: scores[i])
    for index in (by_confidence[1], least):
        label(client_for("labeler"), sequence, index, truth[index])
    reviewed = next_item(client_for("reviewer"), project, "review")
    assert reviewed["frame"]["index"] == least and reviewed["label"]["asset"] == served["asset"]["id"]


def test_a_manager_who_chose_another_order_keeps_it(client_for, project, users):
    sequence = make_sequence(client_for("manager"), project, "walk")
    assets = [f.asset for f in sequence.frames.select_related("asset")]
    for asset, score in zip(assets, (0.9, 0.2, 0.6), strict=True):
        prediction_store(asset=asset, objects=[{"class": 2, "mask": _rle(), "score": score, "track": 1}],
                         source="propagation")

    set_settings(project, priority="manual")
    assert prediction_priorities_set(project=project, asset_ids=[a.pk for a in assets], default="least_confident") == 0
    assert Asset.objects.filter(pk__in=[a.pk for a in assets]).aggregate(m=Min("priority"))["m"] == 0

    set_settings(project, priority="least_confident")
    assert prediction_priorities_set(project=project, asset_ids=[a.pk for a in assets]) == 3
    assert [Asset.objects.get(pk=a.pk).priority for a in assets] == [100, 800, 400]

    # an empty setting is the default again (settings merge, so a key is never dropped): frames get theirs
    Asset.objects.filter(pk__in=[a.pk for a in assets]).update(priority=0)
    set_settings(project, priority="")
    assert prediction_priorities_set(project=project, asset_ids=[a.pk for a in assets], default="least_confident") == 3
    assert prediction_priorities_set(project=project, asset_ids=[a.pk for a in assets]) == 0


def test_a_plain_asset_has_no_frame_in_the_queue_answer(client_for, project, asset):
    assert next_item(client_for("labeler"), project, "label")["frame"] is None


def _rle() -> dict:  # type: ignore[type-arg]
    from tests.api.test_labels import rle

    return rle(box(2, 3, 8, 10).astype(np.uint8))  # type: ignore[no-any-return]
