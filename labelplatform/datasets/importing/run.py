"""Running an import: read the tree, resolve classes, then each item becomes an asset and a label.

Each item is its own unit: a bad file is reported with its name and reason
and the import goes on. Nothing stored before is changed: images already in
the project (same bytes) are reused, and an asset that already has a label by
the importing user keeps it (reported as skipped), so a retried job is safe.
"""

import shutil
from pathlib import Path
from typing import Any

from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.exceptions import ValidationError

from labelplatform.assets.images import ImageRejected, check_image
from labelplatform.assets.models import Asset
from labelplatform.assets.services import assets_upload
from labelplatform.common import files
from labelplatform.common.errors import Conflict
from labelplatform.common.json_limits import bad_text_path, printable
from labelplatform.datasets.importing.classes import ClassResolver
from labelplatform.datasets.importing.items import ImportItem, ImportObject, Reader, stem
from labelplatform.datasets.importing.readers import READERS, detect
from labelplatform.datasets.importing.readers_sequence import SEQUENCE_READERS, SequenceReader, detect_sequence
from labelplatform.datasets.importing.sequence_target import SequenceTarget
from labelplatform.datasets.importing.sources import SourceError, Tree, fetch_urls, tree_from_file, tree_from_folder
from labelplatform.flows.label_save import label_create, retrain_check_once
from labelplatform.jobs.models import Job
from labelplatform.jobs.progress import Progress
from labelplatform.jobs.scratch import job_scratch
from labelplatform.labels.services import LabelBody
from labelplatform.masks import MaskError, area, draw_behind_rle, find_overlaps
from labelplatform.projects.models import Project

MAX_REPORTED_ERRORS = 1000  # the result stays small; error_count still counts them all


class ImportReport:
    def __init__(self, fmt: str) -> None:
        self.counts = {"images_created": 0, "images_existing": 0, "labels_created": 0, "predictions_created": 0,
                       "objects": 0, "objects_trimmed": 0, "objects_unknown_class": 0, "skipped": 0,
                       "images_without_labels": 0}
        self.format, self.errors, self.error_count = fmt, [], 0  # type: ignore[var-annotated]

    def error(self, source: str, reason: Any) -> None:
        self.error_count += 1
        if len(self.errors) < MAX_REPORTED_ERRORS:  # file names and values come from the files: escaped
            self.errors.append({"file": printable(source), "reason": printable(_reason(reason))})


def _reason(exc: Any) -> str:
    if isinstance(exc, ValidationError):
        detail: Any = exc.detail  # nested lists and dicts of messages
        while isinstance(detail, (list, dict)) and detail:
            detail = next(iter(detail.values())) if isinstance(detail, dict) else detail[0]
        return str(detail)
    return str(exc)


def open_tree(job: Job, scratch: Path, report: ImportReport) -> Tree:
    params = job.params
    if params.get("path"):
        return tree_from_folder(Path(params["path"]))
    if params.get("urls"):
        tree, errors = fetch_urls(params["urls"], scratch)
        for error in errors:
            report.error(error["file"], error["reason"])
        return tree
    return tree_from_file(files.local_copy(params["file"], scratch), params["file_name"])


def import_run(job: Job, progress: Progress) -> dict[str, Any]:
    assert job.project is not None
    scratch = job_scratch(job)  # removed below, or by the job's end when this worker is killed
    report = ImportReport(job.params.get("format", "auto"))
    tree = Tree()
    try:
        tree = open_tree(job, scratch, report)
        tree.scratch = scratch
        target = None
        if job.params.get("sequence"):
            target = SequenceTarget(job.params["sequence"], job.params.get("track_classes") or {})
            report.format = detect_sequence(tree) if report.format == "auto" else report.format
            reader: Reader = SEQUENCE_READERS[report.format]()
        else:
            report.format = detect(tree) if report.format == "auto" else report.format
            reader = READERS[report.format]()
        resolver = ClassResolver(job.project, job.created_by, add=bool(job.params.get("add_classes")))
        readable = True
        try:
            if target is not None and isinstance(reader, SequenceReader):
                reader.folder = target.choose_folder(reader, tree)
            resolver.prepare(reader.classes(tree))
        except (SourceError, MaskError) as exc:
            report.error("(sequence)" if target is not None else "(class list)", exc)
            readable = target is None  # no sequence of the file to read: nothing is imported
        items = list(reader.items(tree)) if readable else []
        progress.set_total(len(items))
        importer = ItemImporter(job, tree, resolver, report, target)
        with retrain_check_once(job.project):
            for item in items:
                importer.run(item)
                progress.advance()
    finally:
        tree.close()
        shutil.rmtree(scratch, ignore_errors=True)
    return {"format": report.format, **report.counts, "unknown_classes": sorted(resolver.unknown),
            "classes_added": resolver.added, "error_count": report.error_count, "errors": report.errors}


