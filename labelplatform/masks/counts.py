"""COCO compressed RLE counts: a numpy codec that checks runs without painting pixels.

Format (pycocotools ``rleToString``): each run ``x`` (for index ``i > 2`` the
difference ``cnts[i] - cnts[i-2]``) is written as 5-bit groups, least
significant first, each group as one character ``48 + group``; ``0x20`` marks
"more groups follow" and ``0x10`` in the last group is the sign. pycocotools
parses this without any checks and then writes pixels blindly, so the server
must parse it on its own first. Everything here is vectorised: a Python loop
over a 30 KB string is far slower than pycocotools' own C parser.

:func:`summarize` is what callers use: the C scanner ``_counts.scan`` when the
package was built with a compiler, else :func:`summarize_numpy`. The numpy code
is the reference; both raise the same :class:`MaskError` for the same input:
a parse error wherever it is, else the first negative run, else the sum.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

from labelplatform.masks.errors import MaskError

_FIRST_CHAR = 48
_LAST_CHAR = _FIRST_CHAR + 63
_MORE = 0x20
_SIGN = 0x10
_GROUP = 0x1F
# 7 groups = 35 bits, enough for any delta of two uint32 runs (pycocotools' run type).
MAX_CHARS_PER_RUN = 7
# Parse long strings in blocks so a 12 MB string of a noisy mask never needs
# several int64 copies of itself at once.
_BLOCK_CHARS = 1 << 18
# Smallest |value| (as ~x for negatives) that needs 2, 3, ... groups.
_GROUP_THRESHOLDS = np.array([1 << (5 * k - 1) for k in range(1, MAX_CHARS_PER_RUN)], np.int64)

Int64Array = NDArray[np.int64]


@dataclass
class CountsSummary:
    """What one pass over the counts learned; ``bbox`` is ``[x, y, w, h]``."""

    area: int = 0
    bbox: list[int] = field(default_factory=lambda: [0, 0, 0, 0])
    canonical: bool = True
    run_count: int = 0
    runs: Int64Array | None = None


@dataclass
class _BboxTracker:
    height: int
    x0: int = -1
    x1: int = -1
    y0: int = 1 << 62
    y1: int = -1

    def add(self, starts: Int64Array, ends: Int64Array) -> None:
        """Add foreground runs covering flat pixels ``[start, end)`` (column-major)."""
        if starts.size == 0:
            return
        row_first = starts % self.height
        row_last = (ends - 1) % self.height
        # A run that wraps into the next column covers row 0 and row h-1.
        wraps = bool((row_last < row_first).any()) or int((ends - starts).max()) >= self.height
        if self.x0 < 0:
            self.x0 = int(starts[0]) // self.height
        self.x1 = (int(ends[-1]) - 1) // self.height
        self.y0 = min(self.y0, 0 if wraps else int(row_first.min()))
        self.y1 = max(self.y1, self.height - 1 if wraps else int(row_last.max()))

    def bbox(self) -> list[int]:
        if self.x0 < 0:
            return [0, 0, 0, 0]
        return [self.x0, self.y0, self.x1 - self.x0 + 1, self.y1 - self.y0 + 1]


def _chars(counts: str | bytes) -> NDArray[np.uint8]:
    """Characters as group values 0..63; rejects anything outside the alphabet."""
    try:
        data = counts.encode("ascii") if isinstance(counts, str) else counts
    except UnicodeEncodeError:
        raise MaskError("parse", "counts contain a non-ASCII character") from None
    chars = np.frombuffer(data, np.uint8)
    if chars.size == 0:
        raise MaskError("parse", "counts are empty")
    lo, hi = int(chars.min()), int(chars.max())
    if lo < _FIRST_CHAR or hi > _LAST_CHAR:
        bad = lo if lo < _FIRST_CHAR else hi
        raise MaskError("parse", f"counts contain an invalid character {chr(bad)!r}")
    if chars[-1] - _FIRST_CHAR >= _MORE:
        raise MaskError("parse", "counts end in the middle of a run")
    return chars - np.uint8(_FIRST_CHAR)


def _values(groups: NDArray[np.uint8]) -> tuple[Int64Array, bool]:
    """Signed (still delta-coded) values of a block that ends on a value boundary.

    Also says whether every value used the fewest characters possible. Most
    runs fit one character, so those are done in bulk and only the few longer
    values are assembled group by group.
    """
    ends = np.flatnonzero(groups < _MORE)
    lengths = np.diff(ends, prepend=-1)
    last = groups[ends]
    values = last.astype(np.int64)
    values &= _GROUP
    minimal = True
    multi = np.flatnonzero(lengths > 1)
    if multi.size:
        multi_lengths = lengths[multi]
        longest = int(multi_lengths.max())
        if longest > MAX_CHARS_PER_RUN:
            first = int(multi_lengths[multi_lengths > MAX_CHARS_PER_RUN][0])
            raise _too_long(first)
        multi_ends = ends[multi]
        # Horner from the most significant group (the last character) down.
        assembled = values[multi]
        for back in range(1, longest):
            has = multi_lengths > back
            lower = groups[multi_ends[has] - back] & np.uint8(_GROUP)
            assembled[has] = (assembled[has] << 5) | lower
        values[multi] = assembled
        # Minimal encodings stop as soon as the rest is pure sign: a last group
        # that only repeats the sign of the group before it was not needed.
        before = (groups[multi_ends - 1] & np.uint8(_SIGN)) != 0
        tail = last[multi]
        minimal = not bool(np.where(before, tail == _GROUP, tail == 0).any())
    negative = last >= _SIGN
    if negative.any():
        values -= np.left_shift(negative.astype(np.int64), 5 * lengths)
    return values, minimal


def _too_long(chars: int) -> MaskError:
    return MaskError("parse", f"a run is {chars} characters long; at most 7 fit a run")


def _undelta(values: Int64Array, first_index: int, carry: list[int]) -> None:
    """Turn delta-coded values into runs in place; ``carry`` holds the last even/odd run.

    Run ``i > 2`` is ``value[i] + run[i - 2]``; runs 0, 1 and 2 are stored plain,
    so run 0 never feeds the even chain.
    """
    head = int(values[0]) if first_index == 0 else 0
    if first_index == 0:
        values[0] = 0
    for parity in (0, 1):
        offset = (parity - first_index) % 2
        chain = values[offset::2]
        if chain.size:
            np.cumsum(chain, out=chain)
            chain += carry[parity]
            carry[parity] = int(chain[-1])
    if first_index == 0:
        values[0] = head


def scan_counts(
    counts: str | bytes,
    height: int,
    width: int,
    *,
    keep_runs: bool = False,
    with_bbox: bool = True,
) -> CountsSummary:
    """Parse compressed counts and check them against ``height x width``.

    Raises :class:`MaskError` unless every run parses, none is negative and
    they sum to exactly ``height * width`` (a parse error anywhere comes first,
    then the first negative run, then the sum). Empty masks pass here (the caller
    decides). ``keep_runs`` also returns the runs (costs 8 bytes per run);
    ``with_bbox=False`` skips the bbox (``[0, 0, 0, 0]``) for callers that only check.
    """
    total = height * width
    groups = _chars(counts)
    if groups.size > MAX_CHARS_PER_RUN * (total + 1):
        raise MaskError("parse", "counts are longer than any mask of this size needs")
    summary = CountsSummary()
    bbox = _BboxTracker(height)
    kept: list[Int64Array] = []
    carry = [0, 0]
    index = 0  # global index of the next run
    position = 0  # pixels covered so far
    negative: MaskError | None = None  # raised only once every block parsed
    begin = 0
    while begin < groups.size:
        stop = min(begin + _BLOCK_CHARS, groups.size)
        if stop < groups.size:
            # Cut after the last complete value inside the block.
            boundaries = np.flatnonzero(groups[begin:stop] < _MORE)
            if boundaries.size == 0:  # one run fills the whole block
                raise _too_long(int(np.flatnonzero(groups[begin:] < _MORE)[0]) + 1)
            stop = begin + int(boundaries[-1]) + 1
        runs, minimal = _values(groups[begin:stop])
        begin = stop
        _undelta(runs, index, carry)
        if negative is None and int(runs.min()) < 0:
            where = int(np.argmax(runs < 0))
            negative = MaskError("negative_run", f"run {index + where} is negative ({int(runs[where])})")
        ends = np.cumsum(runs)
        ends += position
        covered = int(ends[-1])
        if negative is not None or covered > total:
            # Already invalid: read on only for a parse error further on.
            index += runs.size
            position = covered
            continue
        fg = slice((index + 1) % 2, None, 2)
        fg_runs, fg_ends = runs[fg], ends[fg]
        if with_bbox:
            nonzero = fg_runs > 0
            bbox.add((fg_ends - fg_runs)[nonzero], fg_ends[nonzero])
        summary.area += int(fg_runs.sum())
        zero_runs = np.flatnonzero(runs == 0)
        if not minimal or (zero_runs.size and (index > 0 or zero_runs[-1] > 0)):
            summary.canonical = False
        if keep_runs:
            kept.append(runs)
        index += runs.size
        position = covered
    if negative is not None:
        raise negative
    if position > total:
        raise MaskError("sum", f"runs cover more than {height}x{width}={total} pixels")
    if position != total:
        raise MaskError("sum", f"runs sum to {position}, not {height}x{width}={total}")
    summary.bbox = bbox.bbox()
    summary.run_count = index
    if keep_runs:
        summary.runs = np.concatenate(kept)
    return summary


def canonical_runs(runs: Int64Array) -> Int64Array:
    """Drop zero-length runs (merging their neighbours) as pycocotools would encode.

    Only run 0 may be zero: it marks a mask whose first pixel is foreground.
    """
    if runs.size == 0 or bool((runs[1:] > 0).all()):
        return runs
    # Each run boundary toggles the pixel value; two toggles at one place cancel.
    toggles = np.cumsum(runs)[:-1]
    places, multiplicity = np.unique(toggles, return_counts=True)
    kept = places[multiplicity % 2 == 1]
    total = int(runs.sum())
    result: Int64Array = np.diff(kept, prepend=0, append=total).astype(np.int64)
    return result


def format_counts(runs: Int64Array) -> str:
    """Compressed counts string for runs, byte-identical to pycocotools' ``rleToString``."""
    runs = np.asarray(runs, np.int64)
    if runs.size == 0:
        return ""
    deltas = runs.copy()
    deltas[3:] -= runs[1:-2]
    magnitude = np.where(deltas < 0, ~deltas, deltas)
    lengths = np.searchsorted(_GROUP_THRESHOLDS, magnitude, side="right") + 1
    repeated = np.repeat(deltas, lengths)
    step = np.ones(repeated.size, np.int64)
    step[0] = 0
    firsts = np.cumsum(lengths)[:-1]
    step[firsts] = 1 - lengths[:-1]
    position = np.cumsum(step)
    groups = (repeated >> (5 * position)) & _GROUP
    groups[position < np.repeat(lengths - 1, lengths)] |= _MORE
    groups += _FIRST_CHAR
    return groups.astype(np.uint8).tobytes().decode("ascii")


