"""Training a version of the project's data engine from its submitted labels (and synthetic ones)."""

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import Max

from labelplatform.dataengine import storage
from labelplatform.dataengine.engines.engine import ObjectRows, engine_train
from labelplatform.dataengine.examples import engine_pair, example_of, label_objects, thing_classes, training_labels
from labelplatform.dataengine.models import EngineVersion
from labelplatform.labels.models import Label, LabelStatus
from labelplatform.masks import Rle
from labelplatform.prelabel.backends import SamPair, sam_decoder
from labelplatform.projects.models import Project


def human_label_count(project: Project) -> int:
    return Label.objects.filter(asset__project=project, asset__synthetic=False, status=LabelStatus.SUBMITTED).count()


def next_version(project: Project) -> int:
    return (EngineVersion.objects.filter(project=project).aggregate(v=Max("version"))["v"] or 0) + 1


def label_source(label: Label, objects: list[tuple[int, Rle]], pair: SamPair) -> str:
    """What a label's object rows are made from on our side: the label's revision and objects, the asset's
    pixels and the SAM model (name and version) its embedding comes from."""
    content = hashlib.sha256(json.dumps([[c, rle["size"], rle["counts"]] for c, rle in objects]).encode())
    return json.dumps([label.pk, label.revision, content.hexdigest(), label.asset.pk, label.asset.sha256, pair.key])


@dataclass(frozen=True)
class LabelRowsCache:
    """engine_train's RowsCache: each label's object rows in the project's storage (storage.rows_path()), kept
    for the key of the label's source and the engine's side of it; any other file is made again."""
    project_id: int
    labels: list[Label]
    sources: list[str]  # label_source() of each label

    def _key(self, index: int, key: str) -> str:
        return hashlib.sha256(f"{self.sources[index]}|{key}".encode()).hexdigest()

    def load(self, index: int, key: str) -> ObjectRows | None:
        return storage.rows_load(storage.rows_path(self.project_id, self.labels[index].pk), self._key(index, key))

    def save(self, index: int, key: str, rows: ObjectRows) -> None:
        storage.rows_save(storage.rows_path(self.project_id, self.labels[index].pk), self._key(index, key), rows)


def engine_version_build(*, project: Project, job_id: int, synthetic: bool,
                         progress_step: Callable[[], Any] | None = None) -> EngineVersion:
    labels = training_labels(project, synthetic=synthetic)
    if not any(not label.asset.synthetic for label in labels):
        raise ValueError("the project has no submitted labels to train on")
    pair = engine_pair()
    examples = []
    sources = []
    for label in labels:
        objects = label_objects(label)
        examples.append(example_of(label, pair, objects))
        sources.append(label_source(label, objects, pair))
        if progress_step:
            progress_step()
    things = thing_classes(project, examples)
    model = engine_train(examples, things, sam_decoder(pair), pair.config,
                         cache=LabelRowsCache(project.pk, labels, sources))
    version = next_version(project)
    made = sum(label.asset.synthetic for label in labels)
    return EngineVersion.objects.create(
        project=project, version=version, file=storage.engine_save(project.pk, version, model),
        things=model.things, classes=[c for c in model.semantic.classes if c != 0],
        labels_used=human_label_count(project), synthetic_used=made,
        metrics={"job": job_id, "training_labels": len(labels) - made, "synthetic_labels": made,
                 "object_samples_per_class": model.counts, "sam": pair.version})
