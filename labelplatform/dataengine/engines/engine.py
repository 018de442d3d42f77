"""The data engine's pre-labeler: classes per pixel for "stuff", classified SAM objects for "things".

Training (one labeled image = its pixels' classes, its thing instances and its SAM embedding):
1. a per-project PCA basis of the embedding; the pixel classifier learns every class on its pixel
   features plus the basis' components upsampled to each pixel;
2. SAM is prompted at the innermost point of each of the largest labeled things and at random points away
   from things; every mask of each run (the answer and its three candidates) is described by region
   features (regions.py) and labeled with the thing it matches (IoU >= MATCH_IOU) or 0 ("not an object")
   when it matches none: the object classifier learns from what it will be shown. These rows depend on
   their image alone (object_rows()), so a retraining finds them kept per label (RowsCache).

Pre-labeling: the pixel classifier's map; SAM prompted at the innermost point of each component of thing
pixels and at its other deepest points (candidates.component_points(); no box: a component of touching
objects would be forced into one mask); each of the run's masks gets its objectness from both
classifiers, its class from the object classifier; masks under the threshold, or of no clear class
(unknown), are left to the stuff map. Of a run's named masks the largest that is no group is the run's
object (run_object()), scored by its class probability x SAM's predicted IoU. Things are drawn over stuff,
the surer thing over the less sure one (one that lost over half its pixels to surer ones is dropped), so no
pixel has two objects.
The stuff map leans back towards the classes' pixel shares and is smoothed (calibrated()).

Images over WORK_PIXELS are trained on and pre-labeled at that size, and the answer scaled back up: the CPU
cost of a 1 MP image is then that of a quarter-megapixel one plus SAM's decoder runs (capped per image).
"""

from dataclasses import dataclass, field, replace
from typing import Any, Protocol

import cv2
import numpy as np
from numpy.typing import NDArray

from labelplatform.dataengine.engines.candidates import (
    DUPLICATE_IOU,
    component_points,
    component_prompts,
    min_area,
    point_prompts,
    points_only,
    sam_all_masks,
    sam_scored_masks,
)
from labelplatform.dataengine.engines.embedding_grid import EmbeddingBasis, basis_fit, embedding_cells, embedding_planes
from labelplatform.dataengine.engines.object_classifier import (
    UNKNOWN,
    ObjectClassifier,
    decided,
    object_proba,
    train_objects,
)
from labelplatform.dataengine.engines.regions import image_lab, region_features
from labelplatform.masks.compare import iou
from labelplatform.masks.regions import split_components
from labelplatform.prelabel.engines.pixel_classifier import PixelClassifier, TrainingImage, predict_proba, train

MATCH_IOU = 0.5  # a SAM mask is the labeled thing it overlaps this much
PARTIAL_IOU = 0.25  # under this it is "not an object": a part of one, or a group of them
NEGATIVE_POINTS = 3  # decoder runs per training image at points away from every thing (3 masks each)
THRESHOLD = 0.3  # objectness under which a mask is not an object (project setting dataengine_threshold;
# 0.5 lost coco people to "not an object": dev split docs/dataengine.md)
SAMPLES_PER_CLASS_PER_IMAGE = 500  # fewer than the pixel classifier alone: the embedding carries the meaning
MAX_SAMPLES_PER_CLASS = 5000  # and training stays a few seconds on one core
PIXEL_TREES = 16  # each on a bootstrap half of the samples: a quarter of the fit CPU of 32 trees on full ones, half
PIXEL_TREE_SAMPLES = 0.5  # the prediction CPU, for 0.006 of ISBI's IoU and 0.02 of CamVid's (docs/dataengine.md)
WORK_PIXELS = 250_000  # bigger images are trained on and pre-labeled at this size (about 580x430):
# the pixel features, the forest and SAM's mask clean-up cost by the pixel, SAM's own masks are 256x256
TRAIN_PROMPTS = 3  # decoder runs per labeled image on its objects (the largest; every object gives its own
# mask's row), each run's 4 masks used (candidates.sam_all_masks): 6 runs per image (~65 ms each)
PRIOR_POWER = 0.25  # the forest learns balanced classes; its probabilities get back this much of their pixel shares
PRIOR_BOUNDS = (0.8, 1.25)  # at most this much: more thins rare classes away (CamVid's poles and signs)
SMOOTHING = 2.0  # pixels (Gaussian sigma) the probabilities are smoothed over before the argmax
KEEP_AFTER_OVERLAP = 0.5  # a thing that lost more than half its pixels to surer ones is the same object (or a
# part or group of it) already drawn: dropped, as segment everything drops its overlapping proposals
PREDICT_PROMPTS = 16  # SAM decoder runs per pre-labeled image, the largest thing components first (~70 ms each)
ENGINE_ROWS_VERSION = 1  # bump whenever an image's object rows could come out different (object_rows(), the
# candidates' masks, region_features): every cached row set (RowsCache) is then made again


