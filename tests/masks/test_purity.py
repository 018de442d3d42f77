"""The mask library stays free of Django: it runs in workers and scripts alike."""

from __future__ import annotations

import ast
from pathlib import Path

import labelplatform.masks

LIBRARY = Path(labelplatform.masks.__file__).parent


def test_no_module_imports_django() -> None:
    for path in LIBRARY.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            assert not any(n.split(".")[0] in {"django", "rest_framework"} for n in names), path


def test_every_public_name_exists() -> None:
    for name in labelplatform.masks.__all__:
        assert hasattr(labelplatform.masks, name), name