class ItemImporter:
    def __init__(self, job: Job, tree: Tree, resolver: ClassResolver, report: ImportReport,
                 target: SequenceTarget | None = None) -> None:
        self.job, self.tree, self.resolver, self.report, self.target = job, tree, resolver, report, target
        if job.project is None or job.created_by is None:
            raise ValueError("an import job names its project and who started it")
        self.project: Project = job.project
        self.user: User = job.created_by
        self.by_name: dict[str, int] = {}
        self.by_stem: dict[str, int] = {}
        for asset_id, name in Asset.objects.filter(project=self.project).values_list("id", "name").order_by("-id"):
            self.by_name[name], self.by_stem[stem(name)] = asset_id, asset_id

    def run(self, item: ImportItem) -> None:
        if item.error is not None:
            self.report.error(item.source, item.error)
            return
        try:
            asset = self._asset(item)
            if asset is None or item.build is None:
                return
            objects, classifications = item.build(asset.height, asset.width)
            _refuse_bad_text(objects, classifications)
            self._store(item, asset, objects, classifications)
        except (ValidationError, MaskError, SourceError, ImageRejected, ValueError, KeyError, TypeError) as exc:
            self.report.error(item.source, exc)

    def _asset(self, item: ImportItem) -> Asset | None:
        if item.frame is not None and self.target is not None:
            return Asset.objects.get(pk=self.target.asset_of(item.frame))
        if item.image is None:
            found = self.by_name.get(item.image_name) or self.by_stem.get(stem(item.image_name))
            if found is None:
                raise SourceError(f"no image {item.image_name!r} in the import or the project")
            return Asset.objects.get(pk=found)
        raw = self.tree.read(item.image)
        name = item.image.rsplit("/", 1)[-1]
        checked = check_image(raw, name)  # the upload checks, so the error names the file and reason
        existing = Asset.objects.filter(project=self.project, sha256=checked.sha256).first()
        if existing is not None:
            self.report.counts["images_existing"] += 1
            return existing
        asset = assets_upload(project=self.project, user=self.user, files=[SimpleUploadedFile(name, raw)])[0]
        self.report.counts["images_created"] += 1
        self.by_name[asset.name], self.by_stem[stem(asset.name)] = asset.pk, asset.pk
        return asset

    def _store(self, item: ImportItem, asset: Asset, objects: list[ImportObject],
               classifications: dict[str, Any]) -> None:
        known = []
        for obj in objects:
            ref = self.target.class_ref(obj) if self.target is not None else obj.class_ref
            if self.target is not None and ref is None:
                class_id = None
                self.resolver.unknown.add(f"track {obj.track} (no class in the file, the mapping or the track)")
            else:
                class_id = self.resolver.resolve(ref)
            if class_id is None:
                self.report.counts["objects_unknown_class"] += 1
            else:
                known.append((class_id, obj))
        if self.job.params.get("predictions"):
            self._store_prediction(asset, known)
            return
        if not known and not classifications:
            self.report.counts["images_without_labels"] += 1  # nothing to label: no empty label is made
            return
        masks, trimmed = _without_overlaps([o.mask for _, o in known])
        self.report.counts["objects_trimmed"] += trimmed
        body = [{"class": class_id, "mask": mask, "attributes": obj.attributes, "track": obj.track}
                for (class_id, obj), mask in zip(known, masks, strict=True) if mask is not None]
        try:
            status = self.job.params.get("status", "submitted")
            label_create(asset=asset, user=self.user, body=LabelBody(
                objects=body, classifications=classifications, status=status, time_spent_s=0.0), through_queue=False)
        except Conflict:
            self.report.counts["skipped"] += 1
            self.report.error(item.source, f"asset {asset.pk} already has a label by {self.user}; left as it was")
            return
        self.report.counts["labels_created"] += 1
        self.report.counts["objects"] += len(body)

    def _store_prediction(self, asset: Asset, known: list[tuple[int, ImportObject]]) -> None:
        from labelplatform.prelabel.services import LEAST_CONFIDENT, prediction_priorities_set, prediction_store

        prediction_store(asset=asset, source=self.job.params.get("source") or "import",
                         model_version=self.job.params.get("model_version", ""),
                         objects=[{"class": cid, "mask": o.mask, "score": o.score, "track": o.track}
                                  for cid, o in known])
        if self.target is not None:  # a tracker's frames, like propagated ones: least confident first
            prediction_priorities_set(project=self.project, asset_ids=[asset.pk], default=LEAST_CONFIDENT)
        self.report.counts["predictions_created"] += 1
        self.report.counts["objects"] += len(known)


def _refuse_bad_text(objects: list[ImportObject], classifications: dict[str, Any]) -> None:
    """A file's text the label would store, checked before anything of the item is written: a NUL or
    a lone surrogate is this item's error, naming the place, never the database's."""
    found = bad_text_path({"objects": [{"attributes": o.attributes} for o in objects],
                           "classifications": classifications})
    if found is not None:
        raise SourceError(f"{found[0]}: {found[1]}")


def _without_overlaps(masks: list[Any]) -> tuple[list[Any], int]:
    """Labels never overlap: where files do (polygons, COCO), earlier objects keep shared pixels."""
    if not find_overlaps(masks):
        return masks, 0
    kept: list[Any] = []
    result: list[Any] = []
    trimmed = 0
    for mask in masks:
        if kept:
            behind = draw_behind_rle(kept, mask)
            if behind["counts"] != mask["counts"]:
                trimmed += 1
            mask = behind
        if area(mask) == 0:
            result.append(None)
            continue
        kept.append(mask)
        result.append(mask)
    return result, trimmed

