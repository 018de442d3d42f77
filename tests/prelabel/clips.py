"""Clips for the propagation tests (engine and job): a textured square the flow can follow, and IoU."""

import cv2
import numpy as np

CLIP_FRAMES = 8


def iou(a: np.ndarray, b: np.ndarray) -> float:
    return float(np.count_nonzero(a & b) / max(1, np.count_nonzero(a | b)))


class Clip:
    def __init__(self, images: list[np.ndarray], truth: list[np.ndarray]) -> None:
        self.images, self.truth = images, truth
        self.reads: list[int] = []

    def image(self, index: int) -> np.ndarray:
        self.reads.append(index)
        return self.images[index]


def moving_clip(frames: int = CLIP_FRAMES, shift: int = 4, seed: int = 3) -> Clip:
    """A textured square moving right over a still textured background (what the flow can follow)."""
    rng = np.random.default_rng(seed)
    background = cv2.GaussianBlur(rng.integers(0, 255, (120, 160, 3), dtype=np.uint8), (5, 5), 0)
    texture = rng.integers(120, 255, (40, 40, 3), dtype=np.uint8)
    images, truth = [], []
    for index in range(frames):
        image, mask = background.copy(), np.zeros((120, 160), np.bool_)
        x = 20 + shift * index
        image[40:80, x:x + 40] = texture
        mask[40:80, x:x + 40] = True
        images.append(image)
        truth.append(mask)
    return Clip(images, truth)