@dataclass(frozen=True)
class Example:
    image: NDArray[np.uint8]
    classes: NDArray[np.integer]  # class value per pixel, 0 = nothing
    instances: list[tuple[int, NDArray[np.bool_]]]  # (class, mask) of each labeled object
    embedding: NDArray[Any]  # SAM's [1, 256, 64, 64]
    valid: NDArray[np.bool_] | None = None
    ident: int = 0  # seeds the image's own random points with the training's seed (its asset's id)


@dataclass(frozen=True)
class ObjectRows:
    """One labeled image's rows for the object classifier: what no other image changes (object_rows())."""
    rows: NDArray[np.float32]  # (n, region features)
    values: NDArray[np.int64]  # (n,) the thing class of each row, 0: not an object


class RowsCache(Protocol):
    """Object rows kept between trainings, per example (its index in engine_train's list); `key` names what
    the engine made them from besides the example itself (rows_key())."""

    def load(self, index: int, key: str) -> ObjectRows | None: ...

    def save(self, index: int, key: str, rows: ObjectRows) -> None: ...


@dataclass
class EngineModel:
    semantic: PixelClassifier
    basis: EmbeddingBasis
    objects: ObjectClassifier | None  # None: the project has no thing classes
    things: list[int]
    counts: dict[str, int] = field(default_factory=dict)
    priors: tuple[float, ...] = ()  # each semantic class's share of the labeled pixels (none: versions before)


@dataclass(frozen=True)
class PredictedObject:
    class_id: int
    mask: NDArray[np.bool_]
    score: float
    thing: bool


@dataclass(frozen=True)
class Candidate:
    """A SAM mask the pre-labeler weighed, and what became of it (the bench's stage figures)."""
    mask: NDArray[np.bool_]
    class_id: int  # as decided: a thing class, 0 (not an object) or UNKNOWN
    score: float
    fate: str  # one of FATES


FATES = ("kept", "not an object", "unknown", "overlap")  # overlap: another mask of its prompt was likelier, or
# a surer object took most of it


@dataclass(frozen=True)
class Prelabels:
    objects: list[PredictedObject]
    class_map: NDArray[np.int64]
    unknown: int  # SAM objects under the threshold, left to the stuff map
    candidates: list[Candidate] = field(default_factory=list)  # only when asked (engine_predict(explain=True))


def work_size(size: tuple[int, int]) -> tuple[int, int]:
    """(height, width) the engine works at for an image of `size`: at most WORK_PIXELS, same aspect."""
    height, width = size
    scale = min(1.0, (WORK_PIXELS / (height * width)) ** 0.5)
    return max(1, round(height * scale)), max(1, round(width * scale))


def nearest(values: NDArray[Any], size: tuple[int, int]) -> NDArray[Any]:
    """`values` (any dtype) resampled to (height, width) by the nearest pixel: labels stay labels."""
    rows = np.minimum(values.shape[0] - 1, ((np.arange(size[0]) + 0.5) * values.shape[0] / size[0]).astype(np.intp))
    cols = np.minimum(values.shape[1] - 1, ((np.arange(size[1]) + 0.5) * values.shape[1] / size[1]).astype(np.intp))
    return np.ascontiguousarray(values[rows][:, cols])


def _at_work_size(example: Example) -> Example:
    size = work_size(example.classes.shape[:2])
    if size == example.classes.shape[:2]:
        return example
    image = np.asarray(cv2.resize(example.image, (size[1], size[0]), interpolation=cv2.INTER_AREA), np.uint8)
    return replace(example, image=image, classes=nearest(example.classes, size),
                   instances=[(c, nearest(m, size)) for c, m in example.instances],
                   valid=None if example.valid is None else nearest(example.valid, size))


def _planes(basis: EmbeddingBasis, embedding: NDArray[Any], size: tuple[int, int]) -> NDArray[np.float32]:
    return embedding_planes(basis, embedding_cells(embedding, size), size)


def image_things(example: Example, things: list[int]) -> list[int]:
    """The thing classes among `things` the image's (valid) class map shows: its own, whatever the others hold."""
    shown = example.classes if example.valid is None else example.classes[example.valid]
    return [c for c in things if np.any(shown == c)]


