"""Writes click_edit_vectors.json: the decoder's masks of the steps of a replay, the clicks, and the mask the
server's click consistency (labelplatform/prelabel/engines/click_edit.py `edited`) shows after the last step,
for clickEdit.test.ts to hold the browser to, and tests/prelabel/test_click_edit.py to hold the server to.
Masks as COCO RLE; `crops` are the bounds the browser's cropped masks have (its decoder crops to the logits'
reach, not always tightly). A case with one more mask than clicks has a box's step first.

    cd /work/main && .venv/bin/python frontend/src/sam/testdata/make_click_edit_vectors.py
"""

import json
import sys
from pathlib import Path

import cv2
import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[4]))

from labelplatform.masks import encode  # noqa: E402
from labelplatform.prelabel.engines.click_edit import edit_step, edited, fed_logits  # noqa: E402

OUT = Path(__file__).with_name("click_edit_vectors.json")


def disc(height: int, width: int, cx: int, cy: int, r: int) -> np.ndarray:
    yy, xx = np.mgrid[:height, :width]
    return (xx - cx) ** 2 + (yy - cy) ** 2 <= r * r


def blobs(rng: np.random.Generator, height: int, width: int) -> np.ndarray:
    """A few overlapping ellipses: edges at every angle, concave parts, sometimes two pieces."""
    mask = np.zeros((height, width), np.uint8)
    for _ in range(int(rng.integers(1, 4))):
        center = (int(rng.integers(0, width)), int(rng.integers(0, height)))
        axes = (int(rng.integers(3, width // 2)), int(rng.integers(3, height // 2)))
        cv2.ellipse(mask, center, axes, float(rng.uniform(0, 180)), 0, 360, 1, -1)
    return mask > 0


def near_edge_click(rng: np.random.Generator, mask: np.ndarray, positive: bool) -> tuple[float, float, bool]:
    """A click a few pixels off the mask's edge on the side it says is wrong (or anywhere when none is)."""
    side = ~mask if positive else mask
    band = side & (cv2.dilate((~side).astype(np.uint8), np.ones((9, 9), np.uint8)) > 0)
    ys, xs = np.nonzero(band if band.any() else np.ones_like(mask))
    k = int(rng.integers(0, ys.size))
    return float(xs[k]) + float(rng.uniform(0, 1)), float(ys[k]) + float(rng.uniform(0, 1)), positive


def crop_of(mask: np.ndarray, loose: bool) -> list[int]:
    ys, xs = np.nonzero(mask)
    if not ys.size:
        return [0, 0, 0, 0]
    crop = [int(xs.min()), int(ys.min()), int(xs.max()) + 1, int(ys.max()) + 1]
    if loose:  # a looser crop, as the decoder's window can be
        crop = [max(0, crop[0] - 2), max(0, crop[1] - 1), min(mask.shape[1], crop[2] + 3), crop[3]]
    return crop


def case(name: str, masks: list[np.ndarray], clicks: list[tuple[float, float, bool]]) -> dict:
    if len(masks) == 1:
        masks = masks * len(clicks)  # the decoder answering every step alike
    expected = edited(masks, clicks)
    return {
        "name": name,
        "height": masks[0].shape[0],
        "width": masks[0].shape[1],
        "crops": [crop_of(m, name.startswith("random")) for m in masks],
        "masks": [encode(m) for m in masks],
        "clicks": [[x, y, int(p)] for x, y, p in clicks],
        "expected": encode(expected),
        "changed": int(np.count_nonzero(expected != masks[-1])),
    }


def cases() -> list[dict]:
    rng = np.random.default_rng(13)
    out = []
    ring = disc(200, 260, 40, 30, 20)  # 260 px: an edit reaches 4 * 260 / 256 px deep
    smaller = disc(200, 260, 40, 30, 17)
    out.append(case("positive click in a sliver outside", [ring], [(40.0, 30.0, True), (40.0, 53.0, True)]))
    out.append(case("negative click inside near the edge", [ring], [(40.0, 30.0, True), (58.2, 30.7, False)]))
    out.append(case("every click honoured: unchanged", [ring], [(40.0, 30.0, True), (5.0, 5.0, False)]))
    out.append(
        case(
            "a negative click's pixel stays out", [ring], [(40.0, 30.0, True), (40.0, 54.0, False), (41.0, 53.0, True)]
        )
    )
    out.append(
        case("at the image's border", [disc(200, 200, 100, 180, 17)], [(100.0, 199.9, True), (81.0, 180.0, True)])
    )
    out.append(case("empty mask: no edge to measure", [np.zeros((30, 30), bool)], [(10.0, 10.0, True)]))
    out.append(case("full mask, negative click: no edge", [np.ones((30, 30), bool)], [(10.0, 10.0, False)]))
    out.append(case("later click on an earlier edit", [ring], [(40.0, 52.0, True), (40.0, 55.0, False)]))
    out.append(
        case(
            "an edit stays when the decoder shrinks back",
            [ring, ring, smaller],
            [(40.0, 30.0, True), (40.0, 53.0, True), (20.0, 30.0, True)],
        )
    )
    out.append(
        case("a click honoured first, contradicted later", [ring, smaller], [(40.0, 30.0, True), (40.0, 49.0, True)])
    )
    out.append(case("a box's step first", [smaller, ring, ring], [(40.0, 30.0, True), (40.0, 53.0, True)]))
    for index in range(24):
        height, width = int(rng.integers(200, 320)), int(rng.integers(200, 320))
        mask = blobs(rng, height, width)
        clicks = [near_edge_click(rng, mask, bool(rng.integers(0, 2))) for _ in range(int(rng.integers(1, 5)))]
        masks = [mask if rng.random() < 0.5 else blobs(rng, height, width) | mask for _ in clicks]
        out.append(case(f"random {index}", masks, clicks))
    return out


def feed_logits() -> np.ndarray:
    """256x256 logits in whole numbers (exact in float32 on both sides): a ramp with a ripple."""
    rows, cols = np.mgrid[:256, :256]
    return (((rows * 7 + cols * 3) % 11) - 5 + (cols > 128) * 3).astype(np.float32)


def feeds() -> list[dict]:
    """fed_logits on masks of images of several sizes (the resized image inside the 1024 padded input):
    the cells it changes and their new values."""
    out = []
    for height, width in ((240, 320), (320, 240), (150, 444), (300, 299)):
        side = max(height, width)
        input_size = (int(height * 1024 / side + 0.5), int(width * 1024 / side + 0.5))
        mask = disc(height, width, width // 2, height // 2, min(height, width) // 3)
        clicks = [
            (width / 2, height / 2, True),
            (width / 2, height / 2 + min(height, width) // 3 + 3.0, True),
            (width / 2 + min(height, width) // 3 - 2.0, height / 2, False),
        ]
        shown, _ = edit_step(mask, clicks)
        logits = feed_logits()
        fed = fed_logits(logits, mask, shown, input_size, (1024, 1024))
        cells = np.nonzero(fed.ravel() != logits.ravel())[0]
        out.append(
            {
                "height": height,
                "width": width,
                "input": list(input_size),
                "mask": encode(mask),
                "shown": encode(shown),
                "cells": [[int(i), float(fed.ravel()[i])] for i in cells],
            }
        )
    return out


def main() -> None:
    OUT.write_text(json.dumps({"cases": cases(), "feeds": feeds()}, indent=1) + "\n")
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
