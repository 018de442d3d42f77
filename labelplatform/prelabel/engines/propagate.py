"""Mask propagation through a sequence of frames: each track's mask carried from a labeled frame, frame by
frame, forwards or backwards. Pure numpy/OpenCV (+ an ONNX decoder through `Segmenter`); no Django.

One step, from frame p to its neighbour n, per track:
1. dense optical flow both ways (flow.py): the mask and logits of p are warped onto n, and the
   forward-backward check says which of n's pixels the flow can be trusted for;
2. SAM re-prompted on n (sam_frames.py): the warped mask's box (a little wider), a positive point at
   the deepest trusted pixel of the warped mask, negative points in the box far from it (optionally the
   warped logits as `mask_input`, off by default: see Settings); of the decoder's
   candidates the one that agrees best with the warped mask wins; when none agrees enough (SAM jumped to
   another object) the warped mask itself is kept;
3. SAM's mask is kept within a reach of the warped mask (no slow leaks into the background); a track
   that shrank (occluded) or was lost is looked for again by its looks (refind.py); clean-up with the
   mask library: islands that do not touch the warped mask and specks are dropped, small holes filled;
4. tracks do not overlap: a pixel two tracks claim goes to the one with the higher logit.

Each track's result has a confidence in [0, 1] from how far the flow is trusted on the mask, SAM's
predicted IoU, the agreement of the result with the warped mask (shape change) and the change of area.
Without a segmenter (no model installed) the warped, cleaned mask is the result.
"""

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, replace
from typing import Protocol

import cv2
import numpy as np
from numpy.typing import NDArray

from labelplatform.masks.cleanup import fill_small_holes, remove_small_components
from labelplatform.prelabel.engines.flow import FlowPair, flow_pair, grey, warp
from labelplatform.prelabel.engines.geodesic import lab_of
from labelplatform.prelabel.engines.refind import Memory, memory_of, refound
from labelplatform.prelabel.engines.refine import refine_mask
from labelplatform.prelabel.engines.sam_frames import Point, Segmenter
from labelplatform.prelabel.engines.thin import thin_edit

LOGIT_CLIP = 12.0  # logits made from a mask (a person's label): signed distance in pixels, clipped
MIN_PIXELS = 16  # a warped mask smaller than this is a lost track (left the frame or occluded)
SPECK_SHARE = 0.005  # islands and holes under this share of the mask's area are removed / filled
LOST_FOUND_CONFIDENCE = 0.3  # a lost track found again by its looks alone: worth a look
AGREE_STOP = 0.95  # re-propagation stops where the new masks agree this well (IoU) with the old ones
REDRAW_BELOW = 0.7  # a correction redraws a mask propagated with a confidence under this, else edits it
EDIT_REACH = 3.0  # a correction changes nothing farther from the click than this many times its depth
COLOUR_EDIT_CELLS = 4.0  # a correction's colour edit looks this many of SAM's grid cells around the click


class Frames(Protocol):
    def image(self, index: int) -> NDArray[np.uint8]:
        """Frame `index` as RGB uint8 H x W x 3 (read when propagation reaches it)."""
        ...


@dataclass(frozen=True)
class Settings:
    """The step's knobs (bench/video.py compares them)."""

    mask_input: bool = False  # warped logits as SAM's mask prompt: off, it lets the mask creep (rollerblade
    # J 0.44 with it, 0.91 without); the box, points and the pick by agreement hold the shape instead
    positives: int = 1  # positive points at the deepest trusted pixels of the warped mask
    negatives: int = 2  # negative points in the box, at the background pixels farthest from the warped mask
    reach: float = 0.15  # SAM's mask kept within this many sqrt(area) of the warped mask: no slow leaks
    box_margin: float = 0.05  # of the box's larger side, on every side
    min_agreement: float = 0.5  # below this IoU with the warped mask, SAM's answer is not taken
    refine: bool = True  # SAM's edge decided at full resolution by the frame (refine.py), as the editor's clicks


SETTINGS = Settings()


@dataclass(frozen=True)
class TrackFrame:
    mask: NDArray[np.bool_]
    confidence: float
    logits: NDArray[np.float32]  # frame-size, > 0 exactly on the mask: the next step's mask prompt


