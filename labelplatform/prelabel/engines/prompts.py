"""Prompts for interactive segmentation, in image pixels, and how to paint them on a grid."""

from dataclasses import dataclass, field

import cv2
import numpy as np
from numpy.typing import NDArray


@dataclass(frozen=True)
class Scribble:
    points: list[tuple[float, float]]
    positive: bool
    radius: float = 3.0


@dataclass(frozen=True)
class Prompt:
    box: tuple[float, float, float, float] | None = None  # x, y, w, h
    points: list[tuple[float, float, bool]] = field(default_factory=list)  # x, y, positive
    scribbles: list[Scribble] = field(default_factory=list)

    def scaled(self, factor: float) -> "Prompt":
        box = None if self.box is None else (
            self.box[0] * factor, self.box[1] * factor, self.box[2] * factor, self.box[3] * factor)
        return Prompt(
            box=box,
            points=[(x * factor, y * factor, p) for x, y, p in self.points],
            scribbles=[Scribble([(x * factor, y * factor) for x, y in s.points], s.positive,
                                max(1.0, s.radius * factor)) for s in self.scribbles],
        )

    @property
    def has_positive(self) -> bool:
        return any(p for _, _, p in self.points) or any(s.positive for s in self.scribbles)

    @property
    def locates(self) -> bool:
        """A box, or at least one positive point or scribble: what every engine needs to find the object."""
        return self.box is not None or self.has_positive


def paint_seeds(shape: tuple[int, int], prompt: Prompt, positive: bool, click_radius: float) -> NDArray[np.bool_]:
    """Pixels the prompt marks as inside (positive) or outside: click disks and scribble strokes."""
    canvas = np.zeros(shape, np.uint8)
    height, width = shape
    for x, y, is_positive in prompt.points:
        if is_positive == positive:
            center = (min(width - 1, int(round(x))), min(height - 1, int(round(y))))
            cv2.circle(canvas, center, max(0, int(round(click_radius))), 1, -1)
    for scribble in prompt.scribbles:
        if scribble.positive != positive:
            continue
        line = np.round(np.array(scribble.points, np.float64)).astype(np.int32).reshape(-1, 1, 2)
        thickness = max(1, int(round(scribble.radius * 2)))
        cv2.polylines(canvas, [line], False, 1, thickness)
        for px, py in line.reshape(-1, 2):
            cv2.circle(canvas, (int(px), int(py)), max(0, int(round(scribble.radius))), 1, -1)
    return canvas.view(np.bool_)