Summarize = Callable[..., tuple[int, list[int], bool]]
SummarizeRuns = Callable[..., tuple[int, list[int], bool, Int64Array]]


# Characters that say "more groups follow": every other character ends one run.
_CONTINUATIONS = bytes(range(_FIRST_CHAR + _MORE, _LAST_CHAR + 1))


def count_runs(counts: str | bytes | list[object]) -> int:
    """How many runs the counts hold, without parsing them (one pass in C, no per-run memory).

    For a limit checked before the parse: characters outside the alphabet count as
    run ends here and fail the parse afterwards.
    """
    if isinstance(counts, list):
        return len(counts)
    raw = counts.encode("ascii", "replace") if isinstance(counts, str) else counts
    return len(raw.translate(None, _CONTINUATIONS))


def summarize_numpy(
    counts: str | bytes, height: int, width: int, with_bbox: bool = True
) -> tuple[int, list[int], bool]:
    """``(area, bbox, canonical)`` of checked counts: the reference for the C ``scan``."""
    summary = scan_counts(counts, height, width, with_bbox=with_bbox)
    return summary.area, summary.bbox, summary.canonical


def summarize_runs_numpy(
    counts: str | bytes, height: int, width: int, with_bbox: bool = True
) -> tuple[int, list[int], bool, Int64Array]:
    """:func:`summarize_numpy` and the runs it parsed: the reference for the C ``scan_runs``."""
    summary = scan_counts(counts, height, width, keep_runs=True, with_bbox=with_bbox)
    assert summary.runs is not None
    return summary.area, summary.bbox, summary.canonical, summary.runs


summarize: Summarize
summarize_runs: SummarizeRuns
try:
    from labelplatform.masks._counts import scan as _scan_c
    from labelplatform.masks._counts import scan_runs as _scan_runs_c

    def _summarize_runs_c(
        counts: str | bytes, height: int, width: int, with_bbox: bool = True
    ) -> tuple[int, list[int], bool, Int64Array]:
        area, box, canonical, runs = _scan_runs_c(counts, height, width, with_bbox)
        return area, box, canonical, np.frombuffer(runs, np.int64)

    summarize = _scan_c
    summarize_runs = _summarize_runs_c
except ImportError:  # installed without a C compiler: the same answers, slower
    summarize = summarize_numpy
    summarize_runs = summarize_runs_numpy
ACCELERATED = summarize is not summarize_numpy
