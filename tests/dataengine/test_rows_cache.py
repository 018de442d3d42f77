"""Retraining with each label's object rows kept (dataengine/storage.py): the real MobileSAM, a database and
media storage. A second training of the same labels runs no SAM decoder and gives the same pre-labels; a
changed label, a corrupt file or one made for another label are made again; the files leave with the project."""

import numpy as np
import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from labelplatform.dataengine import storage
from labelplatform.dataengine.engines import candidates
from labelplatform.dataengine.engines.engine import engine_predict
from labelplatform.dataengine.examples import engine_pair
from labelplatform.dataengine.training import engine_version_build
from labelplatform.flows.label_save import label_create, label_update
from labelplatform.labels.models import Label, LabelStatus
from labelplatform.labels.services import LabelBody
from labelplatform.masks import encode
from labelplatform.prelabel.backends import sam_session
from labelplatform.projects.models import Project
from tests.dataengine.scenes import CAR, ROAD, street

pytestmark = pytest.mark.django_db


def body(classes: np.ndarray, cars: list[np.ndarray]) -> LabelBody:
    objects = [{"class": CAR, "mask": encode(m), "attributes": {"occluded": "no"}} for m in cars]
    objects.append({"class": ROAD, "mask": encode(classes == ROAD)})
    return LabelBody(objects=objects, status=LabelStatus.SUBMITTED, classifications={"weather": "sun"})


@pytest.fixture
def counted(monkeypatch):  # type: ignore[no-untyped-def]
    """The decoder runs and the row files written during a training (the real functions run)."""
    seen = {"runs": 0, "saved": []}
    run, save = candidates.decoder_outputs, storage.rows_save

    def counting_run(*args, **kwargs):  # type: ignore[no-untyped-def]
        seen["runs"] += 1
        return run(*args, **kwargs)

    def recording_save(path, key, rows):  # type: ignore[no-untyped-def]
        seen["saved"].append(path)
        save(path, key, rows)

    monkeypatch.setattr(candidates, "decoder_outputs", counting_run)
    monkeypatch.setattr(storage, "rows_save", recording_save)

    def reset() -> dict:  # type: ignore[type-arg]
        seen["runs"], seen["saved"] = 0, []
        return seen

    return reset


@pytest.fixture
def labeled(project, users, upload, installed):  # type: ignore[no-untyped-def]
    labels = []
    for seed in (1, 2, 3):
        image, classes, cars = street(seed)
        labels.append(label_create(asset=upload(image, f"{seed}.png"), user=users["labeler"],
                                   body=body(classes, cars), through_queue=False).label)
    return labels


def prelabels(version, image: np.ndarray, embedding: np.ndarray):  # type: ignore[no-untyped-def]
    pair = engine_pair()
    answer = engine_predict(storage.engine_load(version.file), image, embedding, sam_session(pair, "decoder"),
                            pair.config)
    return answer.class_map, [(o.class_id, o.score, encode(o.mask)["counts"]) for o in answer.objects]


@pytest.fixture
def fresh(upload):  # type: ignore[no-untyped-def]
    from labelplatform.prelabel.backends import sam_embedding

    image, _, _ = street(9)
    return image, np.asarray(sam_embedding(engine_pair(), upload(image, "fresh.png")))


def same(a, b) -> bool:  # type: ignore[no-untyped-def]
    return bool(np.array_equal(a[0], b[0]) and a[1] == b[1])


def test_a_retraining_of_the_same_labels_decodes_nothing_and_predicts_the_same(project, labeled, counted, fresh):
    first_seen = counted()
    first = engine_version_build(project=project, job_id=1, synthetic=False)
    assert first_seen["runs"] >= 3 * 2 and len(first_seen["saved"]) == 3  # every label's rows made and kept
    assert sorted(first_seen["saved"]) == sorted(storage.rows_path(project.pk, label.pk) for label in labeled)
    second_seen = counted()
    second = engine_version_build(project=project, job_id=2, synthetic=False)
    assert second_seen["runs"] == 0 and second_seen["saved"] == []
    assert first.metrics["object_samples_per_class"] == second.metrics["object_samples_per_class"]
    assert any(c == CAR for c, _, _ in prelabels(first, *fresh)[1])
    assert same(prelabels(first, *fresh), prelabels(second, *fresh))


