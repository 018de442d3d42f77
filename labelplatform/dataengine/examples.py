"""A project's submitted labels as the engine's training examples (pixels, class map, objects, embedding)."""

from typing import Any

import numpy as np

from labelplatform.assets.models import Asset
from labelplatform.dataengine.engines.engine import Example
from labelplatform.labels.models import Label, LabelObject, LabelStatus
from labelplatform.masks import Rle, decode, index_mask_from_objects
from labelplatform.prelabel.acceptance import object_rles
from labelplatform.prelabel.backends import SamPair, builtin_pair, sam_embedding
from labelplatform.prelabel.builtin import mobilesam
from labelplatform.prelabel.images import asset_rgb
from labelplatform.projects.models import Project
from labelplatform.projects.selectors import ontology_current

MAX_TRAINING_LABELS = 40  # the newest human labels; synthetic ones are capped the same way
THING_MAX_AREA = 0.08  # with no kinds in the ontology, a class whose objects' median area is under this share
# of the image is a thing (cars, people, cells); larger ones (road, sky, background) are stuff


def engine_pair() -> SamPair:
    """The built-in MobileSAM: its embeddings are the ones the editor already caches per asset."""
    return builtin_pair(mobilesam.NAME)


def label_objects(label: Label) -> list[tuple[int, Rle]]:
    asset: Asset = label.asset
    rows = LabelObject.objects.filter(revision__label=label, revision__number=label.revision)
    return object_rles(list(rows), asset.height, asset.width)


def training_labels(project: Project, *, synthetic: bool) -> list[Label]:
    # Gold assets are held out: a model that saw the reference would pre-label the asset with it.
    labels = (Label.objects.filter(asset__project=project, status=LabelStatus.SUBMITTED, asset__gold__isnull=True)
              .select_related("asset").order_by("-updated_at", "-id"))
    human = list(labels.filter(asset__synthetic=False)[:MAX_TRAINING_LABELS])
    made = list(labels.filter(asset__synthetic=True)[:MAX_TRAINING_LABELS]) if synthetic else []
    return human + made


def example_of(label: Label, pair: SamPair, objects: list[tuple[int, Rle]] | None = None) -> Example:
    """`objects`: label_objects(label) when the caller has them already."""
    asset = label.asset
    objects = label_objects(label) if objects is None else objects
    classes = index_mask_from_objects(objects, asset.height, asset.width)
    instances = [(class_id, decode(rle).astype(bool)) for class_id, rle in objects]
    return Example(asset_rgb(asset), classes, instances, np.asarray(sam_embedding(pair, asset)),
                   ident=asset.pk)


def thing_classes(project: Project, examples: list[Example]) -> list[int]:
    """project.settings["dataengine_things"] when set (class ids), else the ontology's classes of kind
    "thing", else (no class has a kind) those whose objects' median area is small."""
    chosen: Any = project.settings.get("dataengine_things")
    if isinstance(chosen, list) and all(isinstance(c, int) and not isinstance(c, bool) for c in chosen):
        return sorted(chosen)
    classes = ontology_current(project).document["classes"]
    if any("kind" in c for c in classes):
        return sorted(c["id"] for c in classes if c.get("kind") == "thing" and not c.get("archived"))
    shares: dict[int, list[float]] = {}
    for example in examples:
        pixels = example.classes.size
        for class_id, mask in example.instances:
            shares.setdefault(class_id, []).append(np.count_nonzero(mask) / pixels)
    return sorted(c for c, values in shares.items() if float(np.median(values)) < THING_MAX_AREA)
