"""Finding a track again where the flow lost it (occlusion, fast motion): SAM's own image features.

Each track keeps a prototype, the mean of the embedding's unit vectors over its labeled mask (as PerSAM
does). On each frame, cells that look like it (cosine similarity) near where the track was and outside
its propagated mask are candidates: the best one, when it looks enough like the object, prompts SAM with a
positive point, and SAM's answer that looks most like the prototype is added to the mask. Only a mask
that shrank well below the labeled area is looked after. This brings back an object coming out from
behind an occluder, or the part of it that the flow left behind.
"""

from dataclasses import dataclass

import cv2
import numpy as np
from numpy.typing import NDArray

from labelplatform.prelabel.engines.sam_frames import Segmenter

PEAK_SIMILARITY = 0.72  # a cell at least this similar to the prototype may be the object (background < ~0.7)
MEAN_SIMILARITY = 0.55  # SAM's answer is taken when its cells are this similar on average
SEARCH_SIDES = 1.5  # the search window: the last box widened by this many object sizes on every side
MAX_GROWTH = 1.3  # a mask grown past this times the labeled area took in something else
SHRUNK = 0.7  # only a mask under this share of the labeled area is looked after (occluded, left behind)


@dataclass
class Memory:
    prototype: NDArray[np.float32] | None  # unit vector, or None without a model
    area: int  # the labeled mask's area
    box: tuple[int, int, int, int] | None = None  # x0, y0, x1, y1 where the track was last seen

    def saw(self, mask: NDArray[np.bool_]) -> None:
        if mask.any():
            ys, xs = np.nonzero(mask)
            self.box = (int(xs.min()), int(ys.min()), int(xs.max()) + 1, int(ys.max()) + 1)


def _on_cells(mask: NDArray[np.bool_], cells: tuple[int, int]) -> NDArray[np.float32]:
    return np.asarray(cv2.resize(mask.astype(np.float32), (cells[1], cells[0]), interpolation=cv2.INTER_AREA),
                      np.float32)


def memory_of(segmenter: Segmenter | None, index: int, mask: NDArray[np.bool_]) -> Memory:
    area = int(np.count_nonzero(mask))
    if segmenter is None or area == 0:
        return Memory(None, area)
    features = segmenter.features(index)
    weight = _on_cells(mask, features.shape[1:])
    if weight.sum() <= 0:
        return Memory(None, area)
    prototype = (features * weight).sum(axis=(1, 2)) / weight.sum()
    memory = Memory(np.asarray(prototype / max(float(np.linalg.norm(prototype)), 1e-6), np.float32), area)
    memory.saw(mask)
    return memory


def _window(memory: Memory, size: tuple[int, int], cells: tuple[int, int]) -> NDArray[np.bool_]:
    """Cells near the last box, widened by the object's size (as labeled: a box of a sliver is too small)."""
    assert memory.box is not None
    left, top, right, bottom = memory.box
    height, width = size
    pad = SEARCH_SIDES * max(right - left, bottom - top, np.sqrt(memory.area))
    x0, x1 = (max(0.0, left - pad) * cells[1] / width, min(width, right + pad) * cells[1] / width)
    y0, y1 = (max(0.0, top - pad) * cells[0] / height, min(height, bottom + pad) * cells[0] / height)
    window = np.zeros(cells, np.bool_)
    window[int(y0):int(np.ceil(y1)), int(x0):int(np.ceil(x1))] = True
    return window


def refound(segmenter: Segmenter, index: int, mask: NDArray[np.bool_], memory: Memory) -> NDArray[np.bool_]:
    """`mask` with what looks like the track near where it was last seen and was missed (unchanged when
    nothing does); a lost track (empty mask) is searched for the same way."""
    area = int(np.count_nonzero(mask))
    if memory.prototype is None or memory.box is None or area >= SHRUNK * memory.area:
        return mask
    features = segmenter.features(index)
    cells = (features.shape[1], features.shape[2])
    similarity = np.einsum("c,chw->hw", memory.prototype, features)
    covered = cv2.dilate((_on_cells(mask, cells) > 0.25).astype(np.uint8), np.ones((3, 3), np.uint8)) > 0
    search = np.where(_window(memory, mask.shape, cells) & ~covered, similarity, -1.0)
    y, x = np.unravel_index(int(np.argmax(search)), cells)
    if search[y, x] < PEAK_SIMILARITY:
        return mask
    height, width = mask.shape
    point = ((x + 0.5) * width / cells[1], (y + 0.5) * height / cells[0], 1.0)
    candidates, _ = segmenter.candidates(index, [point], None)
    best, best_similarity = None, MEAN_SIMILARITY
    for low_res in candidates:
        found = segmenter.to_frame(low_res) > 0.0
        grown = int(np.count_nonzero(found | mask))
        if grown == area or grown > MAX_GROWTH * memory.area:
            continue
        weight = _on_cells(found, cells)
        mean = float((similarity * weight).sum() / max(float(weight.sum()), 1e-6))
        if mean >= best_similarity:
            best, best_similarity = found, mean
    return mask if best is None else mask | best
