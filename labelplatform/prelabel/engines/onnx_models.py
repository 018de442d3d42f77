"""Running ONNX models on the CPU: loading, feeding an image, semantic networks (SAM-style pairs: sam.py)."""

import ctypes
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import cv2
import numpy as np
import onnxruntime as ort
from numpy.typing import NDArray

from labelplatform.masks.regions import split_components


class ModelRunError(RuntimeError):
    """The model did not run or answered with the wrong shapes; the message says which."""


def _libc(name: str) -> Callable[..., int] | None:
    try:
        function: Callable[..., int] = getattr(ctypes.CDLL("libc.so.6"), name)
    except (OSError, AttributeError):  # not glibc
        return None
    return function


_MALLOC_TRIM = _libc("malloc_trim")
_MALLOPT = _libc("mallopt")
M_MMAP_THRESHOLD = -3  # glibc's mallopt parameter
LARGE_BLOCK = 4 << 20


def map_large_blocks() -> None:
    """From now on blocks of 4 MB and more get their own mappings, handed back when freed. glibc's default raises
    that threshold to each big block freed (up to 32 MB), so the encoder's 4-32 MB activations moved into the
    heap, whose holes kept its peak 40-60 MB higher on a worker (bench/sam_memory.py). Process-wide: called by
    the processes that load the split encoder (workers)."""
    if _MALLOPT is not None:
        _MALLOPT(M_MMAP_THRESHOLD, LARGE_BLOCK)


def release_freed_memory() -> None:
    """Hand the freed heap back to the system. glibc keeps the freed blocks of a run (hundreds of MB for SAM's
    encoder at 1024) in the process; after a big run this keeps a worker's resting memory near what it holds."""
    if _MALLOC_TRIM is not None:
        _MALLOC_TRIM(0)


def load_session(path: str, reuse_buffers: bool = True) -> ort.InferenceSession:
    """`reuse_buffers=False` for big one-off runs (the split encoder's parts): onnxruntime's buffer reuse plan
    keeps a reused block alive for all the tensors it serves, which held ~100 MB more at the encoder's peak."""
    options = ort.SessionOptions()
    options.intra_op_num_threads = 1  # web and worker processes share the cores
    options.inter_op_num_threads = 1
    options.enable_mem_pattern = False  # planned per input shape: the encoder's varies with the aspect ratio
    options.enable_mem_reuse = reuse_buffers
    try:
        return ort.InferenceSession(path, options, providers=["CPUExecutionProvider"])
    except Exception as exc:  # onnxruntime raises its own exception types
        raise ModelRunError(f"the ONNX file could not be loaded: {exc}") from None


def check_tensor_names(session: ort.InferenceSession, inputs: list[str], outputs: list[str], what: str) -> None:
    have_in = {i.name for i in session.get_inputs()}
    have_out = {o.name for o in session.get_outputs()}
    for name in inputs:
        if name not in have_in:
            raise ModelRunError(f"{what}: the model has no input {name!r} (it has {sorted(have_in)})")
    for name in outputs:
        if name not in have_out:
            raise ModelRunError(f"{what}: the model has no output {name!r} (it has {sorted(have_out)})")


def image_tensor(image_rgb: NDArray[np.uint8], spec: dict[str, Any]) -> NDArray[np.float32]:
    height, width = spec["size"]
    shrinking = height * width < image_rgb.shape[0] * image_rgb.shape[1]  # area averaging does not alias
    resized = cv2.resize(image_rgb, (width, height), interpolation=cv2.INTER_AREA if shrinking else cv2.INTER_LINEAR)
    if spec["color"] == "BGR":
        resized = resized[:, :, ::-1]
    pixels = resized.astype(np.float32) / float(spec["scale"])
    pixels = np.asarray((pixels - np.asarray(spec["mean"], np.float32)) / np.asarray(spec["std"], np.float32),
                        np.float32)
    tensor = pixels[None] if spec["layout"] == "NHWC" else pixels.transpose(2, 0, 1)[None]
    return np.ascontiguousarray(tensor, np.float32)


def shrinking_run() -> ort.RunOptions:
    """A run that hands its arena blocks back when it ends: for big, rare runs (SAM's encoder), so a worker does
    not keep every activation block it ever needed (it grew to ~900 MB over 10 images without this)."""
    options = ort.RunOptions()
    options.add_run_config_entry("memory.enable_memory_arena_shrinkage", "cpu:0")
    return options


def run_session(session: ort.InferenceSession, outputs: list[str], feeds: dict[str, Any], what: str,
                options: ort.RunOptions | None = None) -> list[Any]:
    try:
        return list(session.run(outputs, feeds, options))
    except Exception as exc:
        raise ModelRunError(f"{what} failed to run: {exc}") from None


@dataclass(frozen=True)
class SemanticObject:
    class_id: int
    mask: NDArray[np.bool_]
    score: float


def run_semantic(session: ort.InferenceSession, config: dict[str, Any],
                 image_rgb: NDArray[np.uint8]) -> list[SemanticObject]:
    """One object per connected component of each mapped class; score = mean class probability."""
    spec, output = config["input"], config["output"]
    (raw,) = run_session(session, [output["name"]], {spec["name"]: image_tensor(image_rgb, spec)}, "the model")
    array = np.asarray(raw)
    if array.ndim == 4 and array.shape[0] == 1:
        array = array[0]
    height, width = image_rgb.shape[:2]
    if output["kind"] == "labels":
        if array.ndim == 3 and array.shape[0] == 1:
            array = array[0]
        if array.ndim != 2:
            raise ModelRunError(f"a 'labels' output must be [1, H, W] or [H, W], got {list(np.shape(raw))}")
        best = cv2.resize(array.astype(np.int32), (width, height), interpolation=cv2.INTER_NEAREST)
        confidence = np.ones((height, width), np.float32)
    else:
        if array.ndim != 3:
            raise ModelRunError(f"output must be [1, C, H, W] (or NHWC), got {list(np.shape(raw))}")
        if spec["layout"] == "NHWC":
            array = array.transpose(2, 0, 1)
        probs = _softmax(array) if output["kind"] == "logits" else array.astype(np.float32)
        probs = np.stack([cv2.resize(p, (width, height), interpolation=cv2.INTER_LINEAR) for p in probs])
        best = np.argmax(probs, axis=0).astype(np.int32)
        confidence = np.take_along_axis(probs, best[None], 0)[0]
    mapping = {int(k): v for k, v in config["classes"].items()}
    objects = []
    for index, mask in split_components(best, min_pixels=config["min_pixels"], ignore=()):
        if index in mapping:
            objects.append(SemanticObject(mapping[index], mask, round(float(confidence[mask].mean()), 4)))
    return objects


def _softmax(logits: NDArray[Any]) -> NDArray[np.float32]:
    shifted = logits.astype(np.float32) - logits.max(axis=0, keepdims=True)
    exp = np.exp(shifted)
    return np.asarray(exp / exp.sum(axis=0, keepdims=True), np.float32)