@dataclass(frozen=True)
class FrameResult:
    index: int
    tracks: dict[int, TrackFrame]


def mask_logits(mask: NDArray[np.bool_]) -> NDArray[np.float32]:
    """Logits for a mask that has none (a label): the signed distance to its edge, clipped."""
    pixels = mask.astype(np.uint8)
    inside = cv2.distanceTransform(pixels, cv2.DIST_L2, 3)
    outside = cv2.distanceTransform(1 - pixels, cv2.DIST_L2, 3)
    return np.asarray(np.clip(inside - outside, -LOGIT_CLIP, LOGIT_CLIP), np.float32)


def labeled(mask: NDArray[np.bool_]) -> TrackFrame:
    """A track's mask as a person drew it: certain, with logits made from it."""
    return TrackFrame(mask.astype(np.bool_), 1.0, mask_logits(mask))


def _iou(first: NDArray[np.bool_], second: NDArray[np.bool_]) -> float:
    union = np.count_nonzero(first | second)
    return np.count_nonzero(first & second) / union if union else 1.0


def _box_points(mask: NDArray[np.bool_], margin: float) -> list[Point]:
    ys, xs = np.nonzero(mask)
    x0, x1, y0, y1 = float(xs.min()), float(xs.max()) + 1, float(ys.min()), float(ys.max()) + 1
    pad = margin * max(x1 - x0, y1 - y0)
    height, width = mask.shape
    return [(max(0.0, x0 - pad), max(0.0, y0 - pad), 2.0), (min(width, x1 + pad), min(height, y1 + pad), 3.0)]


def _deepest_points(region: NDArray[np.bool_], count: int) -> list[Point]:
    """Up to `count` positive points, each the pixel farthest from the region's edge, spread apart."""
    distance = cv2.distanceTransform(np.pad(region.astype(np.uint8), 1), cv2.DIST_L2, 5)[1:-1, 1:-1]
    points: list[Point] = []
    for _ in range(count):
        y, x = np.unravel_index(int(np.argmax(distance)), distance.shape)
        depth = float(distance[y, x])
        if depth < 1.0:
            break
        points.append((float(x), float(y), 1.0))
        cv2.circle(distance, (int(x), int(y)), int(2 * depth), 0.0, -1)  # the next point elsewhere
    return points


def _dilated(mask: NDArray[np.bool_], radius: float) -> NDArray[np.bool_]:
    size = 2 * max(1, int(round(radius))) + 1
    kernel = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (size, size))
    return np.asarray(cv2.dilate(mask.astype(np.uint8), kernel), np.uint8) > 0


def _uncovered(warped: NDArray[np.bool_], consistent: NDArray[np.bool_]) -> NDArray[np.bool_]:
    """The warped mask's edge pixels that fail the forward-backward check: mostly background the object
    uncovered as it moved (the flow there is the object's, smoothed across its edge)."""
    edge = warped & ~(cv2.erode(warped.astype(np.uint8), np.ones((5, 5), np.uint8)) > 0)
    return edge & ~consistent


def _negatives(warped: NDArray[np.bool_], box: list[Point], count: int) -> list[Point]:
    """Background points inside the box, as far from the warped mask (and the box's edge) as can be."""
    if count == 0:
        return []
    (x0, y0, _), (x1, y1, _) = box
    inside = np.zeros_like(warped)
    inside[int(y0):int(np.ceil(y1)), int(x0):int(np.ceil(x1))] = True
    background = inside & ~warped
    return [(x, y, 0.0) for x, y, _ in _deepest_points(background, count)]


def cleaned(mask: NDArray[np.bool_], near: NDArray[np.bool_]) -> NDArray[np.bool_]:
    """Islands not touching `near` dropped, then specks and small holes relative to the mask's area."""
    count, labels = cv2.connectedComponents(mask.astype(np.uint8), connectivity=8)
    touching = np.unique(labels[near & mask])
    kept = np.isin(labels, touching[touching > 0]) if count > 2 else mask
    area = int(np.count_nonzero(kept))
    speck = max(MIN_PIXELS, int(area * SPECK_SHARE))
    return fill_small_holes(remove_small_components(kept, speck), speck)


