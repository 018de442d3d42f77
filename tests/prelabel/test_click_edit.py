"""Click consistency (engines/click_edit.py): a click the decoder's mask contradicts gets a local edit that
later steps keep; the browser's clickEdit.ts is held to the same vectors (frontend/src/sam/testdata)."""

import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from labelplatform.masks import decode, encode
from labelplatform.prelabel.engines.click_edit import edit_step, edited, repaint

VECTORS = Path(__file__).resolve().parents[2] / "frontend" / "src" / "sam" / "testdata" / "click_edit_vectors.json"
CASES = json.loads(VECTORS.read_text())["cases"]


def ring(radius: int = 20) -> np.ndarray:
    yy, xx = np.mgrid[:200, :260]  # 260 px: an edit reaches 4 * 260 / 256 px deep
    return np.asarray((xx - 40) ** 2 + (yy - 30) ** 2 <= radius * radius)


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_the_browsers_vectors_are_what_the_server_makes(case: dict[str, Any]) -> None:
    masks = [np.ascontiguousarray(decode(rle)) for rle in case["masks"]]
    clicks = [(x, y, bool(label)) for x, y, label in case["clicks"]]
    got = edited(masks, clicks)
    assert encode(got) == case["expected"]
    assert int(np.count_nonzero(got != masks[-1])) == case["changed"]


def test_a_click_in_a_sliver_outside_joins_a_band_along_the_edge_to_the_mask() -> None:
    mask = ring()
    shown, edits = edit_step(mask, [(40.0, 30.0, True), (40.0, 53.0, True)])  # 3 px below the edge (y = 50)
    added = shown & ~mask
    assert shown[53, 40] and shown[51, 40]  # the click and what lies between it and the mask
    assert added.sum() > 20 and edits[0] is None and edits[1] is not None
    ys, xs = np.nonzero(added)
    assert ys.max() <= 56 and abs(xs - 40).max() <= 6  # within twice the click's depth of the edge and of the click


def test_a_negative_click_inside_cuts_a_band_and_leaves_the_positive_clicks_pixel() -> None:
    mask = ring()
    shown, _ = edit_step(mask, [(40.0, 48.0, True), (40.0, 47.0, False)])
    assert not shown[47, 40] and shown[48, 40]
    assert (mask & ~shown).sum() > 10 and not (shown & ~mask).any()


def test_clicks_the_mask_honours_change_nothing_and_give_the_very_mask() -> None:
    mask = ring()
    shown, edits = edit_step(mask, [(40.0, 30.0, True), (2.0, 2.0, False)])
    assert shown is mask and edits == (None, None)


def test_an_edit_stays_when_a_later_decoder_mask_leaves_it() -> None:
    big, small = ring(), ring(17)
    shown = edited([big, big, small], [(40.0, 30.0, True), (40.0, 53.0, True), (20.0, 30.0, True)])
    assert shown[53, 40] and shown[51, 40]  # the second click's edit, painted over the third mask
    _, edits = edit_step(big, [(40.0, 30.0, True), (40.0, 53.0, True)])
    assert np.array_equal(repaint(small, [(40.0, 30.0, True), (40.0, 53.0, True)], edits)[51:54, 40], [1, 1, 1])


def test_without_an_edge_to_measure_nothing_is_edited() -> None:
    empty = np.zeros((300, 300), bool)
    shown, edits = edit_step(empty, [(10.0, 10.0, True)])
    assert not shown.any() and edits == (None,)
