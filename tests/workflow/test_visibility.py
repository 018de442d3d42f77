"""A project with labelers_see_all false: labelers see only what was handed to them."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from labelplatform.assets.services import assets_upload
from tests.conftest import image_bytes
from tests.workflow.helpers import car_label, set_settings


@pytest.fixture
def two_images(project, users):
    files = [SimpleUploadedFile(f"{n}.png", image_bytes(40, 30), content_type="image/png") for n in "ab"]
    set_settings(project, labelers_see_all=False)
    return assets_upload(project=project, user=users["manager"], files=files)


def test_a_labeler_sees_only_handed_assets_everywhere(client_for, project, two_images):
    first, second = two_images
    labeler = client_for("labeler")
    assert labeler.get(f"/api/v1/projects/{project.id}/assets").json()["count"] == 0
    for suffix in ("", "/image", "/labels"):
        assert labeler.get(f"/api/v1/assets/{first.id}{suffix}").status_code == 404
    assert labeler.post(f"/api/v1/assets/{first.id}/labels", car_label(), format="json").status_code == 404
    served = labeler.post(f"/api/v1/projects/{project.id}/queue/next").json()
    assert served["asset"]["id"] == first.id
    assert [a["id"] for a in labeler.get(f"/api/v1/projects/{project.id}/assets").json()["results"]] == [first.id]
    image = labeler.get(f"/api/v1/assets/{first.id}/image")
    assert image.status_code == 200 and b"".join(image.streaming_content)[:4] == b"\x89PNG"
    assert labeler.get(f"/api/v1/assets/{second.id}/image").status_code == 404
    assert client_for("viewer").get(f"/api/v1/assets/{second.id}/image").status_code == 200


def test_a_labeler_sees_only_their_own_labels(client_for, project, two_images):
    first, _ = two_images
    set_settings(project, labels_per_asset=2)
    own = client_for("labeler").post(f"/api/v1/projects/{project.id}/queue/next").json()
    other = client_for("labeler2").post(f"/api/v1/projects/{project.id}/queue/next").json()
    assert own["asset"]["id"] == other["asset"]["id"] == first.id
    mine = client_for("labeler").post(f"/api/v1/assets/{first.id}/labels", car_label(), format="json").json()
    theirs = client_for("labeler2").post(f"/api/v1/assets/{first.id}/labels", car_label(), format="json").json()
    listed = client_for("labeler").get(f"/api/v1/assets/{first.id}/labels").json()
    assert [lb["id"] for lb in listed] == [mine["id"]]
    assert client_for("labeler").get(f"/api/v1/labels/{theirs['id']}").status_code == 404
    assert client_for("labeler").get(f"/api/v1/labels/{theirs['id']}/revisions").status_code == 404
    assert len(client_for("reviewer").get(f"/api/v1/assets/{first.id}/labels").json()) == 2
