"""Dense optical flow between neighbouring frames (OpenCV's DIS) and what propagation needs from it: warping
a map of the previous frame onto the next one, and where the flow can be trusted (forward-backward check).

Flow is computed on grey frames shrunk to FLOW_WIDTH (DIS is coarse-to-fine, so detail above that width buys
little for whole-object masks) and scaled back to the frame's pixels.
"""

from dataclasses import dataclass

import cv2
import numpy as np
from numpy.typing import NDArray

FLOW_WIDTH = 480  # pixels: ~10 ms per DIS run on one core, enough for object-scale motion
# Forward-backward check (Sundaram et al. 2010): |f + b|^2 <= ALPHA (|f|^2 + |b|^2) + BETA, in frame pixels.
FB_ALPHA = 0.01
FB_BETA = 0.5

Flow = NDArray[np.float32]  # H x W x 2, (dx, dy) in frame pixels


def grey(image_rgb: NDArray[np.uint8]) -> NDArray[np.uint8]:
    """The frame as DIS reads it: grey, at most FLOW_WIDTH wide."""
    height, width = image_rgb.shape[:2]
    small = image_rgb if width <= FLOW_WIDTH else np.asarray(
        cv2.resize(image_rgb, (FLOW_WIDTH, round(height * FLOW_WIDTH / width)), interpolation=cv2.INTER_AREA), np.uint8)
    return np.asarray(cv2.cvtColor(small, cv2.COLOR_RGB2GRAY), np.uint8)


def dense_flow(source: NDArray[np.uint8], target: NDArray[np.uint8], size: tuple[int, int]) -> Flow:
    """Flow f with source(x) ~ target(x + f(x)), for grey frames from `grey`, at `size` (h, w) in its pixels."""
    dis = cv2.DISOpticalFlow.create(cv2.DISOPTICAL_FLOW_PRESET_MEDIUM)
    flow = np.asarray(dis.calc(source, target, None), np.float32)  # type: ignore[call-overload]
    height, width = size
    scale_x, scale_y = width / source.shape[1], height / source.shape[0]
    full = cv2.resize(flow, (width, height), interpolation=cv2.INTER_LINEAR)
    full[..., 0] *= scale_x
    full[..., 1] *= scale_y
    return np.asarray(full, np.float32)


def sample_grid(flow: Flow) -> tuple[NDArray[np.float32], NDArray[np.float32]]:
    height, width = flow.shape[:2]
    xs, ys = np.meshgrid(np.arange(width, dtype=np.float32), np.arange(height, dtype=np.float32))
    return xs + flow[..., 0], ys + flow[..., 1]


def warp(values: NDArray[np.float32], back_flow: Flow, outside: float = 0.0) -> NDArray[np.float32]:
    """A map of the previous frame carried onto the next: next(x) = previous(x + back_flow(x)), where
    back_flow is the flow from the next frame to the previous one."""
    map_x, map_y = sample_grid(back_flow)
    return np.asarray(cv2.remap(values, map_x, map_y, cv2.INTER_LINEAR, borderMode=cv2.BORDER_CONSTANT,
                                borderValue=outside), np.float32)


@dataclass(frozen=True)
class FlowPair:
    back: Flow  # next frame -> previous frame: what warps the previous masks
    consistent: NDArray[np.bool_]  # next frame's pixels whose flow the forward-backward check trusts


def flow_pair(previous: NDArray[np.uint8], following: NDArray[np.uint8], size: tuple[int, int]) -> FlowPair:
    """Both flows between two grey frames and the forward-backward check, in the following frame's pixels."""
    back = dense_flow(following, previous, size)
    forward = dense_flow(previous, following, size)
    map_x, map_y = sample_grid(back)
    forward_there = cv2.remap(forward, map_x, map_y, cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)
    loop = back + forward_there
    error = (loop ** 2).sum(axis=2)
    bound = FB_ALPHA * ((back ** 2).sum(axis=2) + (forward_there ** 2).sum(axis=2)) + FB_BETA
    inside = (map_x >= 0) & (map_x <= size[1] - 1) & (map_y >= 0) & (map_y <= size[0] - 1)
    return FlowPair(back, np.asarray((error <= bound) & inside, np.bool_))
