"""Click consistency: every click the decoder's mask contradicts gets a local edit, so each click makes progress.

SAM's mask follows the image's edges; an outline that does not (a coarse polygon, a labeler's own idea of the
boundary) leaves thin slivers between the two, and a click in one changes the mask little or not at all. The robot
user, and a person, clicks in the middle of the region that is wrong, so the distance `d` from the click to the
nearest pixel with the click's label (the mask's edge there) measures the sliver's half-width. Here, at each step of
the interactive loop, for each click in order whose pixel has the wrong label in the decoder's mask, the pixels with
the wrong label that are within REACH * d of the click and within BAND * d of the mask's edge (the band a sliver of
that width occupies), 4-connected to the click, take the click's label; the pixels of clicks of the other label are
kept as they are. Only a click within DEEPEST_CELLS of SAM's grid cells of the edge is edited: a wider miss is one
SAM resolves, and an edit that wide would be a guess. An edit once made stays: every later step paints it again over
the decoder's mask (SAM's later answers, not told of it, would undo it), so every click keeps its progress. A click
the decoder's masks honour changes nothing. The next step's mask input is the step's own low-res logits with the
cells the edits moved set to the edit's side (fed_logits), so SAM refines the mask shown rather than its own answer.

Exact integer geometry throughout (squared distances, exact Euclidean distance transform), so the browser
(frontend/src/sam/clickEdit.ts) makes the very same pixels: testdata vectors hold both to it.
"""

import numpy as np
from numpy.typing import NDArray
from scipy import ndimage

REACH = 2  # how far along the edge the edit goes, in multiples of d
BAND = 2  # how far from the mask's edge, in multiples of d: a sliver's full width
FED_LOGIT = 8.0  # an edited cell's logit in the next step's mask input: SAM's confident range (|logit| ~ 10)
DEEPEST_CELLS = 4  # d at most this many cells of SAM's 256 grid: a deeper miss is wide enough for SAM's answer
GRID = 256  # SAM's low-res side: a cell is the image's longest side / GRID
FIRST_SEARCH = 16  # pixels: the first window searched for the nearest pixel with the click's label

Click = tuple[float, float, bool]  # x, y in image pixels, positive


def click_pixel(x: float, y: float, height: int, width: int) -> tuple[int, int]:
    """The pixel a click lands on (truncated, clamped to the image), as paint_seeds and the editor take it."""
    return min(width - 1, max(0, int(x))), min(height - 1, max(0, int(y)))


def nearest_squared(labelled: NDArray[np.bool_], x: int, y: int) -> int | None:
    """Squared distance from (x, y) to the nearest True pixel, None when there is none. Squares around the
    click, doubled until the nearest found is inside the square's inscribed circle (nothing outside is nearer)."""
    height, width = labelled.shape
    half = FIRST_SEARCH
    while True:
        y0, y1, x0, x1 = max(0, y - half), min(height, y + half + 1), max(0, x - half), min(width, x + half + 1)
        ys, xs = np.nonzero(labelled[y0:y1, x0:x1])
        whole = y0 == 0 and x0 == 0 and y1 == height and x1 == width
        if ys.size:
            best = int(((xs + x0 - x) ** 2 + (ys + y0 - y) ** 2).min())
            if best <= half * half or whole:
                return best
        elif whole:
            return None
        half *= 2


Region = tuple[int, int, NDArray[np.bool_]]  # y0, x0 and the pixels of a window of the image


def edit_region(mask: NDArray[np.bool_], x: int, y: int, positive: bool, keep: NDArray[np.bool_]) -> Region | None:
    """The pixels one contradicted click moves to its side, as a window of the image; None when there is no
    edge to measure from (nothing has the click's label) or the click is deeper than DEEPEST_CELLS."""
    labelled = mask if positive else ~mask  # pixels that already have the click's label
    squared = nearest_squared(labelled, x, y)
    height, width = mask.shape
    if squared is None or squared * GRID * GRID > (DEEPEST_CELLS * max(height, width)) ** 2:
        return None
    reach = int(np.ceil(np.sqrt(squared * REACH * REACH)))
    span = reach + int(np.ceil(np.sqrt(squared * BAND * BAND)))  # the band's edge pixels may lie this far
    y0, y1, x0, x1 = max(0, y - span), min(height, y + span + 1), max(0, x - span), min(width, x + span + 1)
    window = labelled[y0:y1, x0:x1]
    rows, cols = np.mgrid[y0:y1, x0:x1]
    # exact squared distances to the nearest labelled pixel, from the transform's indices (its float
    # distances, squared again, could land on either side of an integer bound)
    indices = ndimage.distance_transform_edt(~window, return_distances=False, return_indices=True)
    to_edge = (indices[0] + y0 - rows) ** 2 + (indices[1] + x0 - cols) ** 2
    disc = (cols - x) ** 2 + (rows - y) ** 2 < REACH * REACH * squared
    candidate = ~window & (to_edge <= BAND * BAND * squared) & disc & ~keep[y0:y1, x0:x1]
    candidate[y - y0, x - x0] = True
    parts, _ = ndimage.label(candidate)  # 4-connected
    return y0, x0, parts == parts[y - y0, x - x0]


