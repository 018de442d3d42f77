"""What `POST projects/{id}/prelabel` without `assets` predicts: every asset but a sequence's propagated frames,
whose pre-labels carry the tracks the sequence editor corrects (before, the newer class-only prediction became the
frame's newest: the frame opened with it, its tracks and propagation score gone), as the data engine's
"Pre-label unlabeled" does (dataengine/selectors.prelabel_targets)."""

import pytest

from labelplatform.masks import encode
from labelplatform.prelabel.models import PROPAGATION_SOURCE, Prediction
from labelplatform.prelabel.services import prediction_store
from tests.prelabel.conftest import scene
from tests.prelabel.test_trained import run, submit_labels

pytestmark = pytest.mark.django_db


def test_propagated_frames_keep_their_pre_labels_unless_listed(client_for, upload, project):
    # given a trained model, a fresh image, and a frame that propagation pre-labeled with track 1
    manager = client_for("manager")
    labeled = submit_labels(client_for("labeler"), upload, [1, 2])
    run(manager.post(f"/api/v1/projects/{project.pk}/prelabel/train").json()["id"])
    fresh = upload(scene(11)[0], "fresh.png")
    rgb, car = scene(12)
    frame = upload(rgb, "frame.png")
    prediction_store(asset=frame, source=PROPAGATION_SOURCE, score=0.8,
                     objects=[{"class": 1, "mask": encode(car), "track": 1, "score": 0.8}])

    # when the manager pre-labels the project's assets
    started = manager.post(f"/api/v1/projects/{project.pk}/prelabel", {"backend": "trained"}, format="json")
    assert started.status_code == 202, started.json()
    job = run(started.json()["id"])

    # then every asset but the frame is predicted, and the frame keeps propagation's pre-label alone
    assert job.result["assets"] == 3
    assert set(Prediction.objects.filter(source="trained").values_list("asset_id", flat=True)) == {
        fresh.pk, *(a.pk for a in labeled)}
    kept = Prediction.objects.get(asset=frame)
    assert kept.source == PROPAGATION_SOURCE and [o.track for o in kept.predicted_objects.all()] == [1]

    # and a frame named in `assets` is pre-labeled when asked for
    again = manager.post(f"/api/v1/projects/{project.pk}/prelabel", {"backend": "trained", "assets": [frame.pk]},
                         format="json")
    run(again.json()["id"])
    assert set(Prediction.objects.filter(asset=frame).values_list("source", flat=True)) == {
        PROPAGATION_SOURCE, "trained"}
