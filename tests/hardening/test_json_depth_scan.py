"""json_limits.DepthScanner against a byte-by-byte reference: the same depth for any bytes cut in any blocks.

The reference is the rule written plainly: outside a string a quote opens one and brackets count;
inside, a backslash escapes the next byte and an unescaped quote closes it.
"""

import json
import random

import pytest

from labelplatform.common.json_limits import DepthScanner, JsonInputError


def reference_peak(data: bytes) -> tuple[int, int]:
    """(deepest, final depth) of `data`."""
    depth = peak = 0
    in_string = escape = False
    for byte in data:
        if in_string:
            if escape:
                escape = False
            elif byte == ord("\\"):
                escape = True
            elif byte == ord('"'):
                in_string = False
        elif byte == ord('"'):
            in_string = True
        elif byte in b"[{":
            depth += 1
            peak = max(peak, depth)
        elif byte in b"]}":
            depth -= 1
    return peak, depth


def scanned(data: bytes, cuts: list[int], limit: int) -> tuple[bool, int]:
    """(refused, final depth) when `data` is fed in the blocks between `cuts`."""
    scanner = DepthScanner(limit)
    edges = [0, *cuts, len(data)]
    try:
        for start, end in zip(edges, edges[1:], strict=False):
            scanner.feed(data[start:end])
    except JsonInputError:
        return True, scanner.depth
    return False, scanner.depth


def random_value(rng: random.Random, depth: int) -> object:
    kind = rng.random()
    if depth > 6 or kind < 0.3:
        return "".join(rng.choice('ab"\\[]{}/\u00e9\n') for _ in range(rng.randint(0, 12)))
    if kind < 0.4:
        return rng.randint(-5, 5)
    if kind < 0.7:
        return [random_value(rng, depth + 1) for _ in range(rng.randint(0, 4))]
    return {str(random_value(rng, 7)): random_value(rng, depth + 1) for _ in range(rng.randint(0, 4))}


def random_cuts(rng: random.Random, size: int) -> list[int]:
    return sorted(rng.sample(range(1, size), min(size - 1, rng.randint(0, 6)))) if size > 1 else []


@pytest.mark.parametrize("seed", range(300))
def test_json_documents_scan_like_the_reference(seed):
    rng = random.Random(seed)
    data = json.dumps(random_value(rng, 0), ensure_ascii=rng.random() < 0.5).encode()
    peak, final = reference_peak(data)
    assert scanned(data, random_cuts(rng, len(data)), peak) == (False, final)
    if peak:
        assert scanned(data, random_cuts(rng, len(data)), peak - 1)[0]


@pytest.mark.parametrize("seed", range(300))
def test_any_bytes_scan_like_the_reference(seed):
    # Broken JSON too: a scanner out of step with the parser's idea of strings could let deep nesting through.
    rng = random.Random(seed)
    data = bytes(rng.choice(b'"\\\\[]{}a') for _ in range(rng.randint(0, 60)))
    peak, final = reference_peak(data)
    assert scanned(data, random_cuts(rng, len(data)), peak) == (False, final)
    if peak:
        assert scanned(data, random_cuts(rng, len(data)), peak - 1)[0]
