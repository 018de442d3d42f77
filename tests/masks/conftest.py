"""Fixtures for the mask library tests: no Django, optional real data."""

from __future__ import annotations

from pathlib import Path

import pytest

# ../shared/data next to the repository; only the data-driven tests need it.
DATA = Path(__file__).resolve().parents[2].parent / "shared" / "data"


@pytest.fixture
def data_dir() -> Path:
    if not DATA.is_dir():
        pytest.skip(f"real mask data not found at {DATA}")
    return DATA
