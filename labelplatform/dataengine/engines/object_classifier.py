"""The project's thing classes learned from its own objects: a regularised logistic regression on region
features (regions.py). Class 0 is "not an object" (SAM's answers away from every labeled thing); its
probabilities are the confidence the editor shows; an object no class clearly wins is "unknown".
"""

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import NDArray

if TYPE_CHECKING:  # scikit-learn is imported where a model trains: a worker holding MobileSAM does not pay for it
    from sklearn.pipeline import Pipeline

UNKNOWN = -1  # the answer below the confidence threshold
CLASS_THRESHOLD = 0.3  # share of the object probability the likeliest class needs to be named
REGULARISATION = 0.05  # strong: a few hundred rows of 270 features; weaker overfits the first images


@dataclass
class ObjectClassifier:
    model: "Pipeline | None"  # None when every training row had one class (the answer is that class)
    classes: list[int]  # class values in probability column order; 0 = not an object


def train_objects(rows: NDArray[np.float32], values: NDArray[np.int64], *, seed: int = 0) -> ObjectClassifier:
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    present = sorted(int(v) for v in np.unique(values))
    if len(present) < 2:
        return ObjectClassifier(None, present)
    model = make_pipeline(StandardScaler(), LogisticRegression(C=REGULARISATION, max_iter=400,
                                                               class_weight="balanced", random_state=seed))
    model.fit(rows, values)
    return ObjectClassifier(model, [int(c) for c in model.classes_])


def object_proba(classifier: ObjectClassifier, rows: NDArray[np.float32]) -> NDArray[np.float32]:
    """(n, classes) probabilities in `classifier.classes` order."""
    if classifier.model is None:
        return np.ones((rows.shape[0], len(classifier.classes)), np.float32)
    return np.asarray(classifier.model.predict_proba(rows), np.float32)


def decided(classes: list[int], proba: NDArray[np.float32], threshold: float,
            class_threshold: float = CLASS_THRESHOLD) -> list[tuple[int, float]]:
    """(class, confidence) per row. Not an object (0) when the object probability 1 - p(0) is under
    `threshold`; UNKNOWN when it is an object but no class has `class_threshold` of the object probability
    (many classes, few examples: the classifier cannot tell which). The confidence is p(class)."""
    answers = []
    nothing = classes.index(0) if 0 in classes else None
    for row in proba:
        objectness = 1.0 - (float(row[nothing]) if nothing is not None else 0.0)
        things = row.copy()
        if nothing is not None:
            things[nothing] = -1.0
        best = int(np.argmax(things))
        if objectness < threshold:
            answers.append((0, round(1.0 - objectness, 4)))
        elif float(row[best]) < class_threshold * objectness:
            answers.append((UNKNOWN, round(float(row[best]), 4)))
        else:
            answers.append((classes[best], round(float(row[best]), 4)))
    return answers