def rows_key(things: list[int], seed: int) -> str:
    """What an image's object rows are made from besides the image, its labels and its embedding."""
    return f"rows-v{ENGINE_ROWS_VERSION}-seed{seed}-things{','.join(map(str, things))}"


def object_rows(example: Example, things: list[int], decoder: Any, config: dict[str, Any], seed: int) -> ObjectRows:
    """The example's (at work size) labeled things and SAM's masks at its largest things and at random points
    away from them, as object classifier rows; from the example alone (`things`: image_things()), its random
    points seeded by (seed, its ident), so they can be kept per label between trainings."""
    rng = np.random.default_rng([seed, example.ident])
    size = example.classes.shape[:2]
    cells = embedding_cells(example.embedding, size)
    lab = image_lab(example.image)
    labeled = [(c, m) for c, m in example.instances if c in things and np.count_nonzero(m) >= min_area(size)]
    rows = [region_features(cells, lab, m) for _, m in labeled]
    values = [c for c, _ in labeled]
    largest = sorted(labeled, key=lambda cm: -int(np.count_nonzero(cm[1])))[:TRAIN_PROMPTS]
    prompts = points_only([p for _, m in largest for p in component_prompts(m, limit=1)])
    thing_pixels = np.isin(example.classes, things)
    prompts += point_prompts(~thing_pixels if example.valid is None else ~thing_pixels & example.valid,
                             NEGATIVE_POINTS, rng)
    for mask in sam_all_masks(decoder, config, example.embedding, size, prompts):
        overlaps = [(iou(mask, m), c) for c, m in labeled]
        best, value = max(overlaps, default=(0.0, 0))
        if best >= MATCH_IOU or best < PARTIAL_IOU:  # in between: half an object teaches nothing
            rows.append(region_features(cells, lab, mask))
            values.append(value if best >= MATCH_IOU else 0)
    features = np.stack(rows).astype(np.float32) if rows else np.zeros((0, 0), np.float32)
    return ObjectRows(features, np.asarray(values, np.int64))


def _cached_rows(index: int, example: Example, things: list[int], decoder: Any, config: dict[str, Any], seed: int,
                 cache: RowsCache | None) -> ObjectRows:
    local = image_things(example, things)
    key = rows_key(local, seed)
    found = cache.load(index, key) if cache is not None else None
    if found is None:
        found = object_rows(example, local, decoder, config, seed)
        if cache is not None:
            cache.save(index, key, found)
    return found


def engine_train(examples: list[Example], things: list[int], decoder: Any, config: dict[str, Any], *,
                 seed: int = 0, cache: RowsCache | None = None) -> EngineModel:
    """`cache`: each example's object rows kept from an earlier training (the SAM decoder runs are most of the
    CPU of a training after the pixel classifier's)."""
    if not examples:
        raise ValueError("training needs at least one labeled image")
    examples = [_at_work_size(e) for e in examples]
    sizes = [e.classes.shape[:2] for e in examples]
    basis = basis_fit([embedding_cells(e.embedding, s) for e, s in zip(examples, sizes, strict=True)], seed=seed)
    semantic = train([TrainingImage(e.image, e.classes, e.valid, _planes(basis, e.embedding, s))
                      for e, s in zip(examples, sizes, strict=True)], seed=seed,
                     per_class=SAMPLES_PER_CLASS_PER_IMAGE, max_per_class=MAX_SAMPLES_PER_CLASS,
                     trees=PIXEL_TREES, tree_samples=PIXEL_TREE_SAMPLES)
    present = [c for c in things if c in semantic.classes]
    objects = None
    counts: dict[str, int] = {}
    if present:
        found = [_cached_rows(i, e, present, decoder, config, seed, cache) for i, e in enumerate(examples)]
        found = [f for f in found if f.values.size]
        if found:
            values = np.concatenate([f.values for f in found])
            objects = train_objects(np.concatenate([f.rows for f in found]), values, seed=seed)
            counts = {str(v): int(np.count_nonzero(values == v)) for v in np.unique(values)}
    return EngineModel(semantic, basis, objects, present, counts, _priors(examples, semantic.classes))


def _priors(examples: list[Example], classes: list[int]) -> tuple[float, ...]:
    """Each class's mean share of the labeled (valid) pixels of an image."""
    shares = np.zeros(len(classes))
    for e in examples:
        values = e.classes if e.valid is None else e.classes[e.valid]
        counts = np.asarray([np.count_nonzero(values == c) for c in classes], np.float64)
        shares += counts / max(1.0, float(counts.sum()))
    return tuple(float(v) for v in shares / len(examples))


