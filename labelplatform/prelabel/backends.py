"""Pre-label backends by name: "trained", "onnx:<model id>", "http:<model id>", and the built-in "mobilesam"."""

from dataclasses import dataclass
from typing import Any, Protocol

from django.conf import settings
from django.core.files.storage import default_storage
from rest_framework.exceptions import ValidationError

from labelplatform.assets.external import asset_file_open
from labelplatform.assets.models import Asset
from labelplatform.masks import encode
from labelplatform.prelabel import storage
from labelplatform.prelabel.builtin import mobilesam
from labelplatform.prelabel.builtin.installed import BUILTIN, builtin_status
from labelplatform.prelabel.engines import http_backend, onnx_models, sam
from labelplatform.prelabel.engines.pixel_classifier import predicted_objects
from labelplatform.prelabel.engines.sam_prepared import Decoder, decoder_of
from labelplatform.prelabel.engines.sam_split import load_split
from labelplatform.prelabel.images import PREPARED, LruCache, asset_rgb
from labelplatform.prelabel.models import BackendKind, RegisteredModel, TrainedModel
from labelplatform.projects.models import Project

SESSIONS = LruCache(8)  # loaded ONNX sessions and classifiers per process, keyed by file path
SPLIT_ROLES = ("encoder_stem", "encoder_rest")  # a SamPair's files when its encoder runs in two parts


class Backend(Protocol):
    @property
    def source(self) -> str: ...

    @property
    def model_version(self) -> str: ...

    @property
    def warms_only(self) -> bool:
        """True for SAM-style models: a job computes embeddings and stores no prediction."""
        ...

    def predict(self, asset: Asset) -> list[dict[str, Any]]: ...


@dataclass
class TrainedBackend:
    model: TrainedModel
    source: str = "trained"
    warms_only: bool = False

    @property
    def model_version(self) -> str:
        return str(self.model.version)

    def predict(self, asset: Asset) -> list[dict[str, Any]]:
        classifier = SESSIONS.get_or_make(("classifier", self.model.file),
                                          lambda: storage.classifier_load(self.model.file))
        return [{"class": value, "mask": encode(mask), "score": score}
                for value, mask, score in predicted_objects(classifier, asset_rgb(asset))]


def session_of(path: str) -> Any:
    return SESSIONS.get_or_make(("onnx", path), lambda: onnx_models.load_session(storage.local_path(path)))


@dataclass
class OnnxBackend:
    model: RegisteredModel
    model_version: str = ""

    @property
    def source(self) -> str:
        return f"onnx:{self.model.pk}"

    @property
    def warms_only(self) -> bool:
        return bool(self.model.config["type"] == "sam")

    def predict(self, asset: Asset) -> list[dict[str, Any]]:
        if self.warms_only:
            sam_embedding(registered_pair(self.model), asset)  # SAM has no classes: pre-labeling warms embeddings
            return []
        objects = onnx_models.run_semantic(session_of(self.model.files["model"]), self.model.config, asset_rgb(asset))
        return [{"class": o.class_id, "mask": encode(o.mask), "score": o.score} for o in objects]


@dataclass(frozen=True)
class SamPair:
    """A SAM-family encoder + decoder, registered or built in: one embedding and decoding path for both."""

    backend: str  # "onnx:<id>" or the built-in's name
    key: str  # its embeddings folder in media storage; a built-in's includes its version
    version: str
    config: dict[str, Any]
    files: dict[str, str]  # role -> media path (registered) or absolute local path (built in)
    local: bool


def registered_pair(model: RegisteredModel) -> SamPair:
    return SamPair(f"onnx:{model.pk}", str(model.pk), "", model.config, model.files, local=False)


def builtin_pair(name: str) -> SamPair:
    """The installed model with the encoder MOBILESAM_ENCODER picks: "int8" (the default, when installed) or
    "float". Their embeddings differ, so an int8 pair's version (and embeddings folder) says so."""
    model, reason = builtin_status(name)
    if model is None:
        raise ValidationError({"backend": [reason]})
    files = {role: str(path) for role, path in model.files.items()
             if role in (*mobilesam.FLOAT_ROLES, *mobilesam.WEB_ROLES)}
    version, role = model.version, "encoder"
    if settings.MOBILESAM_ENCODER == "int8" and mobilesam.INT8_ROLE in model.files:
        role = mobilesam.INT8_ROLE
        files["encoder"] = str(model.files[role])
        version = f"{model.version}{storage.INT8_SUFFIX}"
    parts = [model.files.get(part) for part in mobilesam.part_roles(role)]
    if all(parts):  # the same encoder in two parts (the same embeddings, so the same version): run split
        files.update({part: str(path) for part, path in zip(SPLIT_ROLES, parts, strict=True)})
    return SamPair(name, storage.builtin_key(name, version), version, model.config, files, local=True)


