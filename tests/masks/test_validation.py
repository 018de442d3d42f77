"""Validation of untrusted RLEs: every corrupted counts string is rejected, every valid one kept."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from numpy.typing import NDArray

from labelplatform import masks as M
from labelplatform.masks.counts import format_counts
from tests.masks.strategies import masks, quick

ALPHABET = "".join(chr(c) for c in range(48, 112))


def reference_runs(counts: str) -> list[int] | None:
    """Plain port of pycocotools' rleFrString with our alphabet and run-length limits."""
    runs: list[int] = []
    position = 0
    while position < len(counts):
        value, shift, more = 0, 0, True
        while more:
            if position == len(counts):
                return None  # ended in the middle of a run
            char = ord(counts[position]) - 48
            if not 0 <= char < 64 or shift >= 35:
                return None
            value |= (char & 0x1F) << shift
            more = bool(char & 0x20)
            position += 1
            shift += 5
            if not more and char & 0x10:
                value -= 1 << shift
        if len(runs) > 2:
            value += runs[-2]
        runs.append(value)
    return runs or None


def reference_accepts(counts: str, height: int, width: int) -> bool:
    runs = reference_runs(counts)
    return runs is not None and min(runs) >= 0 and sum(runs) == height * width and sum(runs[1::2]) > 0


def rle(counts: object, size: object = (3, 4)) -> dict[str, object]:
    return {"size": list(size) if isinstance(size, tuple) else size, "counts": counts}


@quick
@given(masks(nonempty=True))
def test_accepts_every_valid_mask_unchanged(mask: NDArray[np.bool_]) -> None:
    encoded = M.encode(mask)
    assert M.validate(encoded, *mask.shape) == encoded
    measured = M.measure(dict(encoded, counts=encoded["counts"].encode()))
    assert measured.rle == encoded
    assert measured.area == int(mask.sum())


@quick
@given(masks(nonempty=True), st.data())
def test_agrees_with_reference_on_mutated_counts(mask: NDArray[np.bool_], data: st.DataObject) -> None:
    counts = M.encode(mask)["counts"]
    chars = list(counts)
    for _ in range(data.draw(st.integers(1, 3))):
        action = data.draw(st.sampled_from(["replace", "insert", "delete"]))
        at = data.draw(st.integers(0, max(len(chars) - 1, 0)))
        char = data.draw(st.sampled_from(ALPHABET + " ~\x00é"))
        if action == "replace" and chars:
            chars[at] = char
        elif action == "insert":
            chars.insert(at, char)
        elif chars:
            del chars[at]
    mutated = "".join(chars)
    height, width = mask.shape
    expected = reference_accepts(mutated, height, width)
    try:
        M.validate(rle(mutated, (height, width)))
        accepted = True
    except M.MaskError:
        accepted = False
    assert accepted == expected, mutated


@quick
@given(st.text(alphabet=ALPHABET, min_size=1, max_size=12), st.integers(1, 6), st.integers(1, 6))
def test_agrees_with_reference_on_arbitrary_strings(counts: str, height: int, width: int) -> None:
    expected = reference_accepts(counts, height, width)
    try:
        M.validate(rle(counts, (height, width)))
        accepted = True
    except M.MaskError:
        accepted = False
    assert accepted == expected


@quick
@given(st.lists(st.integers(-3, 6), min_size=1, max_size=12), st.integers(1, 5), st.integers(1, 5))
def test_agrees_with_reference_on_encoded_runs(runs: list[int], height: int, width: int) -> None:
    counts = format_counts(np.array(runs, np.int64))
    expected = min(runs) >= 0 and sum(runs) == height * width and sum(runs[1::2]) > 0
    for given_counts in (counts, runs):
        try:
            M.validate(rle(given_counts, (height, width)))
            accepted = True
        except M.MaskError:
            accepted = False
        assert accepted == expected


@pytest.mark.parametrize(
    ("bad", "code", "words"),
    [
        ([1, 2], "parse", "must be an object"),
        (rle("0<", (3, 4, 1)), "size", "size must be"),
        (rle("0<", (3, "4")), "size", "size must be"),
        (rle("0<", (True, 4)), "size", "size must be"),
        (rle("0<", (0, 4)), "size", "positive"),
        (rle("0<", (70000, 70000)), "size", "more pixels"),
        (rle(""), "parse", "empty"),
        (rle(None), "parse", "string or a list"),
        (rle("0 <"), "parse", "invalid character"),
        (rle("0<\u00e9"), "parse", "non-ASCII"),
        (rle("0P"), "parse", "middle of a run"),
        (rle("0" + "P" * 7 + "0"), "parse", "at most 7"),
        (rle("<"), "empty", "empty"),
        (rle("0;"), "sum", "sum to 11"),
        (rle("0=1"), "sum", "more than"),
        (rle("0?O"), "negative_run", "run 2 is negative"),
        (rle([1, -1, 12]), "negative_run", "run 1 is negative"),
        (rle([1, 2.0, 9]), "parse", "list of integers"),
        (rle([True, 11]), "parse", "list of integers"),
        (rle([]), "parse", "empty"),
        (rle([2**70, 1]), "parse", "too large"),
        (rle([12]), "empty", "empty"),
    ],
)
def test_rejects_with_a_reason(bad: object, code: str, words: str) -> None:
    with pytest.raises(M.MaskError, match=words) as caught:
        M.validate(bad)
    assert caught.value.code == code


def test_size_must_match_the_image() -> None:
    good = M.encode(np.ones((3, 4), bool))
    assert M.validate(good, 3, 4) == good
    with pytest.raises(M.MaskError, match=r"does not match the image \[4, 3\]") as caught:
        M.validate(good, 4, 3)
    assert caught.value.code == "size"


def test_empty_masks_pass_only_when_allowed() -> None:
    empty = M.encode(np.zeros((3, 4), bool))
    assert M.validate(empty, allow_empty=True) == empty
    assert M.normalize(empty) == empty


def test_non_minimal_encoding_is_rewritten() -> None:
    # "<" is 12; "\\0" spells 12 with a needless second character.
    assert M.validate(rle("0\\0")) == {"size": [3, 4], "counts": "0<"}


def test_validation_of_a_12_megapixel_mask_never_decodes(monkeypatch: pytest.MonkeyPatch) -> None:
    yy, xx = np.mgrid[:3000, :4000]
    mask = (xx - 2000) ** 2 + (yy - 1500) ** 2 < 1000**2
    encoded = M.encode(mask)
    from pycocotools import mask as coco

    def refuse(*args: object) -> None:
        raise AssertionError("validation decoded pixels")

    monkeypatch.setattr(coco, "decode", refuse)
    measured = M.measure(encoded, 3000, 4000)
    assert measured.area == int(mask.sum())
    assert measured.bbox == [1001, 501, 1999, 1999]
