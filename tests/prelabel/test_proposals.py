"""Segment everything with the real MobileSAM on a real photo: GET assets/{id}/proposals."""

from pathlib import Path

import cv2
import numpy as np
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from labelplatform.assets.services import assets_upload
from labelplatform.jobs.models import Job
from labelplatform.jobs.services import job_run
from labelplatform.masks import decode
from labelplatform.masks.regions import iou_ignoring

pytestmark = pytest.mark.django_db
GRABCUT = Path(__file__).resolve().parents[3] / "shared" / "data" / "grabcut" / "GrabCut"


def test_proposals_cover_the_photo_s_object_without_overlaps(installed, project, users, client_for):
    if not GRABCUT.is_dir():
        pytest.skip(f"{GRABCUT} is not here")
    # given a photo with its ground truth (the GrabCut set: one object, a band of unknown pixels)
    path = GRABCUT / "data_GT" / "227092.jpg"
    upload = SimpleUploadedFile(path.name, path.read_bytes(), content_type="image/jpeg")
    asset = assets_upload(project=project, user=users["manager"], files=[upload])[0]
    gt = cv2.imread(str(GRABCUT / "boundary_GT" / "227092.bmp"), cv2.IMREAD_GRAYSCALE)
    url = f"/api/v1/assets/{asset.pk}/proposals?backend=mobilesam"
    labeler = client_for("labeler")
    # when a labeler asks, a job is started (once) and the answer is 202 naming it until it ran
    first = labeler.get(url)
    (job,) = Job.objects.filter(kind="prelabel_proposals", params__asset_ids=[asset.pk])
    assert first.status_code == 202 and first.json()["job"] == job.pk and first["Retry-After"] == "1"
    assert f"being computed by job {job.pk}" in first.json()["detail"]
    again = labeler.get(url)
    assert again.status_code == 202 and again.json()["job"] == job.pk
    job_run(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == "succeeded", job.error
    answer = labeler.get(url)
    assert answer.status_code == 200
    body = answer.json()
    assert body["backend"] == "mobilesam" and body["version"]
    found = body["proposals"]
    assert len(found) >= 1 and job.result["proposals"] == len(found)
    # then no pixel is in two proposals, each carries its own area and box, best first
    masks = [decode(p["mask"]) for p in found]
    assert all(m.shape == (asset.height, asset.width) for m in masks)
    assert np.sum(masks, axis=0).max() == 1
    for proposal, mask in zip(found, masks, strict=True):
        ys, xs = np.nonzero(mask)
        assert proposal["area"] == len(ys)
        assert proposal["bbox"] == [xs.min(), ys.min(), xs.max() - xs.min() + 1, ys.max() - ys.min() + 1]
        assert 0.0 <= proposal["score"] <= 1.0
    assert [p["score"] for p in found] == sorted((p["score"] for p in found), reverse=True)
    # and one proposal is the object
    assert max(iou_ignoring(m, gt > 128, gt == 128) for m in masks) > 0.8