def calibrated(proba: NDArray[np.float32], priors: tuple[float, ...]) -> NDArray[np.float32]:
    """The forest's probabilities (trained on balanced classes) leaning PRIOR_POWER of the way back to the
    classes' pixel shares (within PRIOR_BOUNDS), then smoothed over SMOOTHING pixels: a class seen on a fifth
    of the pixels (ISBI's membranes) is otherwise drawn too thick, and single pixels flip between classes."""
    if priors:
        weights = np.clip((np.asarray(priors, np.float32) * len(priors)) ** PRIOR_POWER, *PRIOR_BOUNDS)
        proba = np.asarray(proba * weights, np.float32)
        proba /= np.maximum(proba.sum(axis=2, keepdims=True), 1e-6)
    return np.asarray(cv2.GaussianBlur(proba, (0, 0), SMOOTHING), np.float32).reshape(proba.shape)


def _semantic_votes(proba: NDArray[np.float32], semantic_classes: list[int], mask: NDArray[np.bool_],
                    classes: list[int]) -> NDArray[np.float32]:
    """The pixel classifier's mean probability inside `mask` for each of `classes` (0 = every other class)."""
    mean = proba[mask].mean(axis=0)
    votes = np.asarray([mean[semantic_classes.index(c)] if c in semantic_classes else 0.0 for c in classes],
                       np.float32)
    if 0 in classes:
        votes[classes.index(0)] = max(0.0, 1.0 - float(votes.sum() - votes[classes.index(0)]))
    return votes


def _mixed(objects: NDArray[np.float32], votes: NDArray[np.float32], classes: list[int]) -> NDArray[np.float32]:
    """Whether it is an object at all: both classifiers, averaged. Which class: the object classifier's
    (the pixel classifier spreads its votes thin over many thing classes)."""
    if 0 not in classes:
        return objects
    nothing = classes.index(0)
    objectness = 1.0 - (float(objects[nothing]) + float(votes[nothing])) / 2
    mixed = objects * objectness / max(1e-6, 1.0 - float(objects[nothing]))
    mixed[nothing] = 1.0 - objectness
    return mixed.astype(np.float32)


def _stuff(model: EngineModel, proba: NDArray[np.float32]) -> tuple[NDArray[np.int64], NDArray[np.float32]]:
    """Best class per pixel among the non-thing classes (0 included), and its probability."""
    keep = [i for i, c in enumerate(model.semantic.classes) if c not in model.things]
    values = np.asarray(model.semantic.classes, np.int64)[keep]
    best = np.argmax(proba[:, :, keep], axis=2)
    return values[best], np.take_along_axis(proba[:, :, keep], best[..., None], 2)[..., 0]


def engine_predict(model: EngineModel, image: NDArray[np.uint8], embedding: NDArray[Any], decoder: Any,
                   config: dict[str, Any], *, threshold: float = THRESHOLD, explain: bool = False) -> Prelabels:
    """Pre-labels of `image` at its size; worked out at work_size() and scaled up by the nearest pixel.
    `explain`: with every candidate mask weighed and its fate, at the image's size."""
    full = (image.shape[0], image.shape[1])
    size = work_size(full)
    if size != full:
        image = np.asarray(cv2.resize(image, (size[1], size[0]), interpolation=cv2.INTER_AREA), np.uint8)
    answer = _predict(model, image, embedding, decoder, config, threshold)
    if not explain:
        answer = replace(answer, candidates=[])
    if size == full:
        return answer
    owner = np.zeros(size, np.uint16)  # objects never overlap: one map of who owns each pixel scales them all
    for number, obj in enumerate(answer.objects, start=1):
        owner[obj.mask] = number
    owner = nearest(owner, full)
    objects = [replace(obj, mask=owner == number) for number, obj in enumerate(answer.objects, start=1)]
    lookup = np.asarray([0] + [obj.class_id for obj in answer.objects], np.int64)
    candidates = [replace(c, mask=nearest(c.mask, full)) for c in answer.candidates]
    return Prelabels(objects, lookup[owner], answer.unknown, candidates)


