"""Object candidates from SAM: one decoder run per prompt, prompts taken where objects are expected.

Segment everything (prelabel/engines/everything.py) costs 256 decoder runs per image; the data engine
asks SAM only where its pixel classifier sees a "thing" class: at the innermost point alone of each
connected component, then at the component's other points deepest inside it (a component of touching
people has one in each of them: component_points()), and all of SAM's masks of a run are weighed (the
object, a part of it, a group of touching ones: a box around a component that is several touching people
forced one mask over all of them). Training prompts its labeled objects at their innermost points, and
also asks SAM at random points outside every object, which teaches the object classifier what is not one.

The decoder run (~65 ms of CPU) is the cost to cut: the runs of one image share its embedding, so the
decoder's image-only work is done once per image (the decoder pair, prelabel/engines/sam_prepared.py: about
62 instead of 75 ms a run); otherwise only fewer runs cut it: a decoder taking several prompts in one run
would do the same work per prompt (its transformer and its upscaling are per prompt), and its MatMuls
quantized to 8 bits run about 15 % faster but move the masks (IoU 0.89-0.98 against the float ones):
docs/dataengine.md.
"""

from typing import Any

import cv2
import numpy as np
from numpy.typing import NDArray

from labelplatform.masks.cleanup import fill_small_holes, remove_small_components
from labelplatform.masks.compare import iou
from labelplatform.prelabel.engines.sam import Step, decoder_outputs, upsampled
from labelplatform.prelabel.engines.sam_prepared import prepared

MIN_AREA_FRACTION = 0.0005  # smaller components are specks, not objects (as segment everything drops them)
DUPLICATE_IOU = 0.9  # two candidates of one decoder run this alike teach the same thing
PEAK_SPACING = 3.0  # another point of a component is this many of its depths from the points taken before
# (2.0 put a second point on CamVid's long cars: mask AP 0.219 -> 0.195)
MAX_PROMPTS = 40  # the largest components first: bounds the decoder runs per image (~60 ms each)

Prompt = tuple[tuple[float, float], tuple[int, int, int, int] | None]  # (x, y) point, optional x0, y0, x1, y1 box


def min_area(image_size: tuple[int, int]) -> int:
    return max(16, int(MIN_AREA_FRACTION * image_size[0] * image_size[1]))


def component_prompts(region: NDArray[np.bool_], *, limit: int = MAX_PROMPTS) -> list[Prompt]:
    """Box and innermost point of each component of `region` big enough to be an object, largest first."""
    count, labels, stats, _ = cv2.connectedComponentsWithStats(region.view(np.uint8), connectivity=8)
    smallest = min_area(region.shape)
    order = sorted(range(1, count), key=lambda i: -stats[i, cv2.CC_STAT_AREA])
    prompts: list[Prompt] = []
    for index in order[:limit]:
        x, y, w, h, area = (int(v) for v in stats[index])
        if area < smallest:
            break
        inside = (labels[y:y + h, x:x + w] == index).astype(np.uint8)
        distance = cv2.distanceTransform(np.pad(inside, 1), cv2.DIST_L2, 3)[1:-1, 1:-1]
        row, col = np.unravel_index(int(np.argmax(distance)), distance.shape)
        prompts.append(((float(x + col + 0.5), float(y + row + 0.5)), (x, y, x + w - 1, y + h - 1)))
    return prompts


def component_points(region: NDArray[np.bool_], *, limit: int = MAX_PROMPTS) -> list[Prompt]:
    """Point prompts (no box) in the components of `region`: each component's innermost point, largest
    component first, then the other local maxima of the distance to the region's border, deepest first,
    each at least PEAK_SPACING of its depth from a point taken before: a component of touching objects (a
    row of people) has a deepest point in each of them."""
    count, labels, stats, _ = cv2.connectedComponentsWithStats(region.view(np.uint8), connectivity=8)
    smallest = min_area(region.shape)
    distance = cv2.distanceTransform(np.pad(region.view(np.uint8), 1), cv2.DIST_L2, 3)[1:-1, 1:-1]
    peaks = (distance >= cv2.dilate(distance, np.ones((3, 3), np.uint8))) & (distance * distance * np.pi >= smallest)
    firsts: list[tuple[float, int, int]] = []
    others: list[tuple[float, int, int]] = []
    for index in sorted(range(1, count), key=lambda i: -stats[i, cv2.CC_STAT_AREA])[:limit]:
        x, y, w, h, area = (int(v) for v in stats[index])
        if area < smallest:
            break
        depth = np.where((labels[y:y + h, x:x + w] == index) & peaks[y:y + h, x:x + w], distance[y:y + h, x:x + w], 0)
        ys, xs = np.nonzero(depth)
        taken: list[tuple[float, int, int]] = []
        for i in np.argsort(-depth[ys, xs], kind="stable"):
            value, px, py = float(depth[ys[i], xs[i]]), x + int(xs[i]), y + int(ys[i])
            if all((px - tx) ** 2 + (py - ty) ** 2 >= (PEAK_SPACING * max(value, tv)) ** 2 for tv, tx, ty in taken):
                taken.append((value, px, py))
        if taken:
            firsts.append(taken[0])
            others += taken[1:]
    chosen = firsts + sorted(others, key=lambda peak: -peak[0])
    return [((px + 0.5, py + 0.5), None) for _, px, py in chosen[:limit]]


