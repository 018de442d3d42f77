"""The SDK's sequences against gunicorn and a real Celery worker: a video becomes frames, a label keeps its
track, a propagation starts, a frame's object is corrected by a click once the worker computed its embedding."""

import numpy as np
import pytest

from labelplatform.client import BadRequest, Client, NotReady
from tests.client.conftest import live_url, manager_token  # noqa: F401  (fixtures)
from tests.conftest import CLASSES
from tests.sequences.conftest import make_video

pytestmark = [pytest.mark.worker, pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_sdk_sequence_round_trip(live_url, manager_token, tmp_path) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    video = make_video(tmp_path / "clip.mp4", seconds=1, rate=6, size="64x48")
    with Client(live_url, manager_token) as lp:
        project = lp.projects.create("SDK sequences")["id"]
        road = next(c["id"] for c in lp.ontology.put(project, CLASSES)["classes"] if c["name"] == "road")
        # when a video is uploaded and its decoding job waited for
        started = lp.sequences.upload(project, video, name="clip", fps=3)
        assert started["kind"] == "sequence_decode"
        lp.jobs.wait(started, timeout=120)
        sequence = lp.sequences.get(started["sequence"])
        # then the sequence has its frames, in order, at the chosen rate
        assert (sequence["status"], sequence["frame_count"], sequence["fps"]) == ("ready", 3, 3.0)
        assert [f["index"] for f in lp.sequences.frames(sequence["id"])] == [0, 1, 2]
        # and each frame's asset names its sequence and place (the labeling page's link to the sequence editor)
        assert lp.sequences.frame_of(sequence["frames"][2]["asset"]) == {
            "sequence": sequence["id"], "sequence_name": "clip", "index": 2, "position": 3, "frames": 3}
        # a new track, an object of it on frame 0, and the timeline and tracks see it
        track = lp.sequences.add_track(sequence["id"], class_id=road)["track"]
        mask = np.zeros((48, 64), bool)
        mask[5:20, 10:30] = True
        first = sequence["frames"][0]["asset"]
        label = lp.labels.create(first, [{"class": road, "mask": mask, "track": track}])
        assert label["objects"][0]["track"] == track
        assert lp.sequences.tracks(sequence["id"])[0]["labeled_frames"] == 1
        assert lp.sequences.get(sequence["id"])["frames"][0]["labeled"] is True
        # a propagation start is checked, then answered with its job (cancelled here: the engine is tested apart)
        with pytest.raises(BadRequest):
            lp.sequences.propagate(sequence["id"], 1)  # frame 1 has no label
        job = lp.sequences.propagate(sequence["id"], 0, to=2, tracks=[track])
        assert (job["kind"], job["params"]["tracks"]) == ("sequence_propagate", [track])
        lp.jobs.cancel(job["id"])
        # a saved frame without a propagated pre-label carries nothing on
        carried = lp.sequences.repropagate(sequence["id"], 0)
        assert (carried["jobs"], carried["reason"]) == ([], "frame 0 has no propagated pre-label")
        # a correction: a negative click on the object's corner takes that pixel out; while the frame's embedding
        # is computed the answer names the worker's job
        clicks = [(10.0, 5.0, False)]
        try:
            corrected = lp.sequences.correct(sequence["id"], 0, mask, clicks, numpy=True)
        except NotReady as not_ready:
            assert not_ready.job is not None and not_ready.retry_after == 1.0
            lp.jobs.wait(not_ready.job, timeout=120)
            corrected = lp.sequences.correct(sequence["id"], 0, mask, clicks, numpy=True)
        assert corrected["mask"].shape == (48, 64) and not corrected["mask"][5, 10]
        assert corrected["area"] == int(corrected["mask"].sum()) and corrected["rle"]["size"] == [48, 64]
        with pytest.raises(BadRequest):
            lp.sequences.correct(sequence["id"], 0, mask, [(64.0, 5.0, True)])  # outside the frame
