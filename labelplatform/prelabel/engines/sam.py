"""SAM-family encoder + prompt decoder pairs: the image embedding, and prompts to a mask at the image's size.

One path for every pair, the built-in MobileSAM and a customer's registered one; the config (checked by
onnx_config) says how to feed them. Two decoder kinds:

- a plain decoder (the default): one run with every prompt, the first mask of `mask_output` covers the
  image and is resized to it;
- `decoder.low_res: true`: SAM's own protocol. `mask_output` holds SAM's four 256x256 low-resolution
  logits of the padded encoder input (single-mask first, then three multimask candidates) and
  `score_output` their predicted IoU. The first click alone picks the multimask candidate with the best
  predicted IoU; each later prompt runs with the previous logits as `mask_input`. The segment endpoint is
  stateless, so the clicks are replayed in order, one decoder run each. The logits are upsampled to the
  encoder input, cropped to the resized image and resized to the image here, not in the graph: an
  exported upscaling bakes in the crop of the export-time image size. After each step the clicks the mask
  contradicts get a local edit (click_edit.py, click consistency), which later steps keep and are fed.
"""

from dataclasses import dataclass, replace
from typing import Any

import cv2
import numpy as np
import onnxruntime as ort
from numpy.typing import NDArray

from labelplatform.prelabel.engines.click_edit import Edits, edit_step, fed_logits, repaint
from labelplatform.prelabel.engines.onnx_models import (
    ModelRunError,
    check_tensor_names,
    image_tensor,
    release_freed_memory,
    run_session,
    shrinking_run,
)
from labelplatform.prelabel.engines.prompts import Prompt
from labelplatform.prelabel.engines.refine import REFINE_FROM_CELL, cell_size, refine_mask
from labelplatform.prelabel.engines.sam_prepared import Decoder, session_and_feeds
from labelplatform.prelabel.engines.sam_split import SplitEncoder, split_run

LOW_RES = 256  # SAM's mask_input / low-res logits side
SCRIBBLE_POINTS = 8  # points per scribble given to the decoder: SAM degrades with many points
SAM_POINT = {True: 1.0, False: 0.0}
PADDING = -1.0  # SAM's "not a point" label, added when no box is given (as its ONNX export expects)
BOX_CORNERS = (2.0, 3.0)


def encoder_input_size(config: dict[str, Any], height: int, width: int) -> tuple[int, int]:
    """(h, w) of the image as the encoder gets it: `size` itself, or scaled to the longest side of `size`."""
    spec = config["encoder"]
    if spec.get("resize") != "longest":
        return int(spec["size"][0]), int(spec["size"][1])
    scale = max(spec["size"]) / max(height, width)
    return int(height * scale + 0.5), int(width * scale + 0.5)  # SAM's rounding


def sam_input(config: dict[str, Any], image_rgb: NDArray[np.uint8],
              original_size: tuple[int, int] | None = None) -> NDArray[np.uint8]:
    """The pixels the encoder takes: `image_rgb` resized to encoder_input_size (as image_tensor resizes).
    `original_size` (h, w): the image's own size when `image_rgb` was decoded smaller (images.decoded_rgb), so
    the encoder input has exactly the size the decoder's prompts assume."""
    height, width = encoder_input_size(config, *(original_size or image_rgb.shape[:2]))
    shrinking = height * width < image_rgb.shape[0] * image_rgb.shape[1]
    return np.asarray(cv2.resize(image_rgb, (width, height),
                                 interpolation=cv2.INTER_AREA if shrinking else cv2.INTER_LINEAR), np.uint8)


