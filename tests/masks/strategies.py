"""Hypothesis strategies for masks: random sizes including 1xN, Nx1 and empty edges."""

from __future__ import annotations

import numpy as np
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from numpy.typing import NDArray

# Applied per test so loading these tests never changes other suites' settings.
quick = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])

sizes = st.tuples(st.integers(1, 48), st.integers(1, 48))


@st.composite
def masks(draw: st.DrawFn, nonempty: bool = False) -> NDArray[np.bool_]:
    """Noise, blocks, full, empty, and masks whose border rows/columns are empty."""
    height, width = draw(sizes)
    kind = draw(st.sampled_from(["noise", "blocks", "full", "empty", "framed"]))
    if kind == "noise":
        mask = draw(hnp.arrays(np.bool_, (height, width)))
    elif kind == "full":
        mask = np.ones((height, width), bool)
    elif kind == "empty":
        mask = np.zeros((height, width), bool)
    else:
        mask = np.zeros((height, width), bool)
        for _ in range(draw(st.integers(1, 4))):
            y0, y1 = sorted(draw(st.tuples(st.integers(0, height), st.integers(0, height))))
            x0, x1 = sorted(draw(st.tuples(st.integers(0, width), st.integers(0, width))))
            mask[y0:y1, x0:x1] = True
        if kind == "framed":
            mask[0, :] = mask[-1, :] = False
            mask[:, 0] = mask[:, -1] = False
    if nonempty and not mask.any():
        mask[draw(st.integers(0, height - 1)), draw(st.integers(0, width - 1))] = True
    return mask


@st.composite
def mask_pairs(draw: st.DrawFn) -> tuple[NDArray[np.bool_], NDArray[np.bool_]]:
    first = draw(masks())
    second = draw(hnp.arrays(np.bool_, first.shape))
    return first, second
