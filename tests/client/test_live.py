"""The SDK and the command line against gunicorn and a real Celery worker."""

import io
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import numpy as np
import pytest
from pycocotools import mask as coco_mask

from labelplatform.client import BadRequest, Client, Conflict, NotFound
from tests.conftest import CLASSES, image_bytes

pytestmark = [pytest.mark.worker, pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def coco_of(zip_bytes: bytes) -> dict:  # type: ignore[type-arg]
    with zipfile.ZipFile(io.BytesIO(zip_bytes)) as archive:
        name = next(n for n in archive.namelist() if n.endswith(".json"))
        return dict(json.loads(archive.read(name)))


def test_sdk_round_trip(live_url, manager_token, image_dir, tmp_path) -> None:  # type: ignore[no-untyped-def]
    with Client(live_url, manager_token) as lp:
        # given a project with an ontology and three uploaded images
        project = lp.projects.create("SDK round trip")["id"]
        ontology = lp.ontology.put(project, CLASSES)
        car = next(c["id"] for c in ontology["classes"] if c["name"] == "car")
        seen: list[tuple[int, int]] = []
        created = lp.assets.upload_folder(project, image_dir, batch=2, progress=lambda d, t: seen.append((d, t)))
        assert [a["name"] for a in created] == ["a.png", "b.png", "c.png"]
        assert seen[0] == (0, 3) and seen[-1] == (3, 3)
        assert {a["id"] for a in lp.assets.list(project)} == {a["id"] for a in created}
        asset = created[0]

        # when a label is saved with a numpy mask
        mask = np.zeros((asset["height"], asset["width"]), bool)
        mask[5:20, 10:30] = True
        label = lp.labels.create(asset["id"], [{"class": car, "mask": mask, "attributes": {"occluded": "no"}}])

        # then it reads back as the same array, and its revisions and the stream show it
        back = lp.labels.get(label["id"], numpy=True)
        assert np.array_equal(back["objects"][0]["mask"], mask)
        assert back["objects"][0]["area"] == int(mask.sum())
        assert [x["id"] for x in lp.labels.stream(project)] == [label["id"]]
        objects = [{"class": car, "mask": mask, "attributes": {"occluded": "yes"}}]
        assert lp.labels.update(label["id"], 1, objects)["revision"] == 2
        with pytest.raises(Conflict) as stale:
            lp.labels.update(label["id"], 1, objects)
        assert stale.value.body["current"]["revision"] == 2

        assert len(list(lp.labels.revisions(label["id"]))) == 2

        # and a COCO export decodes to the same pixels
        path = lp.exports.run(project, "coco", tmp_path / "out.zip", timeout=120)
        document = coco_of(path.read_bytes())
        annotation = document["annotations"][0]
        segmentation = annotation["segmentation"]
        decoded = coco_mask.decode({"size": segmentation["size"], "counts": segmentation["counts"].encode()})
        assert np.array_equal(decoded.astype(bool), mask)

        # and pull writes the label, then nothing new on the second pull but the overlap
        first = lp.pull(project, tmp_path / "pulled")
        assert first["written"] == 1
        pulled = json.loads((tmp_path / "pulled" / "labels" / f"{label['id']}.json").read_text())
        assert pulled["objects"][0]["mask"] == back["objects"][0]["rle"]


def test_api_errors_carry_the_detail(live_url, manager_token) -> None:  # type: ignore[no-untyped-def]
    with Client(live_url, manager_token) as lp:
        with pytest.raises(NotFound) as missing:
            lp.projects.get(999999)
        assert missing.value.status == 404 and missing.value.detail
        with pytest.raises(BadRequest) as bad:
            lp.projects.create("")
        assert "name" in bad.value.detail


def run_cli(*args: str, url: str, token: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, **(env or {}), "LABELPLATFORM_URL": url, "LABELPLATFORM_TOKEN": token}
    labelplatform = Path(sys.executable).parent / "labelplatform"
    return subprocess.run([str(labelplatform), *args], capture_output=True, text=True, env=env, timeout=300)


def test_cli_upload_and_export(live_url, manager_token, image_dir, tmp_path) -> None:  # type: ignore[no-untyped-def]
    with Client(live_url, manager_token) as lp:
        project = lp.projects.create("CLI")["id"]
        lp.ontology.put(project, CLASSES)

    uploaded = run_cli("upload", str(project), str(image_dir), "--json", url=live_url, token=manager_token)
    assert uploaded.returncode == 0, uploaded.stderr
    assert json.loads(uploaded.stdout)["uploaded"] == 3

    # Rerunning the upload (interrupted, or repeated by mistake) adds only what the project lacks.
    (image_dir / "d.png").write_bytes(image_bytes(12, 8))
    again = run_cli("upload", str(project), str(image_dir), "--json", url=live_url, token=manager_token)
    assert again.returncode == 0, again.stderr
    assert (json.loads(again.stdout)["uploaded"], json.loads(again.stdout)["skipped"]) == (1, 3)
    human = run_cli("upload", str(project), str(image_dir), url=live_url, token=manager_token)
    assert human.returncode == 0 and "uploaded=0  skipped=4" in human.stdout, human.stdout + human.stderr
    forced = run_cli("upload", str(project), str(image_dir / "sub"), "--duplicates", "--json", url=live_url,
                     token=manager_token)
    assert (json.loads(forced.stdout)["uploaded"], json.loads(forced.stdout)["skipped"]) == (1, 0)
    with Client(live_url, manager_token) as lp:
        assert len(list(lp.assets.list(project))) == 5
        assert lp.assets.upload(project, [image_dir / "a.png", image_dir / "d.png"], skip_existing=True) == []

    out = tmp_path / "export.zip"
    exported = run_cli("export", str(project), "--format", "coco", "--wait", "--output", str(out), "--json",
                       url=live_url, token=manager_token)
    assert exported.returncode == 0, exported.stderr
    answer = json.loads(exported.stdout)
    assert answer["status"] == "succeeded" and answer["bytes"] == out.stat().st_size
    assert {c["name"] for c in coco_of(out.read_bytes())["categories"]} == {"car", "road"}  # no labels yet: no images

    refused = run_cli("export", str(project), "--format", "no-such-format", "--wait", url=live_url,
                      token=manager_token)
    assert refused.returncode == 1
    assert "format" in refused.stderr and refused.stdout == ""

    unknown = run_cli("upload", "999999", str(image_dir), url=live_url, token=manager_token)
    assert unknown.returncode == 1 and "404" in unknown.stderr
