"""Benchmark of labelplatform.masks against bare pycocotools (a script, not a test).

    .venv/bin/python bench/masks.py [--quick]

For each size and shape it prints our time for validate, encode, decode,
area/bbox and IoU, the bare pycocotools call doing the same work, and the
ratio (ours / bare). Targets (from the issue): validate < 1.5x pycocotools
``area`` and < 0.25x a decode; encode and decode within 1.2x; peak traced
memory for a 12 MP mask under 3x its boolean array. Checks of counts run
twice: on the C scanner (``labelplatform.masks._counts``, the production
path when built) and on the numpy reference it falls back to.
"""

from __future__ import annotations

import sys
import time
import tracemalloc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import numpy as np
from numpy.typing import NDArray
from pycocotools import mask as coco

from labelplatform import masks as M
from labelplatform.masks import counts

SIZES = [(768, 1024), (1080, 1920), (3000, 4000), (6000, 8000)]


PATHS = ["C", "numpy"] if counts.ACCELERATED else ["numpy"]


@contextmanager
def counts_path(name: str) -> Iterator[None]:
    """Run the library's counts checks on the C scanner or on the numpy reference."""
    chosen = counts.summarize
    if name == "numpy":
        counts.summarize = counts.summarize_numpy
    try:
        yield
    finally:
        counts.summarize = chosen


def shape(height: int, width: int, jagged: bool, shift: float = 0.0) -> NDArray[np.bool_]:
    """An ellipse; jagged ones get a per-pixel noisy radius (a thresholded noisy map)."""
    yy, xx = np.ogrid[:height, :width]
    cy, cx = height * (0.5 + shift), width * (0.5 + shift)
    radius = ((yy - cy) / (0.35 * height)) ** 2 + ((xx - cx) / (0.35 * width)) ** 2
    if jagged:
        rng = np.random.default_rng(7)
        noise = rng.random((height, width), dtype=np.float32)
        return np.asarray(radius + 0.2 * noise < 1.0)
    return np.asarray(radius < 1.0)


def timed(call: Callable[[], Any], budget: float = 0.3) -> float:
    """Median seconds per call over repeats fitting ``budget`` seconds (at least 3)."""
    call()
    start = time.perf_counter()
    call()
    once = max(time.perf_counter() - start, 1e-7)
    repeats = int(min(max(budget / once, 3), 200))
    samples = []
    for _ in range(repeats):
        start = time.perf_counter()
        call()
        samples.append(time.perf_counter() - start)
    return float(np.median(samples))


def row(name: str, ours: float, bare: float, target: str = "") -> None:
    ratio = ours / bare
    print(f"  {name:<34} {ours * 1e3:10.4f} ms  {bare * 1e3:10.4f} ms  {ratio:7.2f}x  {target}")


def bench_size(height: int, width: int, jagged: bool) -> None:
    mask = shape(height, width, jagged)
    other = shape(height, width, jagged, shift=0.05)
    fortran = np.asfortranarray(mask.astype(np.uint8))
    ours = M.encode(mask)
    theirs = coco.encode(fortran)
    second = M.encode(other)
    label = "jagged" if jagged else "smooth"
    print(f"\n{width}x{height} {label}: {len(ours['counts'])} counts characters")
    print(f"  {'operation':<34} {'ours':>13}  {'pycocotools':>13}  {'ratio':>8}")
    coco_decode = timed(lambda: coco.decode(theirs))
    for path in PATHS:
        with counts_path(path):
            # Interleaved: the machine's load drifts, so each ratio compares neighbouring timings.
            validate = timed(lambda: M.measure(ours, height, width))
            row(f"validate vs area ({path})", validate, timed(lambda: coco.area(theirs)), "(target < 1.5x)")
            row(f"validate vs decode ({path})", validate, coco_decode, "(target < 0.25x)")
    coco_encode = timed(lambda: coco.encode(np.asfortranarray(mask.view(np.uint8))))
    our_encode = timed(lambda: M.encode(mask))
    row("encode vs encode(asfortranarray)", our_encode, coco_encode, "(target <= 1.2x)")
    row("encode vs encode(ready Fortran)", our_encode, timed(lambda: coco.encode(fortran)))
    row("decode (validating) vs decode", timed(lambda: M.decode(ours)), coco_decode, "(target <= 1.2x)")
    row("decode (trusted) vs decode", timed(lambda: M.decode(ours, trusted=True)), coco_decode)
    bare_box = timed(lambda: (coco.area(theirs), coco.toBbox(theirs)))
    for path in PATHS:
        with counts_path(path):
            row(f"area_and_bbox (validating, {path})", timed(lambda: M.area_and_bbox(ours)), bare_box)
    row("area + bbox (trusted)", timed(lambda: (M.area(ours), M.bbox(ours))), bare_box)
    row("iou (rle)", timed(lambda: M.iou(ours, second)), timed(lambda: coco.iou([ours], [second], [0])))


def bench_labelmap(height: int, width: int, objects: int = 20) -> None:
    rng = np.random.default_rng(3)
    small = rng.integers(0, objects + 1, (height // 100 + 1, width // 100 + 1), dtype=np.uint8)
    labels = np.kron(small, np.ones((100, 100), np.uint8))[:height, :width].copy()

    def naive() -> None:
        for value in range(1, objects + 1):
            coco.encode(np.asfortranarray((labels == value).astype(np.uint8)))

    print(f"\nlabel map {width}x{height} with {objects} objects -> RLEs")
    row("rles_from_labelmap vs naive", timed(lambda: M.rles_from_labelmap(labels), 2.0), timed(naive, 2.0))


def peak_memory(height: int, width: int) -> None:
    print(f"\npeak traced memory at {width}x{height} (tracemalloc), ratio to the bool array")
    for jagged in (False, True):
        mask = shape(height, width, jagged)
        rle = M.encode(mask)
        calls: list[tuple[str, Callable[..., Any], Any, str]] = [
            ("encode", M.encode, mask, PATHS[0]),
            ("decode", M.decode, rle, PATHS[0]),
            *[(f"validate, {path}", M.measure, rle, path) for path in PATHS],
        ]
        for name, call, argument, path in calls:
            with counts_path(path):
                tracemalloc.start()
                call(argument)
                _, peak = tracemalloc.get_traced_memory()
                tracemalloc.stop()
            label = f"{name} ({'jagged' if jagged else 'smooth'})"
            print(f"  {label:<34} {peak / 2**20:9.1f} MiB  {peak / mask.nbytes:6.2f}x  (target < 3x)")


def main() -> None:
    sizes = SIZES[:2] if "--quick" in sys.argv else SIZES
    built = "built" if counts.ACCELERATED else "NOT built (numpy fallback only)"
    print(f"C counts scanner labelplatform.masks._counts: {built}")
    for height, width in sizes:
        for jagged in (False, True):
            bench_size(height, width, jagged)
    bench_labelmap(3000, 4000)
    peak_memory(3000, 4000)


if __name__ == "__main__":
    main()