def paint(mask: NDArray[np.bool_], region: Region, value: bool) -> None:
    y0, x0, pixels = region
    mask[y0 : y0 + pixels.shape[0], x0 : x0 + pixels.shape[1]][pixels] = value


Edits = tuple[Region | None, ...]  # per click so far: its edit, or None while the decoder's masks honoured it


def edit_step(decoded: NDArray[np.bool_], clicks: list[Click], edits: Edits = ()) -> tuple[NDArray[np.bool_], Edits]:
    """One step of the interactive loop: (the mask shown, the edits in force after it). `decoded`: the
    decoder's mask for this step's prompts, `clicks`: every click so far in order, `edits`: the step before's.
    Clicks in order: one with an edit gets it painted again (the decoder's later masks do not undo it); one
    whose pixel has the wrong label gets its edit now, measured on the mask as painted so far; the pixels of
    the clicks of the other label are left as they are."""
    height, width = decoded.shape
    pixels = [(*click_pixel(x, y, height, width), positive) for x, y, positive in clicks]
    edits = edits + (None,) * (len(pixels) - len(edits))
    if not any(edits) and all(decoded[py, px] == positive for px, py, positive in pixels):
        return decoded, edits
    shown = decoded.copy()
    keep = {True: np.zeros_like(decoded), False: np.zeros_like(decoded)}  # per label: the other label's clicks
    for px, py, positive in pixels:
        keep[not positive][py, px] = True
    made = list(edits)
    for index, (px, py, positive) in enumerate(pixels):
        if made[index] is None and shown[py, px] != positive:
            made[index] = edit_region(shown, px, py, positive, keep[positive])
        region = made[index]
        if region is not None:
            paint(shown, region, positive)
    return shown, tuple(made)


def repaint(mask: NDArray[np.bool_], clicks: list[Click], edits: Edits) -> NDArray[np.bool_]:
    """`mask` (another mask of the last step, e.g. refined) with the step's edits painted over it."""
    if not any(edits):
        return mask
    out = mask.copy()
    for (_, _, positive), region in zip(clicks, edits, strict=False):
        if region is not None:
            paint(out, region, positive)
    return out


def edited(masks: list[NDArray[np.bool_]], clicks: list[Click]) -> NDArray[np.bool_]:
    """The mask shown after the last of `masks`, the decoder's masks of the steps of one replay, the last
    len(clicks) of them the click steps (a box's step before them has no click)."""
    edits: Edits = ()
    shown = masks[0]
    first = len(masks) - len(clicks)
    for index, decoded in enumerate(masks):
        shown, edits = edit_step(decoded, clicks[: max(0, index - first + 1)], edits)
    return shown


def fed_logits(
    low_res: NDArray[np.float32],
    decoded: NDArray[np.bool_],
    shown: NDArray[np.bool_],
    input_size: tuple[int, int],
    padded_size: tuple[int, int],
) -> NDArray[np.float32]:
    """The mask input of the next step: the step's own low-res logits with each cell whose centre pixel an edit
    moved pushed to at least FED_LOGIT on the edit's side, so SAM starts from the mask shown. `input_size`,
    `padded_size`: (h, w) of the resized image and of the encoder input the low-res grid covers."""
    changed = decoded != shown
    if not changed.any():
        return low_res
    height, width = decoded.shape
    side = low_res.shape[0]
    # a cell's centre pixel, in integers: ((2c + 1) / 2 cells) * (padded / side) * (image / resized)
    xs = (2 * np.arange(side) + 1) * padded_size[1] * width // (2 * side * input_size[1])
    ys = (2 * np.arange(side) + 1) * padded_size[0] * height // (2 * side * input_size[0])
    cols, rows = np.nonzero(xs < width)[0], np.nonzero(ys < height)[0]
    moved = np.zeros(low_res.shape, bool)
    inside = np.zeros(low_res.shape, bool)
    moved[np.ix_(rows, cols)] = changed[np.ix_(ys[rows], xs[cols])]
    inside[np.ix_(rows, cols)] = shown[np.ix_(ys[rows], xs[cols])]
    out = low_res.copy()
    out[moved & inside] = np.maximum(out[moved & inside], FED_LOGIT)
    out[moved & ~inside] = np.minimum(out[moved & ~inside], -FED_LOGIT)
    return out
