"""A correction's click on a structure thinner than SAM's grid draws: a grass blade across a ball, a wire, a
strand. SAM answers 256x256 logits (3.3 px a cell on an 854-px frame), so a blade 2-4 px wide that the
mask should leave out is not in any of its answers, and a window around the click (propagate.colour_edit)
cuts only the blade's piece under the click, or, judged against the side's median colour, takes in
shadowed object with it.

Here the click's spot is compared with what surrounds each pixel on the same side of the mask (the mean
colour of that side within a couple of cells, so a ball's white and blue patches each have their own),
the pixels that look like the clicked spot rather than their surroundings and connect to it form the
structure; when it is thin at the click (narrower than a cell) its thin part is followed as far as it
goes in a wide window, and crosses over. A click on something wider than a cell is SAM's to answer
(None), and so is one whose structure covers under a few cells (a speck), or, for a positive click, one
apart from the mask (a missed thin part of the object joins it; a thin line apart is background texture).
"""

import cv2
import numpy as np
from numpy.typing import NDArray

WINDOW_CELLS = 12.0  # how far along the structure the edit may reach from the click, in SAM's cells
AROUND_CELLS = 2.0  # the surroundings a pixel is compared with: this many cells either side
MIN_CELLS = 2.5  # a thinner-than-a-cell structure covering fewer cells is shorter than what a click fixes
EARLIER_CLICK_RADIUS = 2  # pixels: an earlier click's spot is the truth, the edit leaves it


def _lab(image_rgb: NDArray[np.uint8]) -> NDArray[np.float32]:
    """Lab without smoothing (geodesic.lab_of blurs, which spreads a 2-px blade into what it crosses)."""
    return np.asarray(cv2.cvtColor(image_rgb.astype(np.float32) / 255.0, cv2.COLOR_RGB2LAB), np.float32)


def _surroundings(lab: NDArray[np.float32], side: NDArray[np.bool_], half: int) -> NDArray[np.float32]:
    """Each pixel's mean colour of `side` within `half` pixels (the side's own colour there)."""
    size = (2 * half + 1, 2 * half + 1)
    weight = np.asarray(cv2.boxFilter(side.astype(np.float32), -1, size, normalize=False), np.float32)
    sums = [np.asarray(cv2.boxFilter(lab[..., c] * side, -1, size, normalize=False), np.float32) for c in range(3)]
    return np.asarray(np.stack(sums, axis=-1) / np.maximum(weight, 1.0)[..., None], np.float32)


def thin_edit(image: NDArray[np.uint8], current: NDArray[np.bool_], clicks: list[tuple[float, float, bool]],
              cell: float) -> NDArray[np.bool_] | None:
    """`current` with the thin structure under the last click moved across, or None when the click is not on
    one (the structure is a cell or wider there, or too small to be more than the click's own pixel)."""
    x, y, positive = int(clicks[-1][0]), int(clicks[-1][1]), clicks[-1][2]
    wrong = ~current if positive else current  # the side the click is on, which it says is wrong
    radius = int(WINDOW_CELLS * cell)
    height, width = current.shape
    y0, y1, x0, x1 = max(0, y - radius), min(height, y + radius + 1), max(0, x - radius), min(width, x + radius + 1)
    lab = _lab(image[y0:y1, x0:x1])
    side = wrong[y0:y1, x0:x1]
    cx, cy = x - x0, y - y0
    here = lab[cy, cx]  # the clicked pixel's own colour: a mean around it would mix in what a blade crosses
    around = _surroundings(lab, side, max(1, int(round(AROUND_CELLS * cell))))
    like = side & (np.linalg.norm(lab - here, axis=2) < np.linalg.norm(lab - around, axis=2))
    like[cy, cx] = True
    _, labels = cv2.connectedComponents(like.astype(np.uint8), connectivity=8)
    structure = (labels == labels[cy, cx]).astype(np.uint8)
    depth = float(cv2.distanceTransform(np.pad(structure, 1), cv2.DIST_L2, 3)[cy + 1, cx + 1])
    if 2.0 * depth - 1.0 >= cell:  # a line w pixels wide is (w + 1) / 2 deep at its middle
        return None
    half = max(1, int(round(cell / 2)))
    disk = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (2 * half + 1, 2 * half + 1))
    thin = (structure > 0) & ~(np.asarray(cv2.morphologyEx(structure, cv2.MORPH_OPEN, disk)) > 0)
    for earlier_x, earlier_y, _ in clicks[:-1]:
        cv2.circle(thin.view(np.uint8), (int(earlier_x) - x0, int(earlier_y) - y0), EARLIER_CLICK_RADIUS, 0, -1)
    thin[cy, cx] = True
    _, labels = cv2.connectedComponents(thin.astype(np.uint8), connectivity=8)
    moved = labels == labels[cy, cx]
    if np.count_nonzero(moved) < MIN_CELLS * cell * cell:
        return None  # a speck under the click: less than SAM's grid gets wrong anyway
    if positive and not (np.asarray(cv2.dilate(moved.astype(np.uint8), np.ones((3, 3), np.uint8))) > 0)[~side].any():
        return None  # a missed thin part of the object joins it; one that does not is the background's texture
    result = current.copy()
    result[y0:y1, x0:x1] ^= moved
    return result
