"""A consensus asset exports the label its consensus choice names, not the newest one."""

import numpy as np
from django.core.files.uploadedfile import SimpleUploadedFile
from pycocotools.coco import COCO

from labelplatform.assets.models import Asset, AssetStatus
from labelplatform.assets.services import assets_upload
from labelplatform.projects.models import Membership
from labelplatform.quality.models import ConsensusChoice
from labelplatform.quality.services import consensus_pick
from tests.conftest import image_bytes
from tests.datasets.conftest import HEIGHT, WIDTH, label_asset, make_project, scene
from tests.workflow.helpers import set_settings


def read_coco(archive, tmp_path) -> COCO:  # type: ignore[no-untyped-def]
    path = tmp_path / "instances.json"
    path.write_bytes(archive.read("annotations/instances.json"))
    return COCO(str(path))


def exported_masks(api: COCO) -> list[np.ndarray]:
    return [api.annToMask(a).astype(bool) for a in sorted(api.loadAnns(api.getAnnIds()), key=lambda a: a["id"])]


def test_a_consensus_asset_exports_its_chosen_label_in_coco(users, export_zip, tmp_path):
    project = make_project(users["manager"])
    set_settings(project, labels_per_asset=3)
    for name, role in (("labeler", "labeler"), ("labeler2", "labeler"), ("reviewer", "reviewer")):
        Membership.objects.create(project=project, user=users[name], role=role)
    (asset,) = assets_upload(project=project, user=users["manager"],
                             files=[SimpleUploadedFile("crossing.png", image_bytes(WIDTH, HEIGHT))])
    objects = scene(0)  # car, person, person, road
    # given three labels: everything; car and a person; the car alone (the newest)
    everything = label_asset(asset, users["manager"], objects)
    middle = label_asset(asset, users["labeler"], objects[:2])
    label_asset(asset, users["labeler2"], objects[:1])

    # then the one agreeing best with the others (0.5 against 0.42 each) is exported
    assert ConsensusChoice.objects.get(asset=asset).label_id == middle.pk
    api = read_coco(export_zip(project, format="coco"), tmp_path)
    assert len(api.getImgIds()) == 1
    assert [(m == mask).all() for m, (_, mask) in zip(exported_masks(api), objects[:2], strict=True)] == [True, True]

    # when a reviewer picks the full label, "latest" and "accepted" export that one
    consensus_pick(asset=Asset.objects.select_related("project").get(pk=asset.pk), label_id=everything.pk,
                   user=users["reviewer"])
    Asset.objects.filter(pk=asset.pk).update(status=AssetStatus.DONE)
    for labels in ("latest", "accepted"):
        api = read_coco(export_zip(project, format="coco", labels=labels), tmp_path)
        masks = exported_masks(api)
        assert len(masks) == 4 and all((m == mask).all() for m, (_, mask) in zip(masks, objects, strict=True))
