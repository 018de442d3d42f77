"""Synthetic labeled images made by copy-paste from the project's own submitted labels.

Objects are cut by their exact masks from human labels (synthetic ones are never a source) and pasted onto
backgrounds: by default the project's labeled images, whose own objects stay under the pastes, so every
pixel keeps an exact label; or the assets named as backgrounds (uploaded for this), where only the pasted
objects are labeled. Each result is an asset flagged synthetic, status done (the queue, review and the
human statistics never see it), with one submitted label by the user who started the job.
"""

from collections.abc import Callable
from typing import Any

import cv2
import numpy as np
from django.contrib.auth.models import User
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import F, QuerySet

from labelplatform.assets.images import check_image
from labelplatform.assets.models import Asset, AssetStatus
from labelplatform.assets.services import asset_store
from labelplatform.dataengine.engines.copy_paste import MIN_PIXELS, Instance, cutouts, synthesize
from labelplatform.jobs.services import job_create
from labelplatform.labels.models import Label, LabelObject, LabelRevision, LabelStatus
from labelplatform.labels.selectors import labels_with_current
from labelplatform.labels.services import LabelBody, label_check, label_write
from labelplatform.masks import decode, encode
from labelplatform.prelabel.images import asset_rgb
from labelplatform.projects.models import Project

PASTES_PER_IMAGE = 6
MAX_SOURCE_LABELS = 40  # the newest human labels: objects enough, decoding bounded


def _instances(asset: Asset, revision: LabelRevision) -> list[Instance]:
    return [Instance(row.class_id, decode({"size": [asset.height, asset.width], "counts": row.counts}).astype(bool),
                     dict(row.attributes or {})) for row in revision.label_objects.all()]


def _newest_human(project: Project) -> QuerySet[Label]:
    """The labels objects are copied from: the newest submitted human ones, none of a gold asset (its image and
    reference would reach labelers and the pre-labelers' training on synthetic images)."""
    return (Label.objects.filter(asset__project=project, asset__synthetic=False, status=LabelStatus.SUBMITTED,
                                 asset__gold__isnull=True)
            .order_by("-updated_at", "-id")[:MAX_SOURCE_LABELS])


def _human_labels(project: Project) -> list[tuple[Label, LabelRevision]]:
    """The newest human labels with their current revisions and objects, in three queries."""
    return labels_with_current(_newest_human(project))


def has_objects_to_copy(project: Project, classes: list[int] | None) -> bool:
    """Whether synthetic_make finds an object to copy (of `classes` when given): one on the current revision of
    the labels it reads, as large as cutouts takes. Read from the stored areas, no mask decoded: a start checks it."""
    labels = list(_newest_human(project).values_list("pk", flat=True))
    objects = LabelObject.objects.filter(revision__label__in=labels, revision__number=F("revision__label__revision"),
                                         area__gte=MIN_PIXELS)
    if classes is not None:
        objects = objects.filter(class_id__in=classes)
    return objects.exists()


def _backgrounds(labels: list[Label], background_ids: list[int] | None,
                 project: Project) -> list[tuple[Asset, Label | None]]:
    if not background_ids:
        return [(label.asset, label) for label in labels]
    return [(asset, None) for asset in Asset.objects.filter(project=project, pk__in=background_ids).order_by("id")]


def synthetic_make(*, project: Project, user: User, count: int, classes: list[int] | None,
                   background_ids: list[int] | None, seed: int,
                   progress_step: Callable[[], Any] | None = None) -> list[Asset]:
    """`count` synthetic assets with their labels; objects of `classes` only when given."""
    sources = _human_labels(project)
    labels = [label for label, _ in sources]
    instances = {label.pk: _instances(label.asset, revision) for label, revision in sources}  # decoded once
    pool = [piece for label in labels for piece in cutouts(asset_rgb(label.asset), [
        i for i in instances[label.pk] if classes is None or i.class_id in classes])]
    if not pool:
        raise ValueError("no submitted human label has an object to copy")
    backgrounds = _backgrounds(labels, background_ids, project)
    if not backgrounds:
        raise ValueError("no background: the project has no labeled image and no background was given")
    # The background label's image-level answers (weather, time of day): still true of the composite.
    answers = {label.pk: dict(revision.classifications or {}) for label, revision in sources}
    rng = np.random.default_rng(seed)
    made: list[Asset] = []
    for index in range(count):
        background, label = backgrounds[int(rng.integers(0, len(backgrounds)))]
        under = instances[label.pk] if label is not None else []
        image, objects = synthesize(asset_rgb(background), under, pool, PASTES_PER_IMAGE, rng)
        classifications = answers[label.pk] if label is not None else {}
        made.append(_store(project, user, f"synthetic-{seed}-{index}-on-{background.pk}.png", image, objects,
                           classifications))
        if progress_step:
            progress_step()
    return made


def _store(project: Project, user: User, name: str, image: np.ndarray, objects: list[Instance],
           classifications: dict[str, Any]) -> Asset:
    ok, png = cv2.imencode(".png", cv2.cvtColor(image, cv2.COLOR_RGB2BGR))
    assert ok
    checked = check_image(png.tobytes(), name)
    written: list[str] = []
    try:
        with transaction.atomic():
            asset = asset_store(project=project, user=user, name=name, image=checked, written=written,
                                synthetic=True, status=AssetStatus.DONE)
            body = LabelBody(objects=[{"class": o.class_id, "mask": encode(o.mask), "attributes": o.attributes}
                                      for o in objects],
                             status=LabelStatus.SUBMITTED, classifications=classifications)
            label_write(asset=asset, user=user, checked=label_check(asset=asset, body=body))
            job_create(kind="thumbnails", project=project, user=user, params={"asset_ids": [asset.pk]})
    except Exception:
        for path in written:
            default_storage.delete(path)
        raise
    return asset
