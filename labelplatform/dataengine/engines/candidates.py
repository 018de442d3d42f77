"""Object candidates from SAM: one decoder run per prompt, prompts taken where objects are expected.

Segment everything (prelabel/engines/everything.py) costs 256 decoder runs per image; the data engine
asks SAM only where its pixel classifier sees a "thing" class: one run per connected component, prompted
with the component's box and its innermost point, so SAM draws the object's exact outline. Training also
asks SAM at random points outside every object, which teaches the object classifier what is not one.
"""

from typing import Any

import cv2
import numpy as np
from numpy.typing import NDArray

from labelplatform.masks.cleanup import fill_small_holes, remove_small_components
from labelplatform.prelabel.engines.sam import Step, decode_step

MIN_AREA_FRACTION = 0.0005  # smaller components are specks, not objects (as segment everything drops them)
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


def point_prompts(outside: NDArray[np.bool_], count: int, rng: np.random.Generator) -> list[Prompt]:
    """`count` random points of `outside` (no box): SAM's answer there is what an object is not."""
    ys, xs = np.nonzero(outside)
    if ys.size == 0:
        return []
    picks = rng.choice(ys.size, min(count, ys.size), replace=False)
    return [((float(xs[i]) + 0.5, float(ys[i]) + 0.5), None) for i in picks]


def sam_masks(decoder: Any, config: dict[str, Any], embedding: NDArray[Any], image_size: tuple[int, int],
              prompts: list[Prompt]) -> list[tuple[NDArray[np.bool_], float]]:
    """SAM's mask and predicted IoU per prompt, cleaned like segment everything's; empty answers dropped."""
    smallest = min_area(image_size)
    found = []
    for (x, y), box in prompts:
        points = [(x, y, 1.0)]
        if box is not None:
            points += [(float(box[0]), float(box[1]), 2.0), (float(box[2]), float(box[3]), 3.0)]
        decoded = decode_step(decoder, config, embedding, Step(points, multimask=box is None), image_size)
        mask = fill_small_holes(remove_small_components(decoded.mask, smallest), smallest)
        if np.count_nonzero(mask) >= smallest:
            found.append((mask, decoded.score))
    return found
