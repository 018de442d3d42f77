"""Number-of-clicks evaluation: a simulated annotator clicks until the mask is good enough."""

import time
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from labelplatform.masks.regions import iou_ignoring
from labelplatform.prelabel.engines.clicks import next_click
from labelplatform.prelabel.engines.grabcut import PreparedImage, segment
from labelplatform.prelabel.engines.prompts import Prompt

MAX_CLICKS = 20


@dataclass(frozen=True)
class ClickRun:
    ious: list[float]  # IoU after each click (after the box alone first, when a box is given)
    seconds: list[float]  # segmentation wall time per step
    cpu_seconds: list[float]  # the same in CPU time: unaffected by other processes on the machine

    def clicks_to(self, target: float, max_clicks: int = MAX_CLICKS, with_box: bool = False) -> int:
        """Clicks needed to reach `target` IoU (max_clicks when never reached); the box costs none."""
        offset = 1 if with_box else 0
        for step, value in enumerate(self.ious):
            if value >= target:
                return max(0, step + 1 - offset) if not with_box else step
        return max_clicks


def simulate(
    segmenter: PreparedImage | Callable[[Prompt], NDArray[np.bool_]], truth: NDArray[np.bool_],
    ignore: NDArray[np.bool_] | None, *, box: tuple[float, float, float, float] | None = None,
    max_clicks: int = MAX_CLICKS, stop_at: float = 1.01,
) -> ClickRun:
    """`segmenter`: GrabCut's prepared image, or any prompt -> mask function (e.g. a SAM replay)."""
    run = segmenter if callable(segmenter) else (lambda prompt: segment(segmenter, prompt).mask)
    points: list[tuple[float, float, bool]] = []
    ious: list[float] = []
    seconds: list[float] = []
    cpu_seconds: list[float] = []
    predicted: NDArray[np.bool_] | None = None
    if box is not None:
        started, cpu_started = time.perf_counter(), time.process_time()
        predicted = run(Prompt(box=box))
        seconds.append(time.perf_counter() - started)
        cpu_seconds.append(time.process_time() - cpu_started)
        ious.append(iou_ignoring(predicted, truth, ignore))
    while len(points) < max_clicks and (not ious or ious[-1] < stop_at):
        click = next_click(truth, predicted, ignore)
        if click is None:
            break
        points.append((click.x, click.y, click.positive))
        started, cpu_started = time.perf_counter(), time.process_time()
        predicted = run(Prompt(box=box, points=list(points)))
        seconds.append(time.perf_counter() - started)
        cpu_seconds.append(time.process_time() - cpu_started)
        ious.append(iou_ignoring(predicted, truth, ignore))
    return ClickRun(ious, seconds, cpu_seconds)
