"""Starting the data engine's jobs: training, pre-labeling and synthesis (checked here, run by handlers.py)."""

from django.contrib.auth.models import User
from django.db import transaction
from rest_framework.exceptions import ValidationError

from labelplatform.assets.models import Asset
from labelplatform.dataengine.models import EngineVersion
from labelplatform.dataengine.synthesis import MAX_SOURCE_LABELS, has_objects_to_copy
from labelplatform.dataengine.training import human_label_count
from labelplatform.jobs.broker import broker_check
from labelplatform.jobs.models import Job, JobStatus
from labelplatform.jobs.services import job_create
from labelplatform.labels.models import Label, LabelStatus
from labelplatform.prelabel.builtin import mobilesam
from labelplatform.prelabel.builtin.installed import builtin_status
from labelplatform.projects.models import Project
from labelplatform.projects.selectors import ontology_current

TRAIN_KIND = "dataengine_train"
PRELABEL_KIND = "dataengine_prelabel"
SYNTHESIZE_KIND = "dataengine_synthesize"
RETRAIN_EVERY = 5  # new human labels before the next version (project.settings["dataengine_retrain_every"])
MAX_SYNTHETIC = 500  # per job: a job of about one worker-minute per 50 images


def _model_installed() -> None:
    model, reason = builtin_status(mobilesam.NAME)
    if model is None:
        raise ValidationError({"detail": f"the data engine needs the built-in MobileSAM: {reason}"})


def _labels_needed(project: Project) -> None:
    if human_label_count(project) == 0:
        raise ValidationError({"detail": "the project has no submitted labels to train on"})


def _real_assets_check(project: Project, asset_ids: list[int], field: str) -> None:
    """A 400 on `field` naming the ids that are not real (non-synthetic) assets of the project."""
    found = set(Asset.objects.filter(project=project, synthetic=False, pk__in=asset_ids).values_list("pk", flat=True))
    missing = sorted(set(asset_ids) - found)
    if missing:
        raise ValidationError({field: [f"not real assets of this project: {missing[:20]}"]})


def _classes_check(project: Project, class_ids: list[int]) -> None:
    """A 400 naming the ids that are not active classes of the project's ontology (another project's class, an
    archived or unknown one): the job would only fail later with nothing to copy."""
    active = {c["id"] for c in ontology_current(project).document["classes"] if not c.get("archived")}
    unknown = sorted(set(class_ids) - active)
    if unknown:
        raise ValidationError({"classes": [f"not active classes of this project's ontology: {unknown[:20]}"]})


def _objects_to_copy_check(project: Project, classes: list[int] | None) -> None:
    """The job's own check (synthesis.synthetic_make), made before it is created: a 400, not a failed job."""
    if has_objects_to_copy(project, classes or None):
        return
    if classes:
        raise ValidationError({"classes": [
            f"no object of classes {sorted(set(classes))[:20]} in the newest {MAX_SOURCE_LABELS} submitted human "
            "labels, which synthesis copies from"]})
    raise ValidationError({"detail": "no submitted human label has an object to copy"})


def engine_train_start(*, project: Project, user: User | None, synthetic: bool) -> Job:
    _model_installed()
    _labels_needed(project)
    broker_check()
    return job_create(kind=TRAIN_KIND, project=project, user=user, params={"synthetic": synthetic})


def engine_prelabel_start(*, project: Project, user: User, asset_ids: list[int] | None) -> Job:
    _model_installed()
    if not EngineVersion.objects.filter(project=project).exists():
        raise ValidationError({"detail": "train the data engine first (no version yet)"})
    if asset_ids is not None:
        _real_assets_check(project, asset_ids, "assets")
    broker_check()
    return job_create(kind=PRELABEL_KIND, project=project, user=user, params={"asset_ids": asset_ids})


def synthesize_start(*, project: Project, user: User, count: int, classes: list[int] | None,
                     backgrounds: list[int] | None, seed: int) -> Job:
    if not 1 <= count <= MAX_SYNTHETIC:
        raise ValidationError({"count": [f"from 1 to {MAX_SYNTHETIC}"]})
    _labels_needed(project)
    if classes:
        _classes_check(project, classes)
    if backgrounds:
        _real_assets_check(project, backgrounds, "backgrounds")
    _objects_to_copy_check(project, classes)
    broker_check()
    return job_create(kind=SYNTHESIZE_KIND, project=project, user=user,
                      params={"count": count, "classes": classes, "backgrounds": backgrounds, "seed": seed})


def engine_maybe_retrain(project: Project) -> Job | None:
    """A new version once `dataengine_retrain_every` human labels came in since the newest one. Only for
    projects that trained a first version (a manager opted in); call after a label submit."""
    every = project.settings.get("dataengine_retrain_every", RETRAIN_EVERY)
    if not isinstance(every, int) or isinstance(every, bool) or every <= 0:
        return None
    created_at = project.engine_trained_at  # kept by receivers.py: no query for a project never trained
    if created_at is None:
        return None
    # Bounded like prelabel.maybe_retrain: up to `every` labels submitted since that version, never
    # a count of the whole project on every save.
    since = Label.objects.filter(asset__project=project, asset__synthetic=False, status=LabelStatus.SUBMITTED,
                                 updated_at__gt=created_at).values_list("pk", flat=True)[:every]
    if len(since) < every:
        return None
    if Job.objects.filter(kind=TRAIN_KIND, project=project, status__in=[JobStatus.QUEUED, JobStatus.RUNNING]).exists():
        return None
    synthetic_used = (EngineVersion.objects.filter(project=project).order_by("-version")
                      .values_list("synthetic_used", flat=True).first())
    with transaction.atomic():
        return job_create(kind=TRAIN_KIND, project=project, user=None,
                          params={"synthetic": bool(synthetic_used), "automatic": True})


def engine_trained_at_refresh(project_id: int) -> None:
    """Project.engine_trained_at from the project's newest version, after a version is made or deleted."""
    newest = (EngineVersion.objects.filter(project_id=project_id).order_by("-version")
              .values_list("created_at", flat=True).first())
    Project.objects.filter(pk=project_id).update(engine_trained_at=newest)