def _predict(model: EngineModel, image: NDArray[np.uint8], embedding: NDArray[Any], decoder: Any,
             config: dict[str, Any], threshold: float) -> Prelabels:
    size = (image.shape[0], image.shape[1])
    proba = predict_proba(model.semantic, image, _planes(model.basis, embedding, size))
    classes = model.semantic.classes
    class_map, confidence = _stuff(model, calibrated(proba, model.priors))  # things: the forest's own votes
    accepted: list[PredictedObject] = []
    weighed: list[tuple[NDArray[np.bool_], int, float]] = []
    if model.objects is not None:
        best_all = np.asarray(classes)[np.argmax(proba, axis=2)]
        points = component_points(np.isin(best_all, model.things), limit=PREDICT_PROMPTS)
        runs = sam_scored_masks(decoder, config, embedding, size, points, skip_covered=True)
        found = [(mask, quality, run) for run, masks in enumerate(runs) for mask, quality in masks]
        cells, lab = embedding_cells(embedding, size), image_lab(image)
        if found:
            rows = np.stack([region_features(cells, lab, mask) for mask, _, _ in found])
            objects = model.objects
            mixed = [_mixed(p, _semantic_votes(proba, classes, mask, objects.classes), objects.classes)
                     for p, (mask, _, _) in zip(object_proba(objects, rows), found, strict=True)]
            asked = {run: (min(int(y), size[0] - 1), min(int(x), size[1] - 1)) for run, (((x, y), _), masks) in
                     enumerate(zip(points, runs, strict=True)) if masks}  # the points SAM was run at
            named: dict[int, list[tuple[int, float, int, bool]]] = {}  # run -> (area, rank, index in found,
            for index, ((mask, quality, run), (value, score)) in enumerate(  # group) of its masks named a thing
                    zip(found, decided(objects.classes, np.stack(mixed), threshold), strict=True)):
                weighed.append((mask, value, score))
                if value not in (UNKNOWN, 0):  # ranked by class probability x SAM's predicted IoU of the mask
                    group = _group(mask, run, asked, runs)
                    named.setdefault(run, []).append((int(np.count_nonzero(mask)), score * quality, index, group))
            for masks in named.values():  # a prompt points at one object: run_object() picks it
                _, rank, index, _ = run_object(masks)
                mask, value, _ = weighed[index]
                accepted.append(PredictedObject(value, mask, round(min(1.0, rank), 4), True))
    predicted: list[PredictedObject] = []
    smallest = min_area(size)
    for value, mask in split_components(class_map, min_pixels=smallest, ignore=(0,)):
        predicted.append(PredictedObject(value, mask, round(float(confidence[mask].mean()), 4), False))
    taken = np.zeros(size, np.bool_)
    things = []
    kept: set[int] = set()
    for obj in sorted(accepted, key=lambda o: -o.score):  # the surer thing keeps the shared pixels
        mask = obj.mask & ~taken
        area = np.count_nonzero(mask)
        if area >= smallest and area >= KEEP_AFTER_OVERLAP * np.count_nonzero(obj.mask):
            taken |= mask
            things.append(PredictedObject(obj.class_id, mask, obj.score, True))
            kept.add(id(obj.mask))
    stuff = [PredictedObject(o.class_id, o.mask & ~taken, o.score, False) for o in predicted]
    stuff = [o for o in stuff if np.count_nonzero(o.mask) >= smallest]
    for obj in things:
        class_map[obj.mask] = obj.class_id
    class_map[~taken & ~np.any([o.mask for o in stuff] or [np.zeros(size, bool)], axis=0)] = 0
    candidates = [Candidate(mask, value, score, _fate(value, id(mask) in kept)) for mask, value, score in weighed]
    return Prelabels(things + stuff, class_map, sum(value == UNKNOWN for _, value, _ in weighed), candidates)


def _group(mask: NDArray[np.bool_], run: int, asked: dict[int, tuple[int, int]],
           runs: list[list[tuple[NDArray[np.bool_], float]]]) -> bool:
    """Whether a mask of `run` is a group: it holds the point of another run that does not offer it too
    (two points on one person both offer the whole person; a point on each of two cars, the pair once)."""
    return any(other != run and mask[point] and all(iou(mask, m) < DUPLICATE_IOU for m, _ in runs[other])
               for other, point in asked.items())


def run_object(named: list[tuple[int, float, int, bool]]) -> tuple[int, float, int, bool]:
    """The object of a run among its masks named a thing, as (area, rank, index, group): the largest that is
    no group (the likelier of equal ones); when every one is a group, the likeliest. A point makes SAM answer
    a part, the whole object and a group; the object classifier names a part (a head, a torso) as surely as
    the whole, and class probability x SAM's predicted IoU put the part first on coco's people (dev split: 6
    of the 12 objects named right were lost to a part of them). A group (_group(): two touching cars or
    people, each prompted) is often named as surely too."""
    whole = [mask for mask in named if not mask[3]]
    if not whole:
        return max(named, key=lambda mask: mask[1])
    return max(whole, key=lambda mask: (mask[0], mask[1]))


def _fate(value: int, kept: bool) -> str:
    if value == UNKNOWN:
        return "unknown"
    if value == 0:
        return "not an object"
    return "kept" if kept else "overlap"
