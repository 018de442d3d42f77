"""Exports paint class maps from RLE runs (masks.paint): the same pixels as decoding every mask."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from labelplatform.masks import encode
from labelplatform.masks.datasets import paint_values
from labelplatform.masks.errors import MaskError
from labelplatform.masks.paint import paint_runs

shapes = st.tuples(st.integers(1, 23), st.integers(1, 31))


@settings(max_examples=150, deadline=None)
@given(data=st.data(), shape=shapes, dtype=st.sampled_from([np.uint8, np.uint16, np.uint32]))
def test_painting_from_runs_matches_painting_decoded_masks_even_where_objects_overlap(data, shape, dtype):
    height, width = shape
    masks = data.draw(st.lists(arrays(np.bool_, shape), max_size=6))  # empty, full and overlapping ones too
    values = data.draw(st.lists(st.integers(0, int(np.iinfo(dtype).max)), min_size=len(masks), max_size=len(masks)))
    objects = [(value, encode(mask)) for value, mask in zip(values, masks, strict=True)]
    painted = paint_runs(objects, height, width, dtype)
    assert painted.dtype == dtype and painted.shape == shape and painted.flags["C_CONTIGUOUS"]
    assert np.array_equal(painted, paint_values(objects, height, width, dtype))


def test_painting_refuses_values_and_sizes_that_do_not_fit():
    mask = np.ones((4, 5), bool)
    with pytest.raises(MaskError, match="does not fit uint8"):
        paint_runs([(256, encode(mask))], 4, 5)
    with pytest.raises(MaskError, match="differs"):
        paint_runs([(1, encode(mask))], 5, 4)
