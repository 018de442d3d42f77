"""Without a usable built-in model the platform still segments (GrabCut) and says why MobileSAM is absent."""

import json
import shutil
from pathlib import Path

import pytest

from labelplatform.prelabel.builtin import mobilesam
from labelplatform.prelabel.builtin.installed import builtin_status
from labelplatform.prelabel.builtin.manifest import file_entry, manifest_write
from tests.prelabel.models import SAM_CONFIG, sam_pair

pytestmark = pytest.mark.django_db


def fake_install(root: Path) -> Path:
    """A tiny SAM-shaped pair installed as "mobilesam", with a manifest that matches it."""
    folder = root / mobilesam.NAME
    folder.mkdir(parents=True)
    sam_pair(folder)
    manifest_write(folder, {"name": mobilesam.NAME, "version": "test", "config": SAM_CONFIG,
                            "files": {role: file_entry(folder / f"{role}.onnx") for role in ("encoder", "decoder")}})
    return folder


def test_without_a_model_segment_falls_back_to_grabcut(client_for, scene_asset, settings, tmp_path):
    settings.MODELS_ROOT = tmp_path / "empty"
    labeler = client_for("labeler")
    ys, xs = scene_asset.truth.nonzero()
    response = labeler.post(f"/api/v1/assets/{scene_asset.pk}/segment",
                            {"points": [[int(xs.mean()), int(ys.mean()), 1]]}, format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["backend"] == "grabcut"
    listed = labeler.get("/api/v1/prelabel/builtin").json()
    assert listed["default_segment_backend"] == "grabcut"
    assert listed["models"] == [{"name": "mobilesam", "backend": "mobilesam", "installed": False,
                                 "reason": f"mobilesam is not installed in {tmp_path / 'empty' / 'mobilesam'}: "
                                           "run scripts/models"}]
    asked = labeler.post(f"/api/v1/assets/{scene_asset.pk}/segment",
                         {"backend": "mobilesam", "points": [[10, 10, 1]]}, format="json")
    assert asked.status_code == 400 and "run scripts/models" in json.dumps(asked.json())
    assert labeler.get("/api/v1/prelabel/builtin/mobilesam/decoder.onnx").status_code == 404
    assert labeler.get(f"/api/v1/assets/{scene_asset.pk}/embedding").status_code == 400


def test_a_well_formed_install_is_used(settings, tmp_path):
    settings.MODELS_ROOT = tmp_path
    fake_install(tmp_path)
    model, reason = builtin_status(mobilesam.NAME)
    assert model is not None and model.version == "test", reason


def _damage_hash(folder: Path) -> None:
    (folder / "decoder.onnx").write_bytes((folder / "decoder.onnx").read_bytes()[::-1])


def _truncate_and_rewrite_manifest(folder: Path) -> None:
    """A truncated ONNX file whose manifest was (wrongly) written for it: only loading it can tell."""
    encoder = folder / "encoder.onnx"
    encoder.write_bytes(encoder.read_bytes()[:100])
    document = json.loads((folder / "manifest.json").read_text())
    document["files"]["encoder"] = file_entry(encoder)
    manifest_write(folder, document)


@pytest.mark.parametrize(("damage", "message"), [
    (_damage_hash, "the decoder file"),
    (lambda f: (f / "encoder.onnx").write_bytes(b"\x08"), "has 1 bytes, the manifest says"),
    (_truncate_and_rewrite_manifest, "the ONNX file could not be loaded"),
    (lambda f: (f / "manifest.json").write_text("{not json"), "is not a model manifest"),
    (lambda f: shutil.copy(f / "encoder.onnx", f / "decoder.onnx"), "the decoder file"),
])
def test_bad_model_files_are_refused_with_the_reason(client_for, scene_asset, settings, tmp_path, damage, message):
    settings.MODELS_ROOT = tmp_path
    folder = fake_install(tmp_path)
    assert builtin_status(mobilesam.NAME)[0] is not None
    damage(folder)
    model, reason = builtin_status(mobilesam.NAME)
    assert model is None and message in reason and "run scripts/models" in reason
    labeler = client_for("labeler")
    response = labeler.post(f"/api/v1/assets/{scene_asset.pk}/segment",
                            {"backend": "mobilesam", "points": [[10, 10, 1]]}, format="json")
    assert response.status_code == 400 and message in json.dumps(response.json())
    default = labeler.post(f"/api/v1/assets/{scene_asset.pk}/segment", {"points": [[60, 60, 1]]}, format="json")
    assert default.status_code == 200 and default.json()["backend"] == "grabcut"
    (listed,) = labeler.get("/api/v1/prelabel/builtin").json()["models"]
    assert listed["installed"] is False and message in listed["reason"]
