"""The C counts scanner agrees with the numpy reference on every input, good or bad."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from numpy.typing import NDArray
from pycocotools import mask as coco

from labelplatform import masks as M
from labelplatform.masks import counts
from labelplatform.masks.counts import format_counts, summarize_numpy, summarize_runs_numpy
from tests.masks.strategies import masks, quick

ALPHABET = "".join(chr(c) for c in range(48, 112))
MAX_PIXELS = (1 << 32) - 1


def c_scan() -> Callable[..., tuple[int, list[int], bool]]:
    assert counts.ACCELERATED, "labelplatform.masks._counts is not built: run `pip install -e .` with a C compiler"
    from labelplatform.masks._counts import scan

    return scan


def c_scan_runs() -> Callable[..., tuple[int, list[int], bool, bytes]]:
    c_scan()
    from labelplatform.masks._counts import scan_runs

    return scan_runs


def outcome(scan: Callable[..., Any], text: str | bytes, height: int, width: int, with_bbox: bool = True) -> object:
    """The result (runs as a list of ints), or the error's code and message."""
    try:
        result = scan(text, height, width, with_bbox)
    except M.MaskError as error:
        return (error.code, str(error))
    if len(result) == 4:
        runs = np.frombuffer(result[3], np.int64) if isinstance(result[3], bytes) else result[3]
        return (*result[:3], runs.tolist())
    return result


def assert_same(text: str | bytes, height: int, width: int) -> Any:
    """scan and scan_runs against the numpy reference, with and without the bbox."""
    for with_bbox in (True, False):
        expected = outcome(summarize_numpy, text, height, width, with_bbox)
        assert outcome(c_scan(), text, height, width, with_bbox) == expected, (text[:80], height, width)
        with_runs = outcome(summarize_runs_numpy, text, height, width, with_bbox)
        assert outcome(c_scan_runs(), text, height, width, with_bbox) == with_runs, (text[:80], height, width)
        assert with_runs[:3] == expected if len(expected) == 3 else with_runs == expected  # type: ignore[arg-type]
    return expected


def runs_text(runs: list[int]) -> str:
    return format_counts(np.array(runs, np.int64))


@quick
@given(masks())
def test_valid_masks_measure_the_same(mask: NDArray[np.bool_]) -> None:
    encoded = M.encode(mask)
    height, width = mask.shape
    area, box, canonical = c_scan()(encoded["counts"], height, width)
    assert (area, box, canonical) == summarize_numpy(encoded["counts"], height, width)
    assert c_scan()(encoded["counts"].encode(), height, width) == (area, box, canonical)
    theirs = coco.encode(np.asfortranarray(mask.astype(np.uint8)))
    assert area == int(mask.sum()) == int(coco.area(theirs))
    assert box == [int(v) for v in coco.toBbox(theirs)]
    assert canonical
    assert c_scan()(encoded["counts"], height, width, False) == (area, [0, 0, 0, 0], True)


