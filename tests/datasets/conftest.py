"""A labeled project for dataset tests, and helpers to run jobs and read their results."""

import io
import zipfile
from collections.abc import Callable

import numpy as np
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from pycocotools import mask as coco

from labelplatform.assets.models import Asset, AssetStatus
from labelplatform.assets.services import assets_upload
from labelplatform.flows.label_save import label_create
from labelplatform.jobs.models import Job
from labelplatform.jobs.services import job_run
from labelplatform.labels.services import LabelBody
from labelplatform.projects.models import Membership, Project
from labelplatform.projects.services import ontology_save, project_create

HEIGHT, WIDTH = 48, 64
CLASSES = [  # names the round-trip projects share; ids are per project
    {"name": "car", "color": "#ff0000", "kind": "thing",
     "attributes": [{"name": "occluded", "type": "radio", "options": [{"value": "yes"}, {"value": "no"}]}]},
    {"name": "road", "color": "#00ff00", "kind": "stuff"},
    {"name": "person", "color": "#0000ff", "kind": "thing"},
]


def rle(mask: np.ndarray) -> dict:
    encoded = coco.encode(np.asfortranarray(mask.astype(np.uint8)))
    return {"size": list(encoded["size"]), "counts": encoded["counts"].decode("ascii")}


def scene(seed: int) -> list[tuple[str, np.ndarray]]:
    """Non-overlapping objects: a car with a hole, two persons (one in two pieces), road below."""
    shift = seed % 5
    car = np.zeros((HEIGHT, WIDTH), bool)
    car[4:16, 5 + shift:25 + shift] = True
    car[8:11, 10 + shift:14 + shift] = False  # a hole: polygons cannot hold it, RLE can
    person = np.zeros((HEIGHT, WIDTH), bool)
    person[3:20, 40:46] = True
    person2 = np.zeros((HEIGHT, WIDTH), bool)
    person2[22:28, 50:54] = True
    person2[22:28, 58:61] = True  # two components
    road = np.zeros((HEIGHT, WIDTH), bool)
    road[32:, :] = True
    return [("car", car), ("person", person), ("person", person2), ("road", road)]


def make_project(user, name: str = "Source", classes=CLASSES) -> Project:  # type: ignore[no-untyped-def]
    project = project_create(user=user, name=name)
    ontology_save(project=project, user=user, document={"classes": classes, "classifications": [
        {"name": "weather", "type": "radio", "options": [{"value": "sun"}, {"value": "rain"}]}]})
    return project


def class_ids(project: Project) -> dict[str, int]:
    document = project.ontology_versions.first().document
    return {c["name"]: c["id"] for c in document["classes"] if not c.get("archived")}


def label_asset(asset: Asset, user, objects: list[tuple[str, np.ndarray]], status: str = "submitted",  # type: ignore[no-untyped-def]
                through_queue: bool = True):
    ids = class_ids(asset.project)
    body = [{"class": ids[name], "mask": rle(mask), "attributes": {"occluded": "no"} if name == "car" else {}}
            for name, mask in objects]
    return label_create(asset=asset, user=user, body=LabelBody(
        objects=body, classifications={"weather": "sun"}, status=status, time_spent_s=3.0),
        through_queue=through_queue).label


@pytest.fixture
def labeled(users) -> Project:  # type: ignore[no-untyped-def]
    """Four labeled assets (one review-accepted), one unlabeled, one with only a draft."""
    project = make_project(users["manager"])
    for name in ("reviewer", "labeler", "viewer"):
        Membership.objects.create(project=project, user=users[name], role=name)
    files = [SimpleUploadedFile(f"street{i}.png", _distinct_png(i)) for i in range(6)]
    assets = assets_upload(project=project, user=users["manager"], files=files)
    for i, asset in enumerate(assets[:4]):
        label_asset(asset, users["manager"], scene(i))
    label_asset(assets[5], users["manager"], scene(5), status="draft")
    Asset.objects.filter(pk=assets[0].pk).update(status=AssetStatus.DONE)
    return project


def _distinct_png(seed: int) -> bytes:
    from PIL import Image

    pixels = np.random.default_rng(seed).integers(0, 255, (HEIGHT, WIDTH, 3), dtype=np.uint8)
    out = io.BytesIO()
    Image.fromarray(pixels).save(out, "PNG")
    return out.getvalue()


def run(job_id: int) -> Job:
    job_run(job_id=job_id)
    return Job.objects.get(pk=job_id)


@pytest.fixture
def export_zip(client_for) -> Callable[..., zipfile.ZipFile]:  # type: ignore[no-untyped-def]
    """Start an export through the API, run its job, download the result as an open zip."""

    def export(project: Project, **body) -> zipfile.ZipFile:  # type: ignore[no-untyped-def]
        client = client_for("manager")
        started = client.post(f"/api/v1/projects/{project.pk}/exports", body, format="json")
        assert started.status_code == 202, started.json()
        job = run(started.json()["id"])
        assert job.status == "succeeded", job.error
        answer = client.get(f"/api/v1/jobs/{job.pk}").json()
        # every asset is read; the result counts those written (a sequence format leaves out non-frames)
        assert answer["progress"]["done"] == answer["progress"]["total"] >= answer["result"]["assets"]
        download = client.get(answer["result"]["download"])
        assert download.status_code == 200
        return zipfile.ZipFile(io.BytesIO(b"".join(download.streaming_content)))

    return export


def class_maps(project: Project) -> dict[str, np.ndarray]:
    """Per asset name: a map of class names (index into sorted names, 0 unlabeled) of its newest submitted label."""
    from labelplatform.labels.models import Label

    ids = {v: k for k, v in class_ids(project).items()}
    order = {name: i + 1 for i, name in enumerate(sorted(c["name"] for c in CLASSES))}
    maps = {}
    for label in Label.objects.filter(asset__project=project, status="submitted").select_related("asset"):
        revision = label.revisions.get(number=label.revision)
        values = np.zeros((label.asset.height, label.asset.width), np.uint8)
        for obj in revision.label_objects.all():
            mask = coco.decode({"size": [label.asset.height, label.asset.width], "counts": obj.counts.encode()})
            assert not values[mask.astype(bool)].any(), "objects overlap"
            values[mask.astype(bool)] = order[ids[obj.class_id]]
        maps[label.asset.name] = values
    return maps


def objects_per_class(project: Project) -> dict[str, dict[str, int]]:
    from labelplatform.labels.models import Label

    ids = {v: k for k, v in class_ids(project).items()}
    result: dict[str, dict[str, int]] = {}
    for label in Label.objects.filter(asset__project=project, status="submitted").select_related("asset"):
        counts: dict[str, int] = {}
        for obj in label.revisions.get(number=label.revision).label_objects.all():
            counts[ids[obj.class_id]] = counts.get(ids[obj.class_id], 0) + 1
        result[label.asset.name] = counts
    return result


@pytest.fixture
def import_file(client_for) -> Callable[..., Job]:  # type: ignore[no-untyped-def]
    """POST a file to a project's imports as multipart, run the job, return it."""

    def start(project: Project, data: bytes, name: str = "dataset.zip", **fields) -> Job:  # type: ignore[no-untyped-def]
        body = {"file": SimpleUploadedFile(name, data), **fields}
        started = client_for("manager").post(f"/api/v1/projects/{project.pk}/imports", body, format="multipart")
        assert started.status_code == 202, started.json()
        return run(started.json()["id"])

    return start


def zip_bytes(files: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return out.getvalue()


def zip_to_bytes(archive: zipfile.ZipFile) -> bytes:
    return zip_bytes({name: archive.read(name) for name in archive.namelist()})
