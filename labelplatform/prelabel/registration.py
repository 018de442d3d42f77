"""Registering a customer's model: the config is checked, ONNX files are loaded once before we keep them."""

from typing import Any

from django.contrib.auth.models import User
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from rest_framework.exceptions import NotFound, ValidationError

from labelplatform.common.errors import Conflict
from labelplatform.common.parsers import parse_json
from labelplatform.jobs.models import Job, JobStatus
from labelplatform.prelabel import storage
from labelplatform.prelabel.engines import onnx_models
from labelplatform.prelabel.engines.http_backend import check_http_config
from labelplatform.prelabel.engines.onnx_config import ConfigError, check_onnx_config
from labelplatform.prelabel.engines.sam import check_sam_pair
from labelplatform.prelabel.models import BackendKind, RegisteredModel
from labelplatform.projects.models import Project
from labelplatform.projects.selectors import active_class_ids, ontology_current

MAX_MODEL_BYTES = 1024 * 1024 * 1024  # a SAM ViT-H encoder is about 2.5 GB; ship smaller or use HTTP
FILE_ROLES = {"semantic": ("model",), "sam": ("encoder", "decoder")}


def _parse_config(raw: Any) -> Any:
    if isinstance(raw, dict):
        return raw
    if not isinstance(raw, str | bytes):
        raise ValidationError({"config": ["must be a JSON object"]})
    return parse_json(raw, "config")  # a multipart field: the same depth and text checks as a JSON body


def _read(upload: UploadedFile, role: str) -> bytes:
    if upload.size is not None and upload.size > MAX_MODEL_BYTES:
        raise ValidationError({role: [f"file is over the {MAX_MODEL_BYTES} byte limit"]})
    upload.seek(0)
    data: bytes = upload.read()
    return data


def _check_onnx_files(config: dict[str, Any], paths: dict[str, str]) -> None:
    """Load each file with onnxruntime and check the configured tensor names exist."""
    try:
        if config["type"] == "semantic":
            session = onnx_models.load_session(storage.local_path(paths["model"]))
            onnx_models.check_tensor_names(session, [config["input"]["name"]], [config["output"]["name"]], "model")
        else:
            encoder = onnx_models.load_session(storage.local_path(paths["encoder"]))
            decoder = onnx_models.load_session(storage.local_path(paths["decoder"]))
            check_sam_pair(encoder, decoder, config)
    except onnx_models.ModelRunError as exc:
        raise ValidationError({"files": [str(exc)]}) from None


def model_register(
    *, project: Project, user: User, name: str, kind: str, config: Any, files: dict[str, UploadedFile]
) -> RegisteredModel:
    """All or nothing: a bad config or file stores no row and keeps no file."""
    document = _parse_config(config)
    try:
        if kind == BackendKind.HTTP:
            checked = check_http_config(document)
        elif kind == BackendKind.ONNX:
            checked = check_onnx_config(document, active_class_ids(ontology_current(project)))
        else:
            raise ValidationError({"kind": ["must be 'onnx' or 'http'"]})
    except ConfigError as exc:
        raise ValidationError({"config": [str(exc)]}) from None
    roles = FILE_ROLES[checked["type"]] if kind == BackendKind.ONNX else ()
    missing = [role for role in roles if role not in files]
    if missing:
        raise ValidationError({"files": [f"send the ONNX file(s) in multipart field(s): {', '.join(missing)}"]})
    paths: dict[str, str] = {}
    try:
        for role in roles:
            paths[role] = storage.onnx_save(project.pk, _read(files[role], role))
        if kind == BackendKind.ONNX:
            _check_onnx_files(checked, paths)
        with transaction.atomic():
            return RegisteredModel.objects.create(project=project, name=name, kind=kind, config=checked,
                                                  files=paths, created_by=user)
    except Exception:
        for path in paths.values():
            default_storage.delete(path)
        raise


def model_delete(*, project: Project, model_id: int) -> None:
    """Forget a registered model: its row now, its ONNX files and cached embeddings once that commits.

    Refused (409) while a job that runs it (pre-labels or SAM embeddings) is queued or running.
    Predictions it made stay, with their source naming it."""
    with transaction.atomic():
        model = RegisteredModel.objects.select_for_update().filter(project=project, pk=model_id).first()
        if model is None:
            raise NotFound(f"no registered model {model_id} in this project")
        backend = f"{model.kind}:{model.pk}"
        busy = Job.objects.filter(project=project, kind="prelabel", params__backend=backend,
                                  status__in=[JobStatus.QUEUED, JobStatus.RUNNING]).values_list("pk", flat=True)
        if busy:
            raise Conflict(f"job {busy[0]} runs {backend}; delete the model when the job ends")
        paths = list(model.files.values())
        model.delete()
        transaction.on_commit(lambda: storage.model_files_delete(model_id, paths))
