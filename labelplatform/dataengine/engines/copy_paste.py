"""Synthetic labeled images by copy-paste (Ghiasi et al., "Simple Copy-Paste", 2021): objects cut by their
exact masks, scaled, flipped and rotated, pasted onto a background and blended at the edge.

The labels stay exact: an object's label is the mask it was pasted with (nearest-neighbour warped, so
binary), the blending only softens the colour across a pixel or two outside it; a later paste covers
earlier ones and the background's own objects, which lose those pixels, so no pixel has two objects and
every pixel showing an object is labeled with it (even a sliver: dropping it would mislabel its pixels).
"""

from dataclasses import dataclass, field
from typing import Any

import cv2
import numpy as np
from numpy.typing import NDArray

SCALE_RANGE = (0.5, 1.5)
MAX_ROTATION = 20.0  # degrees either way: more turns street scenes and people unnaturally
BLEND_SIGMA = 1.0  # pixels of soft edge in the colour (not in the label)
MIN_PIXELS = 64  # smaller objects are not cut out


@dataclass(frozen=True)
class Instance:
    class_id: int
    mask: NDArray[np.bool_]
    attributes: dict[str, Any] = field(default_factory=dict)  # the label's, carried to the copy


@dataclass(frozen=True)
class Cutout:
    """One object cut from a labeled image: its pixels inside its box, and its mask there."""

    class_id: int
    pixels: NDArray[np.uint8]  # (h, w, 3)
    mask: NDArray[np.bool_]  # (h, w)
    attributes: dict[str, Any] = field(default_factory=dict)


def cutouts(image: NDArray[np.uint8], instances: list[Instance], *, min_pixels: int = MIN_PIXELS) -> list[Cutout]:
    found = []
    for instance in instances:
        if np.count_nonzero(instance.mask) < min_pixels:
            continue
        x, y, w, h = cv2.boundingRect(instance.mask.view(np.uint8))
        found.append(Cutout(instance.class_id, image[y:y + h, x:x + w].copy(), instance.mask[y:y + h, x:x + w].copy(),
                            instance.attributes))
    return found


def _transformed(cutout: Cutout, rng: np.random.Generator, limit: tuple[int, int]) -> Cutout:
    """Scaled (within what fits the background), maybe mirrored, rotated about its centre."""
    h, w = cutout.mask.shape
    scale = float(rng.uniform(*SCALE_RANGE))
    scale = min(scale, 0.9 * limit[0] / h, 0.9 * limit[1] / w)
    angle = float(rng.uniform(-MAX_ROTATION, MAX_ROTATION))
    pixels, mask = cutout.pixels, cutout.mask.view(np.uint8)
    if rng.random() < 0.5:
        pixels, mask = pixels[:, ::-1], mask[:, ::-1]
    matrix = cv2.getRotationMatrix2D((w / 2, h / 2), angle, scale)
    corners = np.array([[0, 0, 1], [w, 0, 1], [0, h, 1], [w, h, 1]], np.float64) @ matrix.T
    x0, y0 = corners.min(axis=0)
    out_w, out_h = max(1, int(np.ceil(corners[:, 0].max() - x0))), max(1, int(np.ceil(corners[:, 1].max() - y0)))
    matrix[:, 2] -= (x0, y0)
    warped = cv2.warpAffine(np.ascontiguousarray(pixels), matrix, (out_w, out_h), flags=cv2.INTER_LINEAR)
    warped_mask = cv2.warpAffine(np.ascontiguousarray(mask), matrix, (out_w, out_h), flags=cv2.INTER_NEAREST)
    return Cutout(cutout.class_id, np.asarray(warped, np.uint8), warped_mask.astype(bool), cutout.attributes)


def paste(background: NDArray[np.uint8], background_instances: list[Instance], pieces: list[Cutout],
          rng: np.random.Generator) -> tuple[NDArray[np.uint8], list[Instance]]:
    """The composed image and its instances, none overlapping: later pastes cover earlier objects."""
    height, width = background.shape[:2]
    image = background.astype(np.float32)
    owner = np.full((height, width), -1, np.int32)  # index into `classes` of the object owning each pixel
    kept: list[tuple[int, dict[str, Any]]] = []  # (class, attributes) of each object, by owner index
    for instance in background_instances:
        owner[instance.mask] = len(kept)
        kept.append((instance.class_id, instance.attributes))
    for piece in pieces:
        moved = _transformed(piece, rng, (height, width))
        h, w = moved.mask.shape
        if h > height or w > width or not moved.mask.any():
            continue
        y, x = int(rng.integers(0, height - h + 1)), int(rng.integers(0, width - w + 1))
        alpha = cv2.GaussianBlur(moved.mask.astype(np.float32), (0, 0), BLEND_SIGMA)[..., None]
        alpha = np.maximum(alpha, moved.mask[..., None])  # the labeled pixels are fully the object's
        region = image[y:y + h, x:x + w]
        region[:] = alpha * moved.pixels.astype(np.float32) + (1 - alpha) * region
        owner[y:y + h, x:x + w][moved.mask] = len(kept)
        kept.append((moved.class_id, moved.attributes))
    instances = [Instance(class_id, owner == index, attributes) for index, (class_id, attributes) in enumerate(kept)]
    instances = [instance for instance in instances if instance.mask.any()]
    return np.clip(image + 0.5, 0, 255).astype(np.uint8), instances


def synthesize(background: NDArray[np.uint8], background_instances: list[Instance], pool: list[Cutout],
               count: int, rng: np.random.Generator) -> tuple[NDArray[np.uint8], list[Instance]]:
    """`count` objects drawn from `pool` pasted onto the background."""
    if not pool or count <= 0:
        return background.copy(), list(background_instances)
    picks = [pool[int(i)] for i in rng.integers(0, len(pool), count)]
    return paste(background, background_instances, picks, rng)
