"""POST sequences/{id}/frames/{index}/correct (sequences/correction.py): a frame's object edited by clicks with
the real MobileSAM and the frame's embedding, the not-ready answer while it is computed, roles and bad input."""

import io
import zipfile

import cv2
import numpy as np
import pytest

from labelplatform.jobs.models import Job
from labelplatform.jobs.services import job_run
from labelplatform.masks import decode, encode
from labelplatform.prelabel.builtin import mobilesam
from labelplatform.prelabel.builtin.installed import builtin_status
from labelplatform.sequences.models import Sequence
from labelplatform.sequences.serializers import MAX_CLICKS
from tests.prelabel.clips import iou
from tests.sequences.bear import DAVIS, clip
from tests.sequences.conftest import run_started, upload

FRAMES = 3
INDEX = 2


@pytest.fixture
def bear(client_for, project) -> tuple[Sequence, list[np.ndarray]]:  # type: ignore[no-untyped-def]
    found, reason = builtin_status(mobilesam.NAME)
    if found is None:
        pytest.fail(f"MobileSAM is not installed ({reason}); run scripts/models")
    images, truth = clip()
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for index, data in enumerate(images[:FRAMES]):
            archive.writestr(f"{index:05d}.{'jpg' if DAVIS.is_dir() else 'png'}", data)
    job = run_started(upload(client_for("manager"), project, "bear.zip", out.getvalue()))
    assert job.status == "succeeded", job.error
    return Sequence.objects.get(pk=job.params["sequence"]), truth


def url(sequence: Sequence, index: int = INDEX) -> str:
    return f"/api/v1/sequences/{sequence.pk}/frames/{index}/correct"


def deepest(region: np.ndarray) -> tuple[float, float]:
    distance = cv2.distanceTransform(np.pad(region.astype(np.uint8), 1), cv2.DIST_L2, 5)[1:-1, 1:-1]
    y, x = np.unravel_index(int(np.argmax(distance)), distance.shape)
    return float(x), float(y)


def corrected(client, sequence: Sequence, body: dict) -> np.ndarray:  # type: ignore[type-arg]
    """The answer once the frame's embedding is there: the first call starts (or names) the job computing it."""
    first = client.post(url(sequence), body, format="json")
    if first.status_code == 202:
        assert first["Retry-After"] == "1" and "being computed by job" in first.json()["detail"], first.json()
        job = Job.objects.get(pk=first.json()["job"])
        job_run(job_id=job.pk)
        job.refresh_from_db()
        assert job.status == "succeeded", job.error
        first = client.post(url(sequence), body, format="json")
    assert first.status_code == 200, first.json()
    mask = decode(first.json()["mask"])
    assert first.json()["area"] == int(mask.sum())
    return mask


@pytest.mark.django_db
def test_a_click_in_a_missed_part_edits_the_mask_and_keeps_the_rest(client_for, bear):
    sequence, truth = bear
    # given a mask on frame 2 that misses the bear's right quarter
    xs = np.nonzero(truth[INDEX])[1]
    missed = truth[INDEX] & (np.arange(truth[INDEX].shape[1]) > np.percentile(xs, 75))[None, :]
    current = truth[INDEX] & ~missed
    x, y = deepest(missed)
    # when the labeler clicks inside the missed part
    mask = corrected(client_for("labeler"), sequence,
                     {"mask": encode(current), "clicks": [{"x": x, "y": y, "positive": True}]})
    # then the mask grows there (the click's pixel is in) and stays as it was far from the click
    assert mask[int(y), int(x)]
    assert iou(mask, truth[INDEX]) > iou(current, truth[INDEX]) + 0.05, (iou(mask, truth[INDEX]),
                                                                         iou(current, truth[INDEX]))
    far = np.arange(truth[INDEX].shape[1])[None, :] < np.percentile(xs, 25)
    assert np.count_nonzero((mask ^ current) & far) < 0.01 * np.count_nonzero(current & far)