def sam_embed_input(encoder: ort.InferenceSession | SplitEncoder, config: dict[str, Any],
                    pixels: NDArray[np.uint8]) -> NDArray[Any]:
    """The embedding of `pixels` (sam_input's). `encoder`: the whole encoder, or the built-in one in two parts
    (sam_split.py: the same embedding in less memory; it takes the RGB pixels as they are, as MobileSAM does).
    The heap is handed back before the run (the decoded image's garbage) and after it (the run's)."""
    spec = config["encoder"]
    release_freed_memory()
    if isinstance(encoder, SplitEncoder):
        embedding = split_run(encoder, pixels[None], spec["output"])
    else:
        tensor = image_tensor(pixels, {**spec, "size": list(pixels.shape[:2])})
        (embedding,) = run_session(encoder, [spec["output"]], {spec["name"]: tensor}, "the encoder", shrinking_run())
        del tensor
    release_freed_memory()
    return np.asarray(embedding)


def sam_embed(encoder: ort.InferenceSession | SplitEncoder, config: dict[str, Any], image_rgb: NDArray[np.uint8],
              original_size: tuple[int, int] | None = None) -> NDArray[Any]:
    """The embedding of `image_rgb` (sam_input, then sam_embed_input). A caller that can drop its decoded image
    before the run (a worker's job) calls the two itself."""
    return sam_embed_input(encoder, config, sam_input(config, image_rgb, original_size))


@dataclass(frozen=True)
class Step:
    """One decoder run: points in image pixels with SAM labels, and whether to pick among the candidates."""

    points: list[tuple[float, float, float]]
    multimask: bool


def _thinned(points: list[tuple[float, float]]) -> list[tuple[float, float]]:
    if len(points) <= SCRIBBLE_POINTS:
        return points
    picks = np.linspace(0, len(points) - 1, SCRIBBLE_POINTS).round().astype(int)
    return [points[i] for i in picks]


def replay_steps(prompt: Prompt) -> list[Step]:
    """SAM's interactive order: the box (with scribbles) first, then one step per click, clicks in order."""
    fixed: list[tuple[float, float, float]] = []
    for scribble in prompt.scribbles:
        fixed += [(x, y, SAM_POINT[scribble.positive]) for x, y in _thinned(scribble.points)]
    if prompt.box is not None:
        x, y, w, h = prompt.box
        fixed += [(x, y, BOX_CORNERS[0]), (x + w, y + h, BOX_CORNERS[1])]
    clicks = [(x, y, SAM_POINT[positive]) for x, y, positive in prompt.points]
    steps = [Step(fixed, False)] if fixed else []
    for count in range(1, len(clicks) + 1):
        steps.append(Step(fixed + clicks[:count], multimask=not fixed and count == 1))
    return steps


@dataclass(frozen=True)
class Decoded:
    mask: NDArray[np.bool_]  # the image's size
    score: float
    low_res: NDArray[np.float32] | None  # the chosen 256x256 logits, fed back on the next step


def decoder_outputs(decoder: Decoder, config: dict[str, Any], embedding: NDArray[Any], step: Step,
                    image_size: tuple[int, int], previous: NDArray[np.float32] | None = None
                    ) -> tuple[NDArray[np.float32], NDArray[np.float32] | None]:
    """One decoder run: (the mask output as given, the scores or None). `decoder`: the whole decoder, or the
    decoder pair (sam_prepared.py: the per-prompt part, on the projections of `embedding` prepared once)."""
    names = config["decoder"]
    height, width = image_size
    input_h, input_w = encoder_input_size(config, height, width)
    low_res = bool(names.get("low_res"))
    points = list(step.points)
    if low_res and not any(label in BOX_CORNERS for _, _, label in points):
        points.append((0.0, 0.0, PADDING))
    coords = [[x * input_w / width, y * input_h / height] if label != PADDING else [0.0, 0.0]
              for x, y, label in points]
    feeds: dict[str, Any] = {
        names["embedding_input"]: embedding.astype(np.float32),
        names["points_input"]: np.asarray([coords], np.float32),
        names["labels_input"]: np.asarray([[label for _, _, label in points]], np.float32),
    }
    if "mask_input" in names:
        feeds[names["mask_input"]] = (previous[None, None] if low_res and previous is not None
                                      else np.zeros((1, 1, LOW_RES, LOW_RES), np.float32))
    if "has_mask_input" in names:
        feeds[names["has_mask_input"]] = np.asarray([1.0 if low_res and previous is not None else 0.0], np.float32)
    if "orig_size_input" in names:
        feeds[names["orig_size_input"]] = np.asarray([height, width], np.float32)
    session, prepared_feeds = session_and_feeds(decoder, embedding)
    wanted = [names["mask_output"]] + ([names["score_output"]] if "score_output" in names else [])
    results = run_session(session, wanted, {**feeds, **prepared_feeds}, "the decoder")
    logits = np.asarray(results[0], np.float32)
    return logits, (np.asarray(results[1], np.float32).ravel() if len(results) > 1 else None)