def sam_pair_of(project: Project, backend: str) -> SamPair:
    if backend in BUILTIN:
        return builtin_pair(backend)
    kind, _, model_id = backend.partition(":")
    if kind != BackendKind.ONNX:
        raise ValidationError({"backend": [f"unknown backend {backend!r}: use 'grabcut', "
                                           f"{', '.join(repr(b) for b in BUILTIN)} or 'onnx:<SAM model id>'"]})
    model = registered_model(project, model_id, BackendKind.ONNX)
    if model.config["type"] != "sam":
        raise ValidationError({"backend": [f"model {model.pk} is a semantic model; segment needs a SAM-style one"]})
    return registered_pair(model)


def sam_session(pair: SamPair, role: str) -> Any:
    """The loaded session of `role`; the encoder of a pair with SPLIT_ROLES is a SplitEncoder of its two parts."""
    if role == "encoder" and SPLIT_ROLES[0] in pair.files:
        stem, rest = (pair.files[part] for part in SPLIT_ROLES)
        return SESSIONS.get_or_make(("onnx-split", stem, rest, pair.version),
                                    lambda: load_split(stem, rest, mobilesam.SPLIT))
    path = pair.files[role]
    if not pair.local:
        return session_of(path)
    return SESSIONS.get_or_make(("onnx-local", path, pair.version), lambda: onnx_models.load_session(path))


def sam_decoder(pair: SamPair) -> Decoder:
    """The decoder for many prompts on one embedding: the model's decoder pair (engines/sam_prepared.py: the
    image-only work once per embedding) when it has one, else its whole decoder (sam_session's)."""
    return decoder_of(pair.files, lambda role: sam_session(pair, role))


@dataclass
class SamBackend:
    """A built-in SAM-family model as a pre-label backend: a job computes embeddings, stores no prediction."""

    pair: SamPair
    warms_only: bool = True

    @property
    def source(self) -> str:
        return self.pair.backend

    @property
    def model_version(self) -> str:
        return self.pair.version

    def predict(self, asset: Asset) -> list[dict[str, Any]]:
        sam_embedding(self.pair, asset)
        return []


@dataclass
class HttpBackend:
    model: RegisteredModel
    model_version: str = ""
    warms_only: bool = False

    @property
    def source(self) -> str:
        return f"http:{self.model.pk}"

    def predict(self, asset: Asset) -> list[dict[str, Any]]:
        with asset_file_open(asset.file) as handle:
            image = handle.read()
        body = http_backend.request_body(asset_id=asset.pk, name=asset.name, width=asset.width,
                                         height=asset.height, image=image, mime_type=asset.mime_type)
        answer = http_backend.call_server(self.model.config, body)
        version = answer.get("model_version", "")
        self.model_version = version if isinstance(version, str) else str(version)
        return http_backend.mapped_objects(self.model.config, answer)


def registered_model(project: Project, model_id: str, kind: str) -> RegisteredModel:
    model = RegisteredModel.objects.filter(project=project, pk=int(model_id) if model_id.isdigit() else -1,
                                           kind=kind).first()
    if model is None:
        raise ValidationError({"backend": [f"no {kind} model {model_id} in this project (see GET projects/"
                                           f"{project.pk}/models)"]})
    return model


def resolve_backend(project: Project, name: Any) -> Backend:
    if not isinstance(name, str):
        raise ValidationError({"backend": ["must be 'trained', 'onnx:<model id>' or 'http:<model id>'"]})
    if name in BUILTIN:
        return SamBackend(builtin_pair(name))
    if name == "trained":
        model = TrainedModel.objects.filter(project=project).order_by("-version").first()
        if model is None:
            raise ValidationError({"backend": ["the project has no trained model yet: submit labels and "
                                               f"POST projects/{project.pk}/prelabel/train"]})
        return TrainedBackend(model)
    kind, _, model_id = name.partition(":")
    if kind == BackendKind.ONNX:
        return OnnxBackend(registered_model(project, model_id, BackendKind.ONNX))
    if kind == BackendKind.HTTP:
        return HttpBackend(registered_model(project, model_id, BackendKind.HTTP))
    raise ValidationError({"backend": [f"unknown backend {name!r}: use 'trained', 'onnx:<model id>' or "
                                       "'http:<model id>'"]})


def sam_embedding(pair: SamPair, asset: Asset) -> Any:
    """The encoder's embedding of the asset: memory, then media storage, else computed and stored."""
    path = storage.embedding_path(pair.key, asset.pk, asset.sha256)

    def load_or_compute() -> Any:
        embedding = storage.embedding_load(path)
        if embedding is None:
            original = (asset.height, asset.width)
            input_h, input_w = sam.encoder_input_size(pair.config, *original)
            pixels = sam.sam_input(pair.config, asset_rgb(asset, at_least=(input_w, input_h)), original)
            embedding = sam.sam_embed_input(sam_session(pair, "encoder"), pair.config, pixels)  # decoded image freed
            storage.embedding_save(path, embedding)
        return embedding

    return PREPARED.get_or_make(("embedding", pair.key, asset.pk, asset.sha256), load_or_compute)


def sam_embedding_ready(pair: SamPair, asset: Asset) -> bool:
    key = ("embedding", pair.key, asset.pk, asset.sha256)
    return key in PREPARED or default_storage.exists(storage.embedding_path(pair.key, asset.pk, asset.sha256))