def leak(truth: np.ndarray, width: int) -> tuple[np.ndarray, np.ndarray, tuple[float, float]]:
    """(the mask with a leak, the leak, its deepest pixel): a block of background `width` pixels wide stuck to
    the object's left side, as propagation leaks."""
    ys, xs = np.nonzero(truth)
    extra = np.zeros_like(truth)
    extra[int(np.percentile(ys, 30)):int(np.percentile(ys, 70)), max(0, xs.min() - width): xs.min() + 5] = True
    extra &= ~truth
    return truth | extra, extra, deepest(extra)


@pytest.mark.django_db
def test_a_negative_click_takes_a_leak_out(client_for, bear):
    sequence, truth = bear
    # given a mask that leaked into the background on the bear's left
    current, extra, (x, y) = leak(truth[INDEX], 80)
    # when the labeler clicks there with a negative click
    mask = corrected(client_for("labeler"), sequence,
                     {"mask": encode(current), "clicks": [{"x": x, "y": y, "positive": False}]})
    # then the clicked pixel is out and the leak mostly gone
    assert not mask[int(y), int(x)]
    assert np.count_nonzero(mask & extra) < 0.5 * np.count_nonzero(extra)
    assert iou(mask, truth[INDEX]) > iou(current, truth[INDEX]) + 0.02


@pytest.mark.django_db
def test_an_unsure_pre_label_is_redrawn_from_the_clicks(client_for, bear):
    sequence, truth = bear
    # given a pre-label with a thin leak that propagation was unsure of (confidence under 0.7)
    current, extra, (x, y) = leak(truth[INDEX], 40)
    inside = deepest(truth[INDEX])
    body = {"mask": encode(current), "confidence": 0.5,
            "clicks": [{"x": inside[0], "y": inside[1], "positive": True}, {"x": x, "y": y, "positive": False}]}
    # when the labeler has clicked inside the bear and then on the leak
    mask = corrected(client_for("labeler"), sequence, body)
    # then SAM redraws the bear: both clicks obeyed and the leak gone
    assert mask[int(inside[1]), int(inside[0])] and not mask[int(y), int(x)]
    assert np.count_nonzero(mask & extra) < 0.5 * np.count_nonzero(extra)
    assert iou(mask, truth[INDEX]) > 0.9


@pytest.mark.django_db
def test_roles_frames_and_bad_input(client_for, bear):
    sequence, truth = bear
    good = {"mask": encode(truth[INDEX]), "clicks": [{"x": 1, "y": 1, "positive": False}]}
    assert client_for("viewer").post(url(sequence), good, format="json").status_code == 403
    assert client_for("outsider").post(url(sequence), good, format="json").status_code == 404  # another project's
    labeler = client_for("labeler")
    assert labeler.post(url(sequence, FRAMES), good, format="json").status_code == 404  # no such frame
    height, width = truth[INDEX].shape
    bad = {
        "mask": [{**good, "mask": {"size": [height, width], "counts": "not an RLE"}},
                 {**good, "mask": encode(truth[INDEX][:-1])},  # the wrong size
                 {**good, "mask": encode(np.zeros_like(truth[INDEX]))},  # no mask to edit: segment draws one
                 {"clicks": good["clicks"]}],
        "clicks": [{**good, "clicks": []},
                   {**good, "clicks": [{"x": width, "y": 1, "positive": True}]},
                   {**good, "clicks": [{"x": 1, "y": -1, "positive": True}]},
                   {**good, "clicks": [{"x": 1, "y": 1}]},
                   {**good, "clicks": [{"x": 1, "y": 1, "positive": "yes"}]},
                   {**good, "clicks": [{"x": 1, "y": 1, "positive": 0}]},
                   {**good, "clicks": [{"x": 1, "y": 1, "positive": True}] * (MAX_CLICKS + 1)}],
        "confidence": [{**good, "confidence": 1.5}],
    }
    for field, bodies in bad.items():
        for body in bodies:
            response = labeler.post(url(sequence), body, format="json")
            assert response.status_code == 400, (body, response.json())
            assert field in response.json(), response.json()
    assert not Job.objects.filter(kind="prelabel", params__asset_ids=[sequence.frames.get(index=INDEX).asset_id],
                                  status="succeeded").exists()  # bad input reached no model