def decode_step(decoder: Decoder, config: dict[str, Any], embedding: NDArray[Any], step: Step,
                image_size: tuple[int, int], previous: NDArray[np.float32] | None = None) -> Decoded:
    """One decoder run. `previous`: the low-res logits of the step before (SAM's mask feedback)."""
    height, width = image_size
    low_res = bool(config["decoder"].get("low_res"))
    logits, scores = decoder_outputs(decoder, config, embedding, step, image_size, previous)
    if not low_res:
        while logits.ndim > 2:
            logits = logits[0]  # the first (best) mask of the first prompt
        full = np.asarray(cv2.resize(logits, (width, height), interpolation=cv2.INTER_LINEAR), np.float32)
        return Decoded(full > 0.0, _score(full, None if scores is None else float(scores[0])), None)
    if logits.ndim != 4 or logits.shape[1] < 1 or logits.shape[2:] != (LOW_RES, LOW_RES) or scores is None:
        raise ModelRunError(f"a low_res decoder must answer [1, K, {LOW_RES}, {LOW_RES}] logits and their "
                            f"scores, got {list(logits.shape)}")
    pick = 1 + int(np.argmax(scores[1:logits.shape[1]])) if step.multimask and logits.shape[1] > 1 else 0
    chosen = logits[0, pick]
    full = upsampled(chosen, config, image_size)
    return Decoded(full > 0.0, _score(full, float(scores[pick])), chosen)


def upsampled(low_res: NDArray[np.float32], config: dict[str, Any], image_size: tuple[int, int]) -> NDArray[np.float32]:
    """SAM's postprocessing: to the padded encoder input, cropped to the resized image, then to the image."""
    height, width = image_size
    side_h, side_w = config["encoder"]["size"]
    input_h, input_w = encoder_input_size(config, height, width)
    padded = cv2.resize(low_res, (side_w, side_h), interpolation=cv2.INTER_LINEAR)
    return np.asarray(cv2.resize(padded[:input_h, :input_w], (width, height), interpolation=cv2.INTER_LINEAR),
                      np.float32)


def _score(full: NDArray[np.float32], predicted: float | None) -> float:
    if predicted is None:  # no score output: the mean confidence of the mask's pixels
        inside = full[full > 0.0]
        predicted = float((1.0 / (1.0 + np.exp(-inside))).mean()) if inside.size else 0.0
    return round(min(1.0, max(0.0, predicted)), 4)


