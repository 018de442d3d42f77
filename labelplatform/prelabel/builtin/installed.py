"""Which built-in models this machine has: a folder under MODELS_ROOT whose manifest, file hashes, config
and ONNX files all check. Checked once per process and again only when a file changes (size, mtime or
inode), so a request never hashes 45 MB; a model that does not check is "not installed", with the reason.
"""

import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings

from labelplatform.prelabel.builtin import mobilesam
from labelplatform.prelabel.builtin.manifest import MANIFEST, Manifest, ModelFilesError, manifest_read, manifest_verify
from labelplatform.prelabel.builtin.web_decoder import check_web_pair
from labelplatform.prelabel.engines.onnx_config import ConfigError, check_onnx_config
from labelplatform.prelabel.engines.onnx_models import ModelRunError, load_session, release_freed_memory
from labelplatform.prelabel.engines.sam import check_sam_pair
from labelplatform.prelabel.engines.sam_split import check_split_parts

BUILTIN = (mobilesam.NAME,)  # the built-in SAM-family backends, by name


@dataclass(frozen=True)
class BuiltinModel:
    name: str
    version: str
    config: dict[str, Any]
    files: dict[str, Path]  # role -> absolute path
    manifest: dict[str, Any]


_checked: dict[str, tuple[tuple[Any, ...], BuiltinModel | None, str]] = {}
_lock = threading.Lock()


def _stamp(folder: Path) -> tuple[Any, ...]:
    stamps: list[tuple[Any, ...]] = []
    for path in [folder / MANIFEST, *sorted(folder.glob("*.onnx"))]:
        try:
            stat = path.stat()
            stamps.append((path.name, stat.st_size, stat.st_mtime_ns, stat.st_ino))
        except FileNotFoundError:
            stamps.append((path.name, None))
    return tuple(stamps)


def _check_sessions(manifest: Manifest, config: dict[str, Any]) -> None:
    """Every ONNX file loads and has the tensors the config (and the split) name; raises ModelRunError."""
    decoder = load_session(str(manifest.files["decoder"].path))
    for role in [r for r in mobilesam.ENCODER_ROLES if r in manifest.files]:
        check_sam_pair(load_session(str(manifest.files[role].path)), decoder, config)
        parts = [manifest.files[p].path for p in mobilesam.part_roles(role) if p in manifest.files]
        if parts:
            check_split_parts(*(load_session(str(path)) for path in parts), split=mobilesam.SPLIT)
    web = [manifest.files[role].path for role in mobilesam.WEB_ROLES if role in manifest.files]
    if web:
        check_web_pair(*(load_session(str(path)) for path in web))


def _check(name: str, folder: Path) -> tuple[BuiltinModel | None, str]:
    if not (folder / MANIFEST).exists():
        return None, f"{name} is not installed in {folder}: run scripts/models"
    try:
        manifest = manifest_read(folder)
        manifest_verify(manifest)
        if (manifest.name != name or not set(mobilesam.FLOAT_ROLES) <= set(manifest.files)
                or not set(manifest.files) <= {*mobilesam.ROLES, *mobilesam.PART_ROLES, *mobilesam.WEB_ROLES}):
            raise ModelFilesError(f"{folder / MANIFEST} is for {manifest.name!r} with files {sorted(manifest.files)}")
        config = check_onnx_config(manifest.config, set())
        if config["type"] != "sam":
            raise ConfigError("config.type must be 'sam' for a built-in interactive model")
        _check_sessions(manifest, config)
    except (ModelFilesError, ConfigError, ModelRunError) as exc:
        return None, f"{name} is installed but unusable ({exc}); run scripts/models to reinstall it"
    finally:
        release_freed_memory()  # the check's sessions (~50 MB) would otherwise stay in the worker's heap
    files = {role: entry.path for role, entry in manifest.files.items()}
    return BuiltinModel(name, manifest.version, config, files, manifest.document), "installed"


def builtin_status(name: str) -> tuple[BuiltinModel | None, str]:
    """(the model, "installed") or (None, why not)."""
    folder = Path(settings.MODELS_ROOT) / name
    stamp = (str(folder), _stamp(folder))
    with _lock:
        known = _checked.get(name)
    if known is not None and known[0] == stamp:
        return known[1], known[2]
    model, reason = _check(name, folder)
    with _lock:
        _checked[name] = (stamp, model, reason)
    return model, reason


def builtin_model(name: str) -> BuiltinModel | None:
    return builtin_status(name)[0]