def _confidence(agreement: float, predicted_iou: float, trusted: float, area_ratio: float) -> float:
    value = 0.35 * agreement + 0.25 * predicted_iou + 0.2 * trusted + 0.2 * area_ratio
    return round(min(1.0, max(0.0, value)), 4)


def _with_mask(mask: NDArray[np.bool_], logits: NDArray[np.float32]) -> NDArray[np.float32]:
    """Logits made to agree with the final mask (clean-up and overlap may have changed it)."""
    return np.asarray(np.where(mask, np.maximum(logits, 1.0), np.minimum(logits, -1.0)), np.float32)


def track_step(segmenter: Segmenter | None, index: int, pair: FlowPair, previous: TrackFrame, memory: Memory,
               settings: Settings = SETTINGS, image: NDArray[np.uint8] | None = None) -> TrackFrame:
    """One track from its previous frame onto frame `index` (steps 1-3 of the module's docstring)."""
    warped = warp(previous.mask.astype(np.float32), pair.back) > 0.5
    warped_logits = warp(previous.logits, pair.back, outside=-LOGIT_CLIP)
    warped_area = int(np.count_nonzero(warped))
    if warped_area < MIN_PIXELS:  # lost: only finding it again by its looks can bring it back
        found = refound(segmenter, index, np.zeros_like(warped), memory) if segmenter else np.zeros_like(warped)
        if not found.any():
            return TrackFrame(found, 0.0, np.full_like(warped_logits, -LOGIT_CLIP))
        memory.saw(found)
        return TrackFrame(found, LOST_FOUND_CONFIDENCE, mask_logits(found))
    trusted = float(np.count_nonzero(pair.consistent & warped)) / warped_area
    logits, predicted_iou = warped_logits, trusted  # no model: the flow alone, less what it uncovered
    answer: NDArray[np.bool_] | None = None
    if segmenter is None:
        logits = np.where(_uncovered(warped, pair.consistent), -1.0, warped_logits).astype(np.float32)
    if segmenter is not None:
        core = warped & pair.consistent
        points = _box_points(warped, settings.box_margin)
        points += _deepest_points(core if core.any() else warped, settings.positives)
        points += _negatives(warped, points[:2], settings.negatives)
        mask_input = segmenter.to_low_res(warped_logits) if settings.mask_input else None
        candidates, scores = segmenter.candidates(index, points, mask_input)
        target = segmenter.grid_map(warped.astype(np.float32)) > 0.5
        agreements = [_iou(segmenter.in_grid(c) > 0.0, target) for c in candidates]
        pick = int(np.argmax(np.asarray(agreements) + 0.05 * np.asarray(scores)))
        if agreements[pick] >= settings.min_agreement:
            logits, predicted_iou = segmenter.to_frame(candidates[pick]), float(np.clip(scores[pick], 0.0, 1.0))
            if settings.refine and image is not None:
                answer = refine_mask(image, logits, segmenter.cell())
        else:
            predicted_iou = 0.0  # SAM found something else: the warped mask, flagged
    mask = (logits > 0.0) if answer is None else answer
    mask, near = mask & _dilated(warped, settings.reach * np.sqrt(warped_area)), warped
    if segmenter is not None:
        found = refound(segmenter, index, mask, memory)
        near = warped | (found & ~mask)
        mask = found
    mask = cleaned(mask, near)
    areas = (int(np.count_nonzero(previous.mask)), int(np.count_nonzero(mask)))
    area_ratio = min(areas) / max(areas) if max(areas) else 0.0
    confidence = _confidence(_iou(mask, warped), predicted_iou, trusted, area_ratio)
    memory.saw(mask)
    return TrackFrame(mask, confidence, _with_mask(mask, logits))


