"""A gold frame's reference reaches no other frame: a propagation neither starts from it nor stops at it and
fuses towards it, and the gold frame gets its propagated pre-label as its neighbours do (docs/workflow.md,
"What a labeler sees of gold"). A labeler's own label on the gold frame counts as on any frame."""

from labelplatform.jobs.models import Job
from labelplatform.jobs.services import job_run
from labelplatform.prelabel.models import PROPAGATION_SOURCE, Prediction
from tests.sequences.test_api import label_frame, propagate
from tests.sequences.test_api import sequence as sequence  # noqa: F401  a fixture, used by name
from tests.workflow.helpers import set_settings


def test_a_gold_frames_reference_is_neither_a_start_nor_a_stop(client_for, project, sequence):
    manager, labeler = client_for("manager"), client_for("labeler")
    gold = sequence.frames.get(index=2).asset_id
    reference = label_frame(manager, sequence, 2, [1], status="submitted")
    assert manager.post(f"/api/v1/assets/{gold}/gold", {"label": reference["id"]}, format="json").status_code == 201
    set_settings(project, gold_fraction=1.0, review_fraction=0.0)

    # from the gold frame: the reference is no label to start from, for the manager either
    for client in (labeler, manager):
        refused = propagate(client, sequence, {"from": 2})
        assert refused.status_code == 400 and "frame 2 has no label" in str(refused.json()), refused.json()

    # from frame 0 to the end: it runs through frame 2 as through an unlabeled frame
    label_frame(labeler, sequence, 0, [1])
    started = propagate(labeler, sequence, {"from": 0, "keyframes": True})
    assert started.status_code == 202, started.json()
    job_run(job_id=started.json()["id"])
    job = Job.objects.get(pk=started.json()["id"])
    assert job.status == "succeeded", job.error
    propagated = set(Prediction.objects.filter(source=PROPAGATION_SOURCE).values_list("asset__frame__index", flat=True))
    assert propagated == {1, 2, 3}
    assert job.result["stopped_before_labeled"] is None and job.result["keyframes"] is None

    # the labeler's own label on the gold frame is theirs to propagate from, and a stop for their propagation
    label_frame(labeler, sequence, 2, [1])
    assert propagate(labeler, sequence, {"from": 2}).status_code == 202
    again = propagate(labeler, sequence, {"from": 0, "to": 3})
    job_run(job_id=again.json()["id"])
    result = Job.objects.get(pk=again.json()["id"]).result
    assert (result["stopped_before_labeled"], result["last"], result["keyframes"]) == (2, 1, [1])  # fused to theirs
