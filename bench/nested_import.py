"""Bench (not a test): the nested-JSON import of issue 14 through the import's first step, timed, with the
process's peak memory growth. Run: .venv/bin/python bench/nested_import.py
"""

import os
import resource
import tempfile
import time
from pathlib import Path

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "labelplatform.settings")
django.setup()

from labelplatform.datasets.importing.readers import detect  # noqa: E402
from labelplatform.datasets.importing.sources import SourceError, tree_from_file  # noqa: E402


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    nested = b'{"images": ' + b"[" * 100000 + b"]" * 100000 + b"}"
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "instances.json"
        path.write_bytes(nested)
        before, start = peak_mb(), time.perf_counter()
        try:
            detect(tree_from_file(path, "instances.json"))
            outcome = "accepted (!)"
        except SourceError as exc:
            outcome = f"refused: {exc}"
        print(f"{len(nested)} bytes nested 100000 deep: {outcome}")
        print(f"  {time.perf_counter() - start:.3f} s, peak memory grew {peak_mb() - before:.1f} MB")


if __name__ == "__main__":
    main()
