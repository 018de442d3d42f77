"""A SAM-family encoder run in two ONNX parts, its convolutional stem strip by strip, to bound its memory.

MobileSAM's encoder (TinyViT) starts with convolutions only: the patch embedding and the MBConv stage hold the
encoder's largest activations (256 channels at 256x256, 64 MB each, four alive at once) and put the run's peak
near 300 MB. Cut after that stage (the installer's split, builtin/encoder_parts.py), the stem runs on
horizontal strips of the normalised, padded 1024x1024 input with `halo` rows of real context on each side, and
the rest runs once on the stem's assembled output. Every kept output row sees exactly the pixels it sees in the
whole image (the halo covers the stem's receptive field; rows that touch a strip's cut edge are dropped), so the
embedding is the whole encoder's; the installer checks that on an image before it keeps the parts.
"""

from dataclasses import dataclass
from typing import Any

import numpy as np
import onnxruntime as ort
from numpy.typing import NDArray

from labelplatform.prelabel.engines.onnx_models import (
    ModelRunError,
    check_tensor_names,
    load_session,
    map_large_blocks,
    run_session,
    shrinking_run,
)


@dataclass(frozen=True)
class SplitEncoder:
    stem: ort.InferenceSession
    rest: ort.InferenceSession
    # input/output: the cut tensors; side: the padded input; stride: input rows per stem output row;
    # halo: context rows each side (>= the stem's reach, a multiple of stride); strip: rows per strip;
    # mean/std: the normalisation the whole graph does before its pad
    split: dict[str, Any]


def load_split(stem: str, rest: str, split: dict[str, Any]) -> SplitEncoder:
    """The two parts loaded without buffer reuse (onnx_models.load_session), in a process whose big blocks are
    mapped on their own (onnx_models.map_large_blocks): both keep the run's peak near its live tensors."""
    map_large_blocks()
    return SplitEncoder(load_session(stem, reuse_buffers=False), load_session(rest, reuse_buffers=False), split)


def stem_input(image: NDArray[Any], split: dict[str, Any]) -> NDArray[np.float32]:
    """[1, h, w, 3] RGB 0..255 (uint8 or float32) -> [1, 3, side, side] as the whole graph makes it: normalised,
    zero-padded bottom and right (float32 (x - mean) / std, the same operations, so the same values)."""
    side = int(split["side"])
    _, height, width, channels = image.shape
    padded = np.zeros((1, channels, side, side), np.float32)
    for c in range(channels):
        plane = np.subtract(image[0, :, :, c], np.float32(split["mean"][c]), dtype=np.float32)
        padded[0, c, :height, :width] = np.divide(plane, np.float32(split["std"][c]), dtype=np.float32)
    return padded


def split_run(encoder: SplitEncoder, image: NDArray[Any], output: str) -> NDArray[np.float32]:
    """The embedding of `image` ([1, h, w, 3], longest side `side`), through the stem in strips, then the rest."""
    split = encoder.split
    side, stride, halo, strip = (int(split[k]) for k in ("side", "stride", "halo", "strip"))
    padded = stem_input(image, split)
    stem_out: NDArray[np.float32] | None = None
    for top in range(0, side, strip):
        start, stop = max(0, top - halo), min(side, top + strip + halo)
        (part,) = run_session(encoder.stem, [split["output"]], {split["input"]: padded[:, :, start:stop]},
                              "the encoder's stem", shrinking_run())
        part = np.asarray(part, np.float32)
        if stem_out is None:
            stem_out = np.empty((*part.shape[:2], side // stride, part.shape[3]), np.float32)
        skip = (top - start) // stride
        rows = min(strip, side - top) // stride
        stem_out[:, :, top // stride:top // stride + rows] = part[:, :, skip:skip + rows]
        del part
    del padded
    (embedding,) = run_session(encoder.rest, [output], {split["output"]: stem_out}, "the encoder", shrinking_run())
    return np.asarray(embedding)


def check_split_parts(*parts: ort.InferenceSession, split: dict[str, Any]) -> None:
    """Both parts present with the cut's tensors; raises ModelRunError naming what is missing."""
    if len(parts) != 2:
        raise ModelRunError(f"an encoder split needs a stem and a rest, found {len(parts)} part")
    check_tensor_names(parts[0], [split["input"]], [split["output"]], "encoder stem")
    check_tensor_names(parts[1], [split["output"]], [], "encoder rest")
