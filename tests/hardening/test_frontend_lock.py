"""The frontend's lock file is one `npm ci` accepts on any machine, and the installer uses it.

`npm ci` refuses a lock file that leaves out an optional package some dependency declares
(rollup's native binary for another OS or CPU); `npm install` then "repairs" it, which leaves a
fresh clone dirty after one `scripts/serve`.
"""

import json
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
LOCK = ROOT / "frontend" / "package-lock.json"


def _packages() -> dict[str, dict[str, Any]]:
    packages: dict[str, dict[str, Any]] = json.loads(LOCK.read_text())["packages"]
    return packages


def test_the_lock_lists_every_optional_package_its_dependencies_declare() -> None:
    packages = _packages()
    missing = [
        f"{path} -> {name}"
        for path, entry in packages.items()
        for name in entry.get("optionalDependencies", {})
        if f"node_modules/{name}" not in packages and f"{path}/node_modules/{name}" not in packages
    ]
    assert missing == []


def test_the_lock_has_rollups_binaries_for_other_platforms() -> None:
    names = set(_packages())
    for platform in ("darwin-arm64", "win32-x64-msvc", "linux-x64-gnu", "linux-arm64-gnu"):
        assert f"node_modules/@rollup/rollup-{platform}" in names


def test_the_lock_keeps_package_jsons_versions() -> None:
    manifest = json.loads((ROOT / "frontend" / "package.json").read_text())
    root = _packages()[""]
    assert root["dependencies"] == manifest["dependencies"]
    assert root["devDependencies"] == manifest["devDependencies"]


def test_install_uses_npm_ci_and_never_npm_install() -> None:
    commands = [
        line for line in (ROOT / "scripts" / "install").read_text().splitlines() if not line.lstrip().startswith("#")
    ]
    assert any("npm ci" in line for line in commands)
    assert not any("npm install" in line for line in commands)
