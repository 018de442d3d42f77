"""A SAM-family decoder over the frames of a sequence, as propagation re-prompts it (propagate.py).

Each frame's embedding comes from a callable (the workers compute them ahead and cache them). One decoder
run answers all of SAM's candidates (single-mask first, then three multimask ones) so propagation picks
the one that agrees with the warped mask; maps move between the frame's pixels and SAM's 256x256
low-resolution grid of the padded encoder input (where `mask_input` lives).
"""

from collections.abc import Callable
from typing import Any, Protocol

import cv2
import numpy as np
from numpy.typing import NDArray

from labelplatform.prelabel.engines.onnx_models import ModelRunError
from labelplatform.prelabel.engines.sam import (
    LOW_RES,
    Step,
    decoder_outputs,
    encoder_input_size,
    refine_cell,
    upsampled,
)
from labelplatform.prelabel.engines.sam_prepared import Decoder, prepared

OUTSIDE_LOGIT = -20.0  # the padding of the low-res grid: certainly not the object

Point = tuple[float, float, float]  # x, y in frame pixels, SAM label (1 inside, 0 outside, 2/3 box corners)


class Segmenter(Protocol):
    """What propagation asks of a SAM-style decoder over the frames (SamFrames below)."""

    def candidates(self, index: int, points: list[Point], mask_input: NDArray[np.float32] | None
                   ) -> tuple[NDArray[np.float32], NDArray[np.float32]]: ...

    def in_grid(self, low_res: NDArray[np.float32]) -> NDArray[np.float32]: ...

    def to_frame(self, low_res: NDArray[np.float32]) -> NDArray[np.float32]: ...

    def to_low_res(self, frame_map: NDArray[np.float32]) -> NDArray[np.float32]: ...

    def grid_map(self, frame_map: NDArray[np.float32]) -> NDArray[np.float32]: ...

    def features(self, index: int) -> NDArray[np.float32]: ...

    def cell(self) -> float: ...


class SamFrames:
    """Decoder runs on frame `index`'s embedding; all maps in the frame's pixels unless named low-res."""

    def __init__(self, decoder: Decoder, config: dict[str, Any],
                 embedding: Callable[[int], NDArray[Any]], image_size: tuple[int, int]) -> None:
        if not config["decoder"].get("low_res"):
            raise ModelRunError("propagation needs a decoder with SAM's low-res protocol (decoder.low_res)")
        self.decoder, self.config, self.embedding, self.image_size = decoder, config, embedding, image_size
        input_h, input_w = encoder_input_size(config, *image_size)
        side = max(config["encoder"]["size"])
        self.grid = (max(1, round(input_h * LOW_RES / side)), max(1, round(input_w * LOW_RES / side)))
        self.input_size, self.side = (input_h, input_w), side

    def candidates(self, index: int, points: list[Point], mask_input: NDArray[np.float32] | None
                   ) -> tuple[NDArray[np.float32], NDArray[np.float32]]:
        """(K, 256, 256) low-res logits and their K predicted IoUs for one prompt on frame `index`. A decoder
        pair (sam_prepared.py) is prepared once per frame's embedding: the tracks of a frame share it."""
        embedding = self.embedding(index)
        self.decoder = prepared(self.decoder, embedding)
        logits, scores = decoder_outputs(self.decoder, self.config, embedding, Step(points, True),
                                         self.image_size, mask_input)
        if logits.ndim != 4 or scores is None:
            raise ModelRunError(f"the decoder answered {list(logits.shape)}, not [1, K, 256, 256] with scores")
        return logits[0], scores[: logits.shape[1]]

    def in_grid(self, low_res: NDArray[np.float32]) -> NDArray[np.float32]:
        """The part of a low-res map that covers the frame (the rest is the encoder's padding)."""
        return low_res[..., : self.grid[0], : self.grid[1]]

    def to_frame(self, low_res: NDArray[np.float32]) -> NDArray[np.float32]:
        return upsampled(low_res, self.config, self.image_size)

    def to_low_res(self, frame_map: NDArray[np.float32]) -> NDArray[np.float32]:
        """A map in the frame's pixels on the low-res grid, padded as SAM pads (mask_input's layout)."""
        grid_h, grid_w = self.grid
        small = cv2.resize(frame_map, (grid_w, grid_h), interpolation=cv2.INTER_AREA)
        out = np.full((LOW_RES, LOW_RES), OUTSIDE_LOGIT, np.float32)
        out[:grid_h, :grid_w] = small
        return out

    def grid_map(self, frame_map: NDArray[np.float32]) -> NDArray[np.float32]:
        """A map in the frame's pixels shrunk to the grid's frame part (for comparisons at low resolution)."""
        return np.asarray(cv2.resize(frame_map, (self.grid[1], self.grid[0]), interpolation=cv2.INTER_AREA),
                          np.float32)

    def features(self, index: int) -> NDArray[np.float32]:
        """The embedding's cells over the frame as unit vectors (C, h, w): what the object looks like to SAM."""
        embedding = np.asarray(self.embedding(index), np.float32)[0]
        cells = embedding.shape[1]
        height = max(1, round(self.input_size[0] * cells / self.side))
        width = max(1, round(self.input_size[1] * cells / self.side))
        part = embedding[:, :height, :width]
        return np.asarray(part / np.maximum(np.linalg.norm(part, axis=0, keepdims=True), 1e-6), np.float32)

    def cell(self) -> float:
        """The frame's pixels per low-res logit (what refine.py and a correction's edit measure by)."""
        return refine_cell(self.config, self.image_size)