def test_a_changed_label_and_a_broken_file_are_made_again(project, users, labeled, counted, fresh):
    engine_version_build(project=project, job_id=1, synthetic=False)
    changed, broken, foreign = labeled
    image, classes, cars = street(4)  # the first label's asset now labeled with another scene's (one car less)
    label_update(label=changed, user=users["labeler"], body=body(classes, cars[:1]), edited=changed.revision)
    with default_storage.open(storage.rows_path(project.pk, broken.pk), "wb") as handle:
        handle.write(b"PK\x03\x04 not an archive")
    with default_storage.open(storage.rows_path(project.pk, labeled[0].pk), "rb") as handle:
        other = handle.read()  # a readable file made for another label (and revision)
    default_storage.delete(storage.rows_path(project.pk, foreign.pk))
    with default_storage.open(storage.rows_path(project.pk, foreign.pk), "wb") as handle:
        handle.write(other)
    seen = counted()
    made = engine_version_build(project=project, job_id=2, synthetic=False)
    assert seen["runs"] > 0
    assert sorted(seen["saved"]) == sorted(storage.rows_path(project.pk, label.pk) for label in labeled)
    # made again, the rows are what a training with nothing kept makes
    for label in labeled:
        default_storage.delete(storage.rows_path(project.pk, label.pk))
    counted()
    again = engine_version_build(project=project, job_id=3, synthetic=False)
    assert same(prelabels(made, *fresh), prelabels(again, *fresh))
    assert made.metrics["object_samples_per_class"] == again.metrics["object_samples_per_class"]
    # and the changed label's file holds the new revision's rows: nothing is made on the next training
    assert Label.objects.get(pk=changed.pk).revision == changed.revision + 1
    seen = counted()
    engine_version_build(project=project, job_id=4, synthetic=False)
    assert seen["runs"] == 0


def test_the_engine_files_leave_with_the_project(project, labeled, django_capture_on_commit_callbacks):
    version = engine_version_build(project=project, job_id=1, synthetic=False)
    paths = [version.file] + [storage.rows_path(project.pk, label.pk) for label in labeled]
    assert all(default_storage.exists(p) for p in paths)
    other = Project.objects.create(name="Other")
    kept = storage.rows_path(other.pk, labeled[0].pk)
    default_storage.save(kept, ContentFile(b"another project's file"))
    with django_capture_on_commit_callbacks(execute=True):
        project.delete()
    assert not any(default_storage.exists(p) for p in paths)
    assert default_storage.exists(kept)


def test_row_files_on_s3_are_replaced_checked_and_deleted_with_the_project(s3_media, s3_endpoint, project,
                                                                           django_capture_on_commit_callbacks):
    from labelplatform.dataengine.engines.engine import ObjectRows
    from tests.stack.s3 import keys

    rng = np.random.default_rng(0)
    rows = ObjectRows(rng.normal(size=(5, 270)).astype(np.float32), np.asarray([1, 1, 0, 0, 2], np.int64))
    path = storage.rows_path(project.pk, 7)
    storage.rows_save(path, "revision 1", rows)
    newer = ObjectRows(rows.rows[:2], rows.values[:2])
    storage.rows_save(path, "revision 2", newer)  # the label's newer rows replace the file
    assert keys(s3_endpoint, s3_media, "dataengine/") == [path]
    kept = storage.rows_load(path, "revision 2")
    assert kept is not None and np.array_equal(kept.rows, newer.rows) and np.array_equal(kept.values, newer.values)
    assert storage.rows_load(path, "revision 1") is None  # made for another key
    assert storage.rows_load(storage.rows_path(project.pk, 8), "revision 1") is None  # missing
    default_storage.delete(path)
    default_storage.save(path, ContentFile(b"not an archive"))
    assert storage.rows_load(path, "revision 2") is None  # unreadable
    with django_capture_on_commit_callbacks(execute=True):
        project.delete()
    assert keys(s3_endpoint, s3_media, "dataengine/") == []