class Replay:
    """SAM's interactive loop over one image: each call runs only the steps added since the last call, with
    the previous logits fed back, so the answer equals a full replay (the benchmark's robot user uses it).
    With `click_edits` (the default) each step's mask gets the click edits (click_edit.edit_step) and the next
    step is fed the logits with the edited cells set (click_edit.fed_logits); the answer's `low_res` stays the
    decoder's own logits."""

    def __init__(self, decoder: Decoder, config: dict[str, Any], embedding: NDArray[Any],
                 image_size: tuple[int, int], click_edits: bool = True) -> None:
        self.decoder, self.config, self.embedding, self.image_size = decoder, config, embedding, image_size
        self.click_edits = click_edits
        self.done: list[Step] = []
        self.previous: NDArray[np.float32] | None = None
        self.result: Decoded | None = None
        self.edits: Edits = ()

    def __call__(self, prompt: Prompt) -> Decoded:
        steps = replay_steps(prompt)
        if steps[:len(self.done)] != self.done or self.result is None:
            self.done, self.previous, self.edits = [], None, ()  # not a continuation: start over
        first_click = len(steps) - len(prompt.points)  # a box's step comes before the clicks' steps
        for index in range(len(self.done), len(steps)):
            self.result = decode_step(self.decoder, self.config, self.embedding, steps[index], self.image_size,
                                      self.previous)
            self.previous = self.result.low_res
            if self.click_edits and self.result.low_res is not None:
                shown, self.edits = edit_step(self.result.mask, prompt.points[:max(0, index - first_click + 1)],
                                              self.edits)
                input_size = encoder_input_size(self.config, *self.image_size)
                self.previous = fed_logits(self.result.low_res, self.result.mask, shown, input_size,
                                           tuple(self.config["encoder"]["size"]))
                self.result = replace(self.result, mask=shown)
        self.done = steps
        assert self.result is not None
        return self.result

    def repainted(self, mask: NDArray[np.bool_], prompt: Prompt) -> NDArray[np.bool_]:
        """Another mask of the last step (refined) with the click edits in force painted over it."""
        return repaint(mask, prompt.points, self.edits) if self.click_edits else mask


def sam_segment(decoder: Decoder, config: dict[str, Any], embedding: NDArray[Any], prompt: Prompt,
                image_size: tuple[int, int], image: NDArray[np.uint8] | None = None) -> tuple[NDArray[np.bool_], float]:
    """The mask for all prompts of one object: one run for a plain decoder, the replay for a low_res one.
    With `image` (RGB, the image's size), a low_res decoder's edge band is refined by it (refine.py)."""
    steps = replay_steps(prompt)
    if not config["decoder"].get("low_res"):
        every = [point for step in steps[-1:] for point in step.points]
        result = decode_step(decoder, config, embedding, Step(every, False), image_size)
        return result.mask, result.score
    replay = Replay(decoder, config, embedding, image_size)
    result = replay(prompt)
    if image is not None and result.low_res is not None:
        return replay.repainted(refined(result, config, image), prompt), result.score
    return result.mask, result.score


def refines(config: dict[str, Any], image_size: tuple[int, int]) -> bool:
    """Whether refinement changes anything at this size (a low_res decoder, logit cells of several pixels)."""
    return bool(config["decoder"].get("low_res")) and refine_cell(config, image_size) >= REFINE_FROM_CELL


def refine_cell(config: dict[str, Any], image_size: tuple[int, int]) -> float:
    return cell_size(image_size, LOW_RES, max(config["encoder"]["size"]))


def refined(result: Decoded, config: dict[str, Any], image: NDArray[np.uint8]) -> NDArray[np.bool_]:
    """The decoded mask with its uncertain band decided at full resolution by the image (refine.py)."""
    if result.low_res is None:
        return result.mask
    size = (image.shape[0], image.shape[1])
    return refine_mask(image, upsampled(result.low_res, config, size), refine_cell(config, size))


def check_sam_pair(encoder: ort.InferenceSession, decoder: ort.InferenceSession, config: dict[str, Any]) -> None:
    """Every tensor the config names exists; raises ModelRunError naming the one missing."""
    check_tensor_names(encoder, [config["encoder"]["name"]], [config["encoder"]["output"]], "encoder")
    names = config["decoder"]
    inputs = [names[k] for k in ("embedding_input", "points_input", "labels_input", "mask_input",
                                 "has_mask_input", "orig_size_input") if k in names]
    outputs = [names[k] for k in ("mask_output", "score_output") if k in names]
    check_tensor_names(decoder, inputs, outputs, "decoder")
