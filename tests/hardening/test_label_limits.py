"""Label bodies bounded in runs per mask and per label (issue 14, item 4).

The report: a 25 MB counts string (a 5000x5000 mask of 25M one-pixel runs)
was stored after 21 s with a 2.7 GB peak. Now it is refused before it is parsed.
"""

import numpy as np
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from pycocotools import mask as coco

from labelplatform.assets.services import assets_upload
from labelplatform.labels.models import Label
from labelplatform.masks.counts import count_runs, scan_counts
from tests.hardening.images import flat_png

pytestmark = pytest.mark.django_db


def rle(mask: np.ndarray) -> dict:  # type: ignore[type-arg]
    encoded = coco.encode(np.asfortranarray(mask.astype(np.uint8)))
    return {"size": list(encoded["size"]), "counts": encoded["counts"].decode("ascii")}


def body(*masks: dict) -> dict:  # type: ignore[type-arg]
    return {"objects": [{"class": 1, "mask": mask, "attributes": {"occluded": "no"}} for mask in masks],
            "status": "submitted", "classifications": {"weather": "sun"}}


def stripes(height: int, width: int, columns: slice) -> np.ndarray:  # type: ignore[type-arg]
    """Every other row set inside `columns`: two runs per row per column."""
    mask = np.zeros((height, width), bool)
    mask[::2, columns] = True
    return mask


def test_the_reported_25m_run_mask_is_refused_naming_the_object(client_for, project, users):
    (asset,) = assets_upload(project=project, user=users["manager"],
                             files=[SimpleUploadedFile("square.png", flat_png(5000, 5000))])
    checkerboard = {"size": [5000, 5000], "counts": "111" + "0" * (25_000_000 - 3)}
    response = client_for("labeler").post(f"/api/v1/assets/{asset.id}/labels", body(checkerboard), format="json")
    assert response.status_code == 400
    assert response.json()["detail"] == (
        "objects: objects[0].mask: 25000000 runs, over the 4000000 run limit (MAX_MASK_RUNS)")
    assert Label.objects.count() == 0


def test_a_mask_at_the_run_limit_is_stored_one_past_it_is_refused(client_for, asset, settings):
    mask = rle(stripes(30, 40, slice(0, 2)))  # asset is 40x30
    settings.MAX_MASK_RUNS = count_runs(mask["counts"])
    assert client_for("labeler").post(f"/api/v1/assets/{asset.id}/labels", body(mask), format="json").status_code == 201
    settings.MAX_MASK_RUNS -= 1
    response = client_for("labeler2").post(f"/api/v1/assets/{asset.id}/labels", body(mask), format="json")
    assert response.status_code == 400 and "MAX_MASK_RUNS" in response.json()["detail"]
    assert Label.objects.count() == 1


def test_the_runs_of_all_masks_together_are_bounded(client_for, asset, settings):
    left, right = rle(stripes(30, 40, slice(0, 3))), rle(stripes(30, 40, slice(20, 23)))
    settings.MAX_LABEL_RUNS = count_runs(left["counts"]) + count_runs(right["counts"]) - 1
    response = client_for("labeler").post(f"/api/v1/assets/{asset.id}/labels", body(left, right), format="json")
    assert response.status_code == 400
    assert "MAX_LABEL_RUNS" in response.json()["detail"]
    assert Label.objects.count() == 0


@pytest.mark.parametrize("seed", range(5))
def test_counting_runs_without_parsing_agrees_with_the_parser(seed):
    rng = np.random.default_rng(seed)
    mask = rng.random((97, 131)) < rng.random()  # noisy: runs of every length, long ones too
    mask[:, :40] = seed % 2 == 0
    counts = rle(mask)["counts"]
    assert count_runs(counts) == scan_counts(counts, 97, 131).run_count
    assert count_runs(counts.encode()) == count_runs([1] * count_runs(counts))
