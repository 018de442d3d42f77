"""Training a version of the project's data engine from its submitted labels (and synthetic ones)."""

from collections.abc import Callable
from typing import Any

from django.db.models import Max

from labelplatform.dataengine import storage
from labelplatform.dataengine.engines.engine import engine_train
from labelplatform.dataengine.examples import engine_pair, example_of, thing_classes, training_labels
from labelplatform.dataengine.models import EngineVersion
from labelplatform.labels.models import Label, LabelStatus
from labelplatform.prelabel.backends import sam_decoder
from labelplatform.projects.models import Project


def human_label_count(project: Project) -> int:
    return Label.objects.filter(asset__project=project, asset__synthetic=False, status=LabelStatus.SUBMITTED).count()


def next_version(project: Project) -> int:
    return (EngineVersion.objects.filter(project=project).aggregate(v=Max("version"))["v"] or 0) + 1


def engine_version_build(*, project: Project, job_id: int, synthetic: bool,
                         progress_step: Callable[[], Any] | None = None) -> EngineVersion:
    labels = training_labels(project, synthetic=synthetic)
    if not any(not label.asset.synthetic for label in labels):
        raise ValueError("the project has no submitted labels to train on")
    pair = engine_pair()
    examples = []
    for label in labels:
        examples.append(example_of(label, pair))
        if progress_step:
            progress_step()
    things = thing_classes(project, examples)
    model = engine_train(examples, things, sam_decoder(pair), pair.config)
    version = next_version(project)
    made = sum(label.asset.synthetic for label in labels)
    return EngineVersion.objects.create(
        project=project, version=version, file=storage.engine_save(project.pk, version, model),
        things=model.things, classes=[c for c in model.semantic.classes if c != 0],
        labels_used=human_label_count(project), synthetic_used=made,
        metrics={"job": job_id, "training_labels": len(labels) - made, "synthetic_labels": made,
                 "object_samples_per_class": model.counts, "sam": pair.version})