def without_overlap(tracks: Mapping[int, TrackFrame]) -> dict[int, TrackFrame]:
    """A pixel claimed by several tracks goes to the one with the highest logit there."""
    if len(tracks) < 2:
        return dict(tracks)
    ids = list(tracks)
    claims = np.stack([tracks[t].mask for t in ids])
    if not (claims.sum(axis=0) > 1).any():
        return dict(tracks)
    logits = np.stack([np.where(tracks[t].mask, tracks[t].logits, -np.inf) for t in ids])
    winner = np.argmax(logits, axis=0)
    result = {}
    for position, track in enumerate(ids):
        mask = claims[position] & (winner == position)
        result[track] = replace(tracks[track], mask=mask, logits=_with_mask(mask, tracks[track].logits))
    return result


def propagate(frames: Frames, start: int, tracks: Mapping[int, TrackFrame], stop: int,
              segmenter: Segmenter | None = None, settings: Settings = SETTINGS) -> Iterator[FrameResult]:
    """Frame by frame from `start` (whose tracks are given) to `stop` inclusive, either direction; a result
    is yielded per frame as soon as it is known, so callers can report progress or stop early."""
    step = 1 if stop >= start else -1
    first = frames.image(start)
    size = (first.shape[0], first.shape[1])
    previous, previous_grey = dict(tracks), grey(first)
    memories = {track: memory_of(segmenter, start, frame.mask) for track, frame in tracks.items()}
    for index in range(start + step, stop + step, step):
        image = frames.image(index)
        if image.shape[:2] != size:
            raise ValueError(f"frame {index} is {image.shape[1]}x{image.shape[0]}, not {size[1]}x{size[0]}")
        following = grey(image)
        pair = flow_pair(previous_grey, following, size)
        current = without_overlap({track: track_step(segmenter, index, pair, frame, memories[track], settings, image)
                                   for track, frame in previous.items()})
        yield FrameResult(index, current)
        previous, previous_grey = current, following


def correct(segmenter: Segmenter, index: int, current: TrackFrame, clicks: list[tuple[float, float, bool]],
            image: NDArray[np.uint8] | None = None) -> TrackFrame:
    """A track's mask on frame `index` corrected by clicks (x, y, positive), with the frame's `image` (RGB)
    where the caller has it. SAM is prompted with the clicks and the current logits as its dense
    `mask_input`, twice: with the box of the current mask and positive clicks (keeps the shape), and with
    the clicks alone (free to reach a part the box misses). Its edges are decided at full resolution by the
    image (refine.py). A mask propagation was unsure of (confidence under REDRAW_BELOW) is redrawn: SAM's
    best-scored single-mask answer. A confident one is edited where the click says it is wrong
    (`edited`): of SAM's single- and multimask answers that obey every click and change nothing farther from
    the last click than EDIT_REACH times its depth (its distance to the other side), the best-scored.
    A click on a structure thinner than a grid cell (a grass blade across the object: finer than SAM's grid
    draws) moves that structure across as far as it goes (thin.py); the colour edit (`colour_edit`, bounded
    to what the click justifies) when what it would change is thinner than a cell or no answer of SAM's
    qualifies. Each click is the truth at its pixel; the result counts as labeled (confidence 1)."""
    points: list[Point] = [(x, y, 1.0 if positive else 0.0) for x, y, positive in clicks]
    extent = current.mask | _click_mask(current.mask.shape, clicks)
    prompts = [_box_points(extent, 0.0) + points, points] if extent.any() else [points]
    mask_input = segmenter.to_low_res(current.logits)
    if current.confidence < REDRAW_BELOW:
        answers = [segmenter.candidates(index, prompt, mask_input) for prompt in prompts]
        candidates, _ = max(answers, key=lambda answer: float(answer[1][0]))
        logits = segmenter.to_frame(candidates[0])  # with a mask prompt: SAM's single-mask answer
        mask = refine_mask(image, logits, segmenter.cell()) if image is not None else logits > 0.0
    else:
        mask, logits = _edit(segmenter, index, current, clicks, prompts, mask_input, image)
    for x, y, positive in clicks:  # a click is the truth at its own pixel
        mask[int(y), int(x)] = positive
    return TrackFrame(mask, 1.0, _with_mask(mask, logits))


