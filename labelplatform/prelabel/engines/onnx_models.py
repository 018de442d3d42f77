"""Running a user's ONNX model: semantic networks, and SAM-style encoder + prompt decoder pairs."""

from dataclasses import dataclass
from typing import Any

import cv2
import numpy as np
import onnxruntime as ort
from numpy.typing import NDArray

from labelplatform.masks.regions import split_components
from labelplatform.prelabel.engines.prompts import Prompt


class ModelRunError(RuntimeError):
    """The model did not run or answered with the wrong shapes; the message says which."""


def load_session(path: str) -> ort.InferenceSession:
    options = ort.SessionOptions()
    options.intra_op_num_threads = 1  # web and worker processes share the cores
    options.inter_op_num_threads = 1
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
    resized = cv2.resize(image_rgb, (width, height), interpolation=cv2.INTER_LINEAR)
    if spec["color"] == "BGR":
        resized = resized[:, :, ::-1]
    pixels = resized.astype(np.float32) / float(spec["scale"])
    pixels = (pixels - np.asarray(spec["mean"], np.float32)) / np.asarray(spec["std"], np.float32)
    tensor = pixels[None] if spec["layout"] == "NHWC" else pixels.transpose(2, 0, 1)[None]
    return np.ascontiguousarray(tensor, np.float32)


def _run(session: ort.InferenceSession, outputs: list[str], feeds: dict[str, Any], what: str) -> list[Any]:
    try:
        return list(session.run(outputs, feeds))
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
    (raw,) = _run(session, [output["name"]], {spec["name"]: image_tensor(image_rgb, spec)}, "the model")
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
    return exp / exp.sum(axis=0, keepdims=True)


def sam_embed(encoder: ort.InferenceSession, config: dict[str, Any], image_rgb: NDArray[np.uint8]) -> NDArray[Any]:
    spec = config["encoder"]
    (embedding,) = _run(encoder, [spec["output"]], {spec["name"]: image_tensor(image_rgb, spec)}, "the encoder")
    return np.asarray(embedding)


def sam_decode(decoder: ort.InferenceSession, config: dict[str, Any], embedding: NDArray[Any],
               prompt: Prompt, image_size: tuple[int, int]) -> tuple[NDArray[np.bool_], float]:
    """A mask at the image's size from points and a box (SAM labels: 1 in, 0 out, 2/3 box corners)."""
    spec, names = config["encoder"], config["decoder"]
    height, width = image_size
    sy, sx = spec["size"][0] / height, spec["size"][1] / width
    coords = [[x * sx, y * sy] for x, y, _ in prompt.points]
    labels = [1.0 if positive else 0.0 for _, _, positive in prompt.points]
    for scribble in prompt.scribbles:  # a scribble is its points as clicks
        coords += [[x * sx, y * sy] for x, y in scribble.points]
        labels += [1.0 if scribble.positive else 0.0] * len(scribble.points)
    if prompt.box is not None:
        x, y, w, h = prompt.box
        coords += [[x * sx, y * sy], [(x + w) * sx, (y + h) * sy]]
        labels += [2.0, 3.0]
    feeds: dict[str, Any] = {
        names["embedding_input"]: embedding.astype(np.float32),
        names["points_input"]: np.asarray([coords], np.float32),
        names["labels_input"]: np.asarray([labels], np.float32),
    }
    if "mask_input" in names:
        feeds[names["mask_input"]] = np.zeros((1, 1, 256, 256), np.float32)
    if "has_mask_input" in names:
        feeds[names["has_mask_input"]] = np.zeros(1, np.float32)
    if "orig_size_input" in names:
        feeds[names["orig_size_input"]] = np.asarray([height, width], np.float32)
    wanted = [names["mask_output"]] + ([names["score_output"]] if "score_output" in names else [])
    results = _run(decoder, wanted, feeds, "the decoder")
    logits = np.asarray(results[0], np.float32)
    while logits.ndim > 2:
        logits = logits[0]  # the first (best) mask of the first prompt
    full = cv2.resize(logits, (width, height), interpolation=cv2.INTER_LINEAR)
    mask = full > 0.0
    if len(results) > 1:
        score = float(np.asarray(results[1]).ravel()[0])
    else:
        score = float((1.0 / (1.0 + np.exp(-np.abs(full[mask])))).mean()) if mask.any() else 0.0
    return mask, round(min(1.0, max(0.0, score)), 4)