@quick
@given(st.lists(st.integers(-40, 40) | st.integers(-(1 << 34), 1 << 34), min_size=1, max_size=14), st.data())
def test_arbitrary_runs_agree(runs: list[int], data: st.DataObject) -> None:
    # Zero runs (not canonical), negative runs, wrong sums and multi-character values.
    total = sum(runs) if data.draw(st.booleans()) and 0 < sum(runs) <= MAX_PIXELS else data.draw(st.integers(1, 99))
    divisors = [d for d in range(1, 50) if total % d == 0]
    height = data.draw(st.sampled_from(divisors + [total]))
    assert_same(runs_text(runs), height, total // height)


@quick
@given(st.sampled_from([(1, MAX_PIXELS), (MAX_PIXELS, 1), (65535, 65537), (1 << 16, (1 << 16) - 1)]), st.data())
def test_huge_runs_near_two_to_the_32_agree(size: tuple[int, int], data: st.DataObject) -> None:
    height, width = size
    total = height * width
    cuts = sorted(data.draw(st.lists(st.integers(0, total), min_size=1, max_size=8)))
    runs = list(np.diff([0, *cuts, total]))
    expected = assert_same(runs_text(runs), height, width)
    assert isinstance(expected, tuple) and expected[0] == sum(runs[1::2])
    # Off by one pixel either way.
    assert assert_same(runs_text([*runs[:-1], runs[-1] + 1]), height, width)[0] == "sum"
    if runs[-1] > 0:
        assert assert_same(runs_text([*runs[:-1], runs[-1] - 1]), height, width)[0] == "sum"


@quick
@given(masks(nonempty=True), st.data())
def test_mutated_counts_agree(mask: NDArray[np.bool_], data: st.DataObject) -> None:
    chars = list(M.encode(mask)["counts"])
    for _ in range(data.draw(st.integers(1, 4))):
        action = data.draw(st.sampled_from(["replace", "insert", "delete", "stretch"]))
        at = data.draw(st.integers(0, max(len(chars) - 1, 0)))
        char = data.draw(st.sampled_from(ALPHABET + " ~\x00\x7f/p\u00e9\u4e2d"))
        if action == "replace" and chars:
            chars[at] = char
        elif action == "insert":
            chars.insert(at, char)
        elif action == "stretch":  # a run of "more" characters: 8-character runs and cut-off runs
            chars[at:at] = ["P"] * data.draw(st.integers(1, 9))
        elif chars:
            del chars[at]
    text = "".join(chars)
    height, width = mask.shape
    assert_same(text, height, width)
    if text.isascii():
        assert_same(text.encode("ascii"), height, width)


@quick
@given(st.text(alphabet=ALPHABET, max_size=16), st.integers(1, 7), st.integers(1, 7))
def test_arbitrary_strings_agree(text: str, height: int, width: int) -> None:
    assert_same(text, height, width)


@pytest.mark.parametrize("size", [(1, 1), (1, 37), (37, 1), (1, 5000), (5000, 1), (2, 3)])
@pytest.mark.parametrize("pattern", ["alternate", "edges", "middle", "full", "empty"])
def test_single_row_and_single_column_masks(size: tuple[int, int], pattern: str) -> None:
    mask = np.zeros(size, bool)
    flat = mask.reshape(-1)
    if pattern == "alternate":
        flat[::2] = True
    elif pattern == "edges":
        flat[0] = flat[-1] = True
    elif pattern == "middle":
        flat[flat.size // 3 : 2 * flat.size // 3 + 1] = True
    elif pattern == "full":
        flat[:] = True
    theirs = coco.encode(np.asfortranarray(mask.astype(np.uint8)))
    area, box, canonical = c_scan()(M.encode(mask)["counts"], *size)
    assert (area, box, canonical) == summarize_numpy(M.encode(mask)["counts"], *size)
    assert area == int(mask.sum()) and canonical
    assert box == [int(v) for v in coco.toBbox(theirs)]


@pytest.mark.parametrize(
    ("text", "size", "code", "words"),
    [
        ("", (3, 4), "parse", "counts are empty"),
        (b"", (3, 4), "parse", "counts are empty"),
        ("0<\u00e9", (3, 4), "parse", "non-ASCII"),
        ("\u00e9", (3, 4), "parse", "non-ASCII"),
        (b"0<\xe9", (3, 4), "parse", "invalid character '\u00e9'"),
        ("0 <", (3, 4), "parse", "invalid character ' '"),
        ("0<p", (3, 4), "parse", "invalid character 'p'"),
        ("0\x00<p", (3, 4), "parse", r"invalid character '\\x00'"),
        ("0P", (3, 4), "parse", "middle of a run"),
        ("0" + "P" * 7 + "0", (3, 4), "parse", "a run is 8 characters long"),
        ("P" * 8 + "0" + "P" * 10 + "0", (1, 1 << 20), "parse", "a run is 9 characters long"),
        ("0" * 92, (3, 4), "parse", "longer than any mask"),
        ("0?O", (3, 4), "negative_run", r"run 2 is negative \(-1\)"),
        ("0;", (3, 4), "sum", "sum to 11"),
        ("0=1", (3, 4), "sum", "more than 3x4=12"),
        ("<", (3, 4), None, ""),
        ("0\\0", (3, 4), None, ""),
    ],
)
def test_known_strings(text: str | bytes, size: tuple[int, int], code: str | None, words: str) -> None:
    expected = assert_same(text, *size)
    if code is None:
        assert not isinstance(expected, tuple) or not isinstance(expected[0], str)
        return
    with pytest.raises(M.MaskError, match=words) as caught:
        c_scan()(text, *size)
    assert caught.value.code == code


def test_seven_character_runs_are_valid() -> None:
    # 2**34 - 1 needs all 7 groups (35 bits with the sign); the delta of two uint32 runs fits.
    runs = [0, MAX_PIXELS - 1, 1]
    text = runs_text(runs)
    assert len(text) == 1 + 7 + 1
    assert c_scan()(text, 1, MAX_PIXELS) == (MAX_PIXELS - 1, [0, 0, MAX_PIXELS - 1, 1], True)
    back = runs_text([4, MAX_PIXELS - 20, 6, 10])  # run 3's delta is negative and needs 7 characters
    assert len(back) == 1 + 7 + 1 + 7
    assert assert_same(back, 1, MAX_PIXELS)[0] == MAX_PIXELS - 10


def test_errors_follow_one_precedence_across_numpy_blocks() -> None:
    # The numpy reference reads 2**18 characters at a time; the answer must not depend on that.
    height, width = 1, 1 << 30
    ones = [1] * 300_000  # one character each, more than one block
    negative_early = runs_text([5, 5, 3, -1, *ones])
    assert assert_same(negative_early, height, width) == ("negative_run", "run 3 is negative (-1)")
    long_run_late = negative_early + "P" * 8 + "0"
    assert assert_same(long_run_late, height, width) == ("parse", "a run is 9 characters long; at most 7 fit a run")
    over_early = [1 << 29, (1 << 29) + 5, *ones]
    assert assert_same(runs_text(over_early), height, width) == (
        "sum",
        "runs cover more than 1x1073741824=1073741824 pixels",
    )
    negative_late = runs_text([*over_early, -7])
    assert assert_same(negative_late, height, width) == ("negative_run", "run 300002 is negative (-7)")
    whole_block_run = "0" + "P" * 300_000 + "0"
    expected = ("parse", "a run is 300001 characters long; at most 7 fit a run")
    assert assert_same(whole_block_run, height, width) == expected


def test_measure_is_the_same_on_both_paths(monkeypatch: pytest.MonkeyPatch) -> None:
    mask = np.zeros((30, 20), bool)
    mask[3:17, 4:9] = True
    good = M.encode(mask)
    inputs: list[object] = [
        good,
        dict(good, counts=good["counts"].encode()),
        {"size": [30, 20], "counts": runs_text([0, 3, 0, 0, 597])},  # non-canonical: rewritten
        {"size": [30, 20], "counts": good["counts"] + "1"},
        {"size": [30, 20], "counts": "\u00e9"},
        {"size": (30, 20), "counts": [0, 600]},
    ]

    def run_all() -> list[object]:
        results: list[object] = []
        for rle in inputs:
            try:
                results.append(M.measure(rle, allow_empty=True))
            except M.MaskError as error:
                results.append((error.code, str(error)))
        return results

    def runs_of_all() -> list[object]:
        results: list[object] = []
        for rle in inputs:
            try:
                measured = M.measure(rle, allow_empty=True, keep_runs=True)
                assert measured.runs is not None
                results.append((measured, measured.runs.tolist()))
            except M.MaskError as error:
                results.append((error.code, str(error)))
        return results

    with_c, runs_with_c = run_all(), runs_of_all()
    monkeypatch.setattr(counts, "summarize", summarize_numpy)
    monkeypatch.setattr(counts, "summarize_runs", summarize_runs_numpy)
    assert run_all() == with_c
    assert runs_of_all() == runs_with_c
    assert [r[0] if len(r) == 2 and isinstance(r[0], M.MeasuredRle) else r for r in runs_with_c] == with_c
    assert runs_with_c[2][1] == [0, 3, 597] and runs_with_c[5][1] == [0, 600]
    assert with_c[1] == with_c[0]
    assert with_c[2] == M.MeasuredRle({"size": [30, 20], "counts": runs_text([0, 3, 597])}, 3, [0, 0, 1, 3])
    assert with_c[3][0] == "sum" and with_c[4][0] == "parse"


def test_bad_arguments_are_type_and_value_errors() -> None:
    scan = c_scan()
    with pytest.raises(TypeError):
        scan(["0", "<"], 3, 4)
    with pytest.raises(TypeError):
        scan("0<", 3)
    for height, width in [(0, 4), (3, -1), (1 << 16, 1 << 16), (1 << 40, 1), (MAX_PIXELS, MAX_PIXELS)]:
        with pytest.raises(ValueError, match="positive") as caught:
            scan("0<", height, width)
        assert not isinstance(caught.value, M.MaskError)


def test_long_counts_scan_the_same_from_many_threads() -> None:
    # Counts over 64k characters are scanned without the GIL.
    rng = np.random.default_rng(5)
    mask = rng.random((600, 500)) < 0.5
    text = M.encode(mask)["counts"]
    assert len(text) > 1 << 16
    expected = summarize_numpy(text, 600, 500)
    with ThreadPoolExecutor(4) as pool:
        results = list(pool.map(lambda _: c_scan()(text, 600, 500), range(16)))
    assert results == [expected] * 16
    assert expected[0] == int(mask.sum())
