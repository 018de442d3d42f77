"""The trainable pre-labeler: a random forest on multi-scale pixel features (ilastik's recipe).

Class maps hold class values per pixel; 0 is "no object" and is learned like any other class,
so the classifier can say where nothing is. Pixels where `valid` is false are not sampled. `extra`
planes (the data engine's upsampled image-embedding components) join the pixel features when given;
a model trained with them must be given the same planes to predict.
"""

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import cv2
import numpy as np
from numpy.typing import NDArray

from labelplatform.masks import fill_small_holes
from labelplatform.masks.regions import split_components
from labelplatform.prelabel.engines.features import SIGMAS, feature_rows, pixel_features

if TYPE_CHECKING:  # scikit-learn (about 110 MB) is imported by train() only: a worker holding MobileSAM never pays
    from sklearn.ensemble import RandomForestClassifier

SAMPLES_PER_CLASS_PER_IMAGE = 2000  # enough to cover a class's looks without drowning in its pixels
MAX_SAMPLES_PER_CLASS = 20000  # bounds training time as the labeled set grows
TREES = 32
MAX_DEPTH = 18
TREE_SAMPLES: float | None = None  # share of the samples each tree's bootstrap draws (None: as many as there are)
PREDICT_MAX_PIXELS = 1_100_000  # bigger images are classified on a downscaled copy


@dataclass
class PixelClassifier:
    forest: "RandomForestClassifier"
    classes: list[int]  # class values, in the forest's probability column order
    sigmas: tuple[float, ...] = SIGMAS
    trained_pixels: dict[int, int] = field(default_factory=dict)


@dataclass(frozen=True)
class TrainingImage:
    image: NDArray[np.uint8]
    classes: NDArray[np.integer]  # class value per pixel
    valid: NDArray[np.bool_] | None = None
    extra: NDArray[np.float32] | None = None  # (n, height, width) planes added to the pixel features


def _features(
    image: NDArray[np.uint8], sigmas: tuple[float, ...], extra: NDArray[np.float32] | None
) -> NDArray[np.float32]:
    return pixel_features(image, sigmas, extra)


def _sample(
    example: TrainingImage, rng: np.random.Generator, per_class: int
) -> tuple[NDArray[np.float32], NDArray[np.int64]]:
    features = _features(example.image, SIGMAS, example.extra)
    values = example.classes.astype(np.int64)
    usable = np.ones(values.shape, bool) if example.valid is None else example.valid
    xs, ys = [], []
    for value in np.unique(values[usable]):
        where = np.flatnonzero((values == value) & usable)
        chosen = rng.choice(where, min(where.size, per_class), replace=False)
        xs.append(feature_rows(features)[chosen])
        ys.append(np.full(chosen.size, value, np.int64))
    return np.concatenate(xs), np.concatenate(ys)


def train(
    examples: list[TrainingImage],
    *,
    seed: int = 0,
    per_class: int = SAMPLES_PER_CLASS_PER_IMAGE,
    max_per_class: int = MAX_SAMPLES_PER_CLASS,
    trees: int = TREES,
    tree_samples: float | None = TREE_SAMPLES,
) -> PixelClassifier:
    """Balanced pixel samples of every class (`per_class` per image, `max_per_class` in all), then a
    random forest of `trees` trees, each on a bootstrap of `tree_samples` of the samples (one core)."""
    if not examples:
        raise ValueError("training needs at least one labeled image")
    rng = np.random.default_rng(seed)
    parts = [_sample(example, rng, per_class) for example in examples]
    x = np.concatenate([p[0] for p in parts])
    y = np.concatenate([p[1] for p in parts])
    keep = []
    for value in np.unique(y):
        where = np.flatnonzero(y == value)
        keep.append(rng.choice(where, min(where.size, max_per_class), replace=False))
    chosen = np.concatenate(keep)
    x, y = x[chosen], y[chosen]
    if np.unique(y).size < 2:
        raise ValueError("training needs at least two classes (objects and what is not an object)")
    from sklearn.ensemble import RandomForestClassifier

    forest = RandomForestClassifier(
        n_estimators=trees,
        max_depth=MAX_DEPTH,
        min_samples_leaf=2,
        class_weight="balanced",
        max_samples=tree_samples,
        n_jobs=1,
        random_state=seed,
    )
    forest.fit(x, y)
    counts = {int(v): int(np.count_nonzero(y == v)) for v in np.unique(y)}
    return PixelClassifier(forest, [int(c) for c in forest.classes_], SIGMAS, counts)


def _resized_planes(planes: NDArray[np.float32], size: tuple[int, int]) -> NDArray[np.float32]:
    return np.stack([cv2.resize(plane, size, interpolation=cv2.INTER_LINEAR) for plane in planes]).astype(np.float32)


def predict_proba(
    model: PixelClassifier, image: NDArray[np.uint8], extra: NDArray[np.float32] | None = None
) -> NDArray[np.float32]:
    """(height, width, n_classes) probabilities at the image's full size."""
    height, width = image.shape[:2]
    scale = min(1.0, (PREDICT_MAX_PIXELS / (height * width)) ** 0.5)
    size = (max(1, round(width * scale)), max(1, round(height * scale)))
    small = image if scale == 1.0 else np.asarray(cv2.resize(image, size, interpolation=cv2.INTER_AREA), np.uint8)
    if extra is not None and scale != 1.0:
        extra = _resized_planes(extra, size)
    flat = feature_rows(_features(small, model.sigmas, extra))
    proba: NDArray[np.float32] = (
        model.forest.predict_proba(flat).astype(np.float32).reshape(*small.shape[:2], len(model.classes))
    )
    if scale == 1.0:
        return proba
    return np.dstack(
        [cv2.resize(proba[:, :, i], (width, height), interpolation=cv2.INTER_LINEAR) for i in range(proba.shape[2])]
    ).astype(np.float32)


def predict(
    model: PixelClassifier, image: NDArray[np.uint8], extra: NDArray[np.float32] | None = None
) -> tuple[NDArray[np.int64], NDArray[np.float32]]:
    """Class value per pixel and the probability of that class."""
    proba = predict_proba(model, image, extra)
    best = np.argmax(proba, axis=2)
    return np.asarray(model.classes, np.int64)[best], np.take_along_axis(proba, best[..., None], 2)[..., 0]


def predicted_objects(
    model: PixelClassifier, image: NDArray[np.uint8], *, min_pixels: int | None = None
) -> list[tuple[int, NDArray[np.bool_], float]]:
    """(class value, mask, confidence) per connected component of each class but 0.

    Confidence is the mean probability of the component's class over its pixels.
    """
    classes, confidence = predict(model, image)
    min_pixels = min_pixels if min_pixels is not None else max(16, classes.size // 4000)
    objects = []
    for value, mask in split_components(classes, min_pixels=min_pixels, ignore=(0,)):
        mask = fill_small_holes(mask, min_pixels)
        objects.append((value, mask, round(float(confidence[mask].mean()), 4)))
    return objects