def _edit(segmenter: Segmenter, index: int, current: TrackFrame, clicks: list[tuple[float, float, bool]],
          prompts: list[list[Point]], mask_input: NDArray[np.float32], image: NDArray[np.uint8] | None
          ) -> tuple[NDArray[np.bool_], NDArray[np.float32]]:
    """A confident mask edited by its clicks (see `correct`): the mask and its logits."""
    cell = segmenter.cell()
    thin = thin_edit(image, current.mask, clicks, cell) if image is not None else None
    if thin is not None:  # a blade or a strand under the click, followed along: finer than SAM draws
        return thin, np.where(thin, current.logits, -current.logits).astype(np.float32)
    local = colour_edit(image, current.mask, clicks, cell) if image is not None else None
    if local is not None and _thickness(local ^ current.mask) < cell:
        return local, np.where(local, current.logits, -current.logits).astype(np.float32)
    x, y, _ = clicks[-1]
    reach = np.zeros(current.mask.shape, np.uint8)
    cv2.circle(reach, (int(x), int(y)), int(max(EDIT_REACH * _depth(current.mask, clicks[-1]),
                                                COLOUR_EDIT_CELLS * cell)), 1, -1)
    best: tuple[float, NDArray[np.bool_], NDArray[np.float32]] | None = None
    for prompt in prompts:
        candidates, scores = segmenter.candidates(index, prompt, mask_input)
        for low_res, score in zip(candidates, scores, strict=True):
            logits = segmenter.to_frame(low_res)
            answer = refine_mask(image, logits, cell) if image is not None else logits > 0.0
            option = edited(current.mask, answer, clicks)
            if (all(option[int(cy), int(cx)] == p for cx, cy, p in clicks)
                    and not ((option ^ current.mask) & (reach == 0)).any()
                    and (best is None or float(score) > best[0])):
                best = (float(score), option, logits)
    if best is not None:
        return best[1], np.where(best[1] == current.mask, current.logits, best[2]).astype(np.float32)
    if local is not None:
        return local, np.where(local, current.logits, -current.logits).astype(np.float32)
    return current.mask.copy(), current.logits


def _depth(mask: NDArray[np.bool_], click: tuple[float, float, bool]) -> float:
    """How far a click lies from the side it says is right: its distance to the edge of the region it is in."""
    x, y, positive = int(click[0]), int(click[1]), click[2]
    wrong = ~mask if positive else mask
    return float(cv2.distanceTransform(np.pad(wrong.astype(np.uint8), 1), cv2.DIST_L2, 3)[y + 1, x + 1])


def _thickness(region: NDArray[np.bool_]) -> float:
    """Twice the largest distance from the region's pixels to its edge: its width where it is widest."""
    if not region.any():
        return 0.0
    return 2.0 * float(cv2.distanceTransform(np.pad(region.astype(np.uint8), 1), cv2.DIST_L2, 3).max())


def edited(current: NDArray[np.bool_], answer: NDArray[np.bool_], clicks: list[tuple[float, float, bool]]
           ) -> NDArray[np.bool_]:
    """The current mask changed only where `answer` differs from it in a connected region holding a click:
    elsewhere SAM's grid re-drawing an edge that was right is not a correction."""
    difference = current ^ answer
    _, labels = cv2.connectedComponents(difference.astype(np.uint8), connectivity=8)
    clicked = sorted({int(labels[int(y), int(x)]) for x, y, _ in clicks} - {0})
    return current ^ np.isin(labels, clicked) if clicked else current.copy()


