"""The browser's decoder pair (builtin/web_decoder.py): made from the real MobileSAM decoder it answers what the
whole decoder does, the installer adds it to an install without it, and the API serves it beside the decoder."""

import shutil
from pathlib import Path

import numpy as np
import onnx
import pytest

from labelplatform.prelabel.builtin import installer, mobilesam
from labelplatform.prelabel.builtin.installer import InstallError
from labelplatform.prelabel.builtin.manifest import file_entry, manifest_read, manifest_write
from labelplatform.prelabel.builtin.web_decoder import PROJECTIONS_INPUT, WEB_REVISION, split_decoder, web_error
from labelplatform.prelabel.engines.onnx_models import load_session, run_session
from tests.prelabel import conftest as prelabel_fixtures

installed = prelabel_fixtures.installed  # the one model-installed fixture (fails under CI, skips elsewhere)


def test_the_pair_answers_the_whole_decoders_logits(installed, tmp_path):
    # given the real decoder split into the web decoder and its prepare model
    web, prepare = tmp_path / "web.onnx", tmp_path / "prepare.onnx"
    split_decoder(installed / "decoder.onnx", web, prepare)
    # then seven of the decoder's ten 4096x256x128 projections of image tokens are gone from it: three made by the
    # prepare model, four folded into the queries and the mix of the attention that reads them
    image_side = {f"/transformer/{block}/{projection}/MatMul" for block in ("layers.0", "layers.1")
                  for projection in ("cross_attn_token_to_image/k_proj", "cross_attn_token_to_image/v_proj",
                                     "cross_attn_image_to_token/q_proj", "cross_attn_image_to_token/out_proj")}
    image_side |= {f"/transformer/final_attn_token_to_image/{p}_proj/MatMul" for p in ("k", "v")}

    def projections(path: Path) -> int:
        return sum(1 for node in onnx.load(str(path)).graph.node if node.name in image_side)

    assert projections(installed / "decoder.onnx") == 10
    assert projections(web) == 3
    embedding = np.asarray(run_session(load_session(str(installed / "encoder.onnx")), ["image_embeddings"],
                                       {"image": np.clip(installer.check_image(), 0, 255)}, "the encoder")[0])
    (projections,) = run_session(load_session(str(prepare)), [PROJECTIONS_INPUT], {"image_embeddings": embedding},
                                 "prepare")
    assert projections.shape == (1, 4096, 384)
    # and a first click and a refining click fed its logits give the whole decoder's logits and scores
    error, flipped = web_error(installed / "decoder.onnx", web, prepare, embedding)
    assert error < 1e-4
    assert flipped == 0


def test_an_install_without_the_pair_gains_it_checked(installed, tmp_path):
    # given a checked install of this version made before the pair existed
    folder = tmp_path / "models" / mobilesam.NAME
    folder.mkdir(parents=True)
    source = manifest_read(installed)
    roles = [role for role in source.files if role not in mobilesam.WEB_ROLES]
    for role in roles:
        shutil.copyfile(source.files[role].path, folder / f"{role}.onnx")
    document = {key: value for key, value in source.document.items() if key != "web_decoder"}
    manifest_write(folder, {**document, "files": {role: file_entry(folder / f"{role}.onnx") for role in roles}})
    lines: list[str] = []
    # when the installer runs
    manifest = installer.mobilesam_install(models_root=tmp_path / "models", cache=tmp_path / "cache",
                                           torch_index_url="http://unused.invalid", log=lines.append)
    # then it gains the pair, checked against the whole decoder, and says so
    assert set(mobilesam.WEB_ROLES) <= set(manifest.files)
    assert lines[0] == (f"installing mobilesam {mobilesam.VERSION}: the installed model has no browser decoder pair "
                        f"of revision {WEB_REVISION}")
    assert any(line.startswith("browser decoder pair: max |pair - whole decoder|") for line in lines)
    assert manifest.document["web_decoder"]["max_abs_error"] < 1e-4
    assert manifest.document["web_decoder"]["flipped_logits"] == 0
    assert manifest.document["web_decoder"]["revision"] == WEB_REVISION
    # and a pair made by an older revision of the rewrite is made again
    older = manifest_read(folder)
    manifest_write(folder, {**older.document, "web_decoder": {**older.document["web_decoder"], "revision": 1}})
    lines.clear()
    again = installer.mobilesam_install(models_root=tmp_path / "models", cache=tmp_path / "cache",
                                        torch_index_url="http://unused.invalid", log=lines.append)
    assert again.document["web_decoder"]["revision"] == WEB_REVISION
    assert lines[0].endswith(f"no browser decoder pair of revision {WEB_REVISION}")


def test_a_decoder_that_is_not_sams_graph_stops_the_install_with_a_clear_error(tmp_path):
    staged = tmp_path / "staged"
    staged.mkdir()
    for role in ("encoder", "decoder"):
        (staged / f"{role}.onnx").write_bytes(b"not onnx " * 20)
    manifest_write(staged, {"name": mobilesam.NAME, "version": mobilesam.VERSION, "config": mobilesam.CONFIG,
                            "files": {role: file_entry(staged / f"{role}.onnx") for role in ("encoder", "decoder")}})
    with pytest.raises(InstallError, match="the browser's decoder could not be made: decoder.onnx is not a readable"):
        installer.web_split_into(staged, print)
    assert set(manifest_read(staged).files) == {"encoder", "decoder"}  # nothing added


@pytest.mark.django_db
def test_the_api_lists_and_serves_the_pair_beside_the_whole_decoder(installed, client_for):
    labeler = client_for("labeler")
    (model,) = labeler.get("/api/v1/prelabel/builtin").json()["models"]
    decoder = model["decoder"]
    assert decoder["url"] == "/api/v1/prelabel/builtin/mobilesam/decoder.onnx"
    manifest = manifest_read(installed)
    for part, role in (("web", "decoder_web"), ("prepare", "decoder_prepare")):
        listed = decoder["web"][part]
        assert listed["url"] == f"/api/v1/prelabel/builtin/mobilesam/decoder.onnx?part={part}"
        response = labeler.get(listed["url"])
        assert response.status_code == 200
        body = b"".join(response.streaming_content)
        assert len(body) == listed["bytes"] == manifest.files[role].bytes
        assert response["ETag"] == f'"{manifest.files[role].sha256}"'
        assert listed["sha256"] == manifest.files[role].sha256
    whole = labeler.get(decoder["url"])
    assert whole["ETag"] == f'"{manifest.files["decoder"].sha256}"'
    bad = labeler.get("/api/v1/prelabel/builtin/mobilesam/decoder.onnx?part=encoder")
    assert bad.status_code == 400 and "part" in bad.json()