def points_only(prompts: list[Prompt]) -> list[Prompt]:
    """The prompts without their boxes: SAM then answers the object among a part and a group of it."""
    return [(point, None) for point, _ in prompts]


def point_prompts(outside: NDArray[np.bool_], count: int, rng: np.random.Generator) -> list[Prompt]:
    """`count` random points of `outside` (no box): SAM's answer there is what an object is not."""
    ys, xs = np.nonzero(outside)
    if ys.size == 0:
        return []
    picks = rng.choice(ys.size, min(count, ys.size), replace=False)
    return [((float(xs[i]) + 0.5, float(ys[i]) + 0.5), None) for i in picks]


def _step(prompt: Prompt) -> Step:
    (x, y), box = prompt
    points = [(x, y, 1.0)]
    if box is not None:
        points += [(float(box[0]), float(box[1]), 2.0), (float(box[2]), float(box[3]), 3.0)]
    return Step(points, multimask=box is None)


def _cleaned(mask: NDArray[np.bool_], smallest: int) -> NDArray[np.bool_] | None:
    mask = fill_small_holes(remove_small_components(mask, smallest), smallest)
    return mask if np.count_nonzero(mask) >= smallest else None


def sam_scored_masks(decoder: Any, config: dict[str, Any], embedding: NDArray[Any], image_size: tuple[int, int],
                     prompts: list[Prompt], *, skip_covered: bool = False
                     ) -> list[list[tuple[NDArray[np.bool_], float]]]:
    """Every mask SAM answers per prompt (its single-mask answer and its three candidates: the whole object,
    a part, a group) with SAM's predicted IoU, cleaned; empty ones and near-copies of another of the same run
    (DUPLICATE_IOU, told on the 256x256 logits before the costly upsampling and clean-up) dropped. A point
    alone lets SAM offer the object among its candidates where a box drawn around several touching objects
    would force one mask over all of them. One list per prompt. `skip_covered`: a prompt whose point lies in
    the mask SAM scored best of an earlier run is not run (the same object: an empty list)."""
    smallest = min_area(image_size)
    found: list[list[tuple[NDArray[np.bool_], float]]] = []
    covered = np.zeros(image_size, np.bool_)
    for prompt in prompts:
        (x, y), _ = prompt
        if skip_covered and covered[min(int(y), image_size[0] - 1), min(int(x), image_size[1] - 1)]:
            found.append([])
            continue
        decoder = prepared(decoder, embedding)  # a decoder pair's image-only work: on the first run, kept after
        logits, scores = decoder_outputs(decoder, config, embedding, _step(prompt), image_size)
        mine: list[tuple[NDArray[np.bool_], float]] = []
        seen: list[NDArray[np.bool_]] = []
        for index, low_res in enumerate(logits.reshape(-1, *logits.shape[-2:])):
            coarse = low_res > 0.0
            if any(iou(coarse, other) >= DUPLICATE_IOU for other in seen):
                continue
            seen.append(coarse)
            mask = _cleaned(upsampled(low_res, config, image_size) > 0.0, smallest)
            if mask is not None and all(iou(mask, other) < DUPLICATE_IOU for other, _ in mine):
                score = 1.0 if scores is None or index >= scores.size else float(scores[index])
                mine.append((mask, score))
        if mine:
            covered |= max(mine, key=lambda ms: ms[1])[0]
        found.append(mine)
    return found


def sam_all_masks(decoder: Any, config: dict[str, Any], embedding: NDArray[Any], image_size: tuple[int, int],
                  prompts: list[Prompt]) -> list[NDArray[np.bool_]]:
    """sam_scored_masks() without the scores: training rows at a quarter of the decoder runs."""
    return [mask for run in sam_scored_masks(decoder, config, embedding, image_size, prompts) for mask, _ in run]