def colour_edit(image: NDArray[np.uint8], current: NDArray[np.bool_], clicks: list[tuple[float, float, bool]],
                cell: float) -> NDArray[np.bool_]:
    """The current mask with the pixels around the last click that look like the clicked spot moved across:
    within a window of a few of SAM's cells (or EDIT_REACH times the click's depth), the pixels on the
    click's side whose colour (Lab) is nearer the click's than the median colour of that side there,
    connected to the click (a grass blade in front of a ball), as far as the click justifies (`_near_click`);
    the earlier clicks' spots stay."""
    x, y, positive = int(clicks[-1][0]), int(clicks[-1][1]), clicks[-1][2]
    wrong = ~current if positive else current  # the side the click is on, which it says is wrong
    radius = int(max(COLOUR_EDIT_CELLS * cell, EDIT_REACH * _depth(current, clicks[-1])))
    height, width = current.shape
    y0, y1, x0, x1 = max(0, y - radius), min(height, y + radius + 1), max(0, x - radius), min(width, x + radius + 1)
    lab = lab_of(image[y0:y1, x0:x1])
    side = wrong[y0:y1, x0:x1]
    here = lab[max(0, y - y0 - 1):y - y0 + 2, max(0, x - x0 - 1):x - x0 + 2].reshape(-1, 3).mean(axis=0)
    usual = np.median(lab[side], axis=0)  # what that side looks like here (the click's spot is a small part)
    closer = side & (np.linalg.norm(lab - here, axis=2) < np.linalg.norm(lab - usual, axis=2))
    for earlier_x, earlier_y, _ in clicks[:-1]:
        cv2.circle(closer.view(np.uint8), (int(earlier_x) - x0, int(earlier_y) - y0), 2, 0, -1)
    closer[y - y0, x - x0] = True
    _, labels = cv2.connectedComponents(closer.astype(np.uint8), connectivity=8)
    moved = _near_click(labels == labels[y - y0, x - x0], x - x0, y - y0, cell)
    result = current.copy()
    result[y0:y1, x0:x1] ^= moved
    return result


def _near_click(moved: NDArray[np.bool_], x: int, y: int, cell: float) -> NDArray[np.bool_]:
    """The part of a colour edit its click at (x, y) justifies, connected to the click. `moved` is split into
    its wide parts (what an opening by a disk 2 cells across keeps) and its thin ones: a wide part is kept
    whole when it comes within EDIT_REACH times the click's depth in `moved` (at least COLOUR_EDIT_CELLS
    cells) of the click, thin ones as far as they run. A blade is followed along, a missed piece of the
    object the click lands in is filled, but colour that runs on through a blade into something wide
    farther off (a ball's shadowed rim) is not the click's to move (soccerball frame 9: a click on a blade
    moved 1731 px with the rim, IoU 0.915 -> 0.791; now 252 px, 0.915 -> 0.916)."""
    depth = float(cv2.distanceTransform(np.pad(moved.astype(np.uint8), 1), cv2.DIST_L2, 3)[y + 1, x + 1])
    radius = max(COLOUR_EDIT_CELLS * cell, EDIT_REACH * depth)
    rows, columns = np.ogrid[:moved.shape[0], :moved.shape[1]]
    near = moved & ((rows - y) ** 2 + (columns - x) ** 2 <= radius * radius)
    half = max(1, int(round(cell)))
    disk = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (2 * half + 1, 2 * half + 1))
    wide = np.asarray(cv2.morphologyEx(moved.astype(np.uint8), cv2.MORPH_OPEN, disk)) > 0
    _, parts = cv2.connectedComponents(wide.astype(np.uint8), connectivity=8)
    reached = np.unique(parts[near & wide])
    kept = near | (moved & ~wide) | np.isin(parts, reached[reached > 0])
    _, labels = cv2.connectedComponents(kept.astype(np.uint8), connectivity=8)
    return np.asarray(labels == labels[y, x], np.bool_)


def _click_mask(shape: tuple[int, ...], clicks: list[tuple[float, float, bool]]) -> NDArray[np.bool_]:
    mask = np.zeros(shape[:2], np.bool_)
    for x, y, positive in clicks:
        if positive:
            mask[int(y), int(x)] = True
    return mask


def repropagate(frames: Frames, start: int, tracks: Mapping[int, TrackFrame], stop: int,
                existing: Callable[[int], Mapping[int, NDArray[np.bool_]] | None],
                segmenter: Segmenter | None = None, settings: Settings = SETTINGS) -> Iterator[FrameResult]:
    """Propagation from a corrected frame towards `stop` (the next labeled frame, excluded by the caller),
    ending early at the first frame where every track agrees (IoU >= AGREE_STOP) with the masks it had."""
    for result in propagate(frames, start, tracks, stop, segmenter, settings):
        old = existing(result.index)  # read before yielding: the caller stores the new masks in its place
        yield result
        if old is not None and all(_iou(frame.mask, old.get(track, np.zeros_like(frame.mask))) >= AGREE_STOP
                                   for track, frame in result.tracks.items()):
            return
