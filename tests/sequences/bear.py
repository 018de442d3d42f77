"""The DAVIS bear clip as a sequence and the propagation calls the job tests share (fixtures: conftest.py)."""

import io
import zipfile
from pathlib import Path

import cv2
import numpy as np

from labelplatform.jobs.models import Job
from labelplatform.jobs.services import job_run
from labelplatform.masks import decode, encode
from labelplatform.prelabel.models import Prediction
from labelplatform.sequences.models import Sequence
from tests.prelabel.clips import moving_clip
from tests.sequences.conftest import run_started, upload

DAVIS = Path(__file__).resolve().parents[3] / "shared" / "data" / "davis2016_video" / "bear"
FRAMES = 6


def clip() -> tuple[list[bytes], list[np.ndarray]]:
    """(encoded frames, truth masks): DAVIS bear's first frames, or a made clip where ../shared is absent."""
    if DAVIS.is_dir():
        names = sorted((DAVIS / "frames").iterdir())[:FRAMES]
        return (
            [p.read_bytes() for p in names],
            [cv2.imread(str(DAVIS / "masks" / (p.stem + ".png"))).max(axis=2) > 0 for p in names],
        )
    made = moving_clip(FRAMES, seed=5)
    return [cv2.imencode(".png", image)[1].tobytes() for image in made.images], made.truth


def bear_sequence(manager, project) -> tuple[Sequence, list[np.ndarray]]:  # type: ignore[no-untyped-def]
    """The clip uploaded as a zip of frames by `manager` (a client) and decoded here."""
    images, truth = clip()
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for index, data in enumerate(images):
            archive.writestr(f"{index:05d}.{'jpg' if DAVIS.is_dir() else 'png'}", data)
    job = run_started(upload(manager, project, "bear.zip", out.getvalue()))
    assert job.status == "succeeded", job.error
    return Sequence.objects.get(pk=job.params["sequence"]), truth


def label(client, sequence: Sequence, index: int, mask: np.ndarray, status: str = "submitted") -> None:
    asset = sequence.frames.get(index=index).asset_id
    body = {"objects": [{"class": 2, "mask": encode(mask), "track": 4}], "status": status}
    response = client.post(f"/api/v1/assets/{asset}/labels", body, format="json")
    assert response.status_code == 201, response.json()


def start(client, sequence: Sequence, body: dict) -> Job:  # type: ignore[type-arg]
    response = client.post(f"/api/v1/sequences/{sequence.pk}/propagate", body, format="json")
    assert response.status_code == 202, response.json()
    return Job.objects.get(pk=response.json()["id"])


def ran(client, sequence: Sequence, body: dict) -> Job:  # type: ignore[type-arg]
    """A propagation job started through the API and run in this process."""
    job = start(client, sequence, body)
    job_run(job_id=job.pk)
    job.refresh_from_db()
    return job


def propagated(sequence: Sequence, index: int) -> tuple[Prediction, np.ndarray]:
    frame = sequence.frames.select_related("asset").get(index=index)
    prediction = Prediction.objects.get(asset=frame.asset, source="propagation")
    (obj,) = prediction.predicted_objects.all()
    assert obj.track == 4 and obj.class_id == 2 and 0.0 <= obj.score <= 1.0
    return prediction, decode({"size": [frame.asset.height, frame.asset.width], "counts": obj.counts})
